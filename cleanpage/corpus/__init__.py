"""Corpus-scale running: reading and writing corpus formats (JSONL, WARC, Parquet) as
streams of documents, and cleaning them in an ordered, bounded process pool.

Nothing here is imported by the cleaning pipeline itself; the CLI and the integrations
build on it.
"""

"""cleanpage: remove injected spam, pinyin annotations, mojibake and portal boilerplate
from scraped Chinese web pages, surgically and with every change explained.

>>> import cleanpage
>>> result = cleanpage.clean("标题\\n\\n正文第一段。")
>>> result.text
'标题\\n正文第一段。'
"""

from __future__ import annotations

from functools import lru_cache

from .cleaner import Cleaner
from .result import Edit, Result, Segment, apply_edits, rebuild_source
from .sites import RuleError, RuleSet, SiteRule

__version__ = "0.1.0"
# Is this the compiled build (docs/performance.md, "Compiled build")? Its modules are
# extension modules, not the .py files beside them.
COMPILED = not __file__.endswith(".py")


@lru_cache(maxsize=1)
def _default_cleaner() -> Cleaner:
    return Cleaner()


def clean(
    page: str | bytes,
    *,
    url: str | None = None,
    site: str | None = None,
    encoding: str | None = None,
    html: bool | None = None,
) -> Result:
    """Clean one page (text or HTML, str or bytes in any common Chinese encoding).

    ``url`` lets a site rule match by host; ``site`` forces a rule by name; ``encoding``
    is a charset you know for bytes (an HTTP header's), tried first but overruled when
    the bytes plainly say otherwise; ``html`` reads the page as HTML (True) or text
    (False) instead of recognising it. Never raises on page content; raises
    ``KeyError`` for an unknown ``site`` name.
    """
    return _default_cleaner().clean(page, url=url, site=site, encoding=encoding, html=html)


__all__ = [
    "COMPILED",
    "Cleaner",
    "Edit",
    "Result",
    "RuleError",
    "RuleSet",
    "Segment",
    "SiteRule",
    "__version__",
    "apply_edits",
    "clean",
    "rebuild_source",
]

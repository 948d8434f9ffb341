"""The built-in detectors, in the order the default :class:`~cleanpage.Cleaner` runs them."""

from __future__ import annotations

from .author import AuthorBoxDetector
from .base import Detector
from .breadcrumb import BreadcrumbDetector
from .byteshift import ByteShiftDetector
from .codec import CodecMojibakeDetector
from .comments import CommentThreadDetector
from .disclaimer import DisclaimerDetector
from .footer import FooterZoneDetector
from .frame import PageFrameDetector
from .navigation import NavigationDetector
from .nontext import NonTextDetector
from .pinyin import PinyinDetector
from .promo import PromoDetector
from .publish_meta import PublishMetaDetector
from .punctuation import PunctuationDetector
from .related import RelatedListDetector
from .residue import ResidueDetector
from .share import ShareWidgetDetector
from .spam import SpamDetector


def default_detectors() -> list[Detector]:
    """Repairs first; then detectors that judge one line; then the structural ones
    (a related list, the footer zone), which see the lines already dropped."""
    return [
        CodecMojibakeDetector(),
        NonTextDetector(),
        PinyinDetector(),
        ByteShiftDetector(),
        ResidueDetector(),
        PunctuationDetector(),
        SpamDetector(),
        BreadcrumbDetector(),
        ShareWidgetDetector(),
        DisclaimerDetector(),
        PromoDetector(),
        PublishMetaDetector(),
        AuthorBoxDetector(),
        NavigationDetector(),
        RelatedListDetector(),
        CommentThreadDetector(),
        FooterZoneDetector(),
        PageFrameDetector(),
    ]


__all__ = [
    "AuthorBoxDetector",
    "BreadcrumbDetector",
    "ByteShiftDetector",
    "CodecMojibakeDetector",
    "CommentThreadDetector",
    "Detector",
    "DisclaimerDetector",
    "FooterZoneDetector",
    "NavigationDetector",
    "NonTextDetector",
    "PageFrameDetector",
    "PinyinDetector",
    "PromoDetector",
    "PublishMetaDetector",
    "PunctuationDetector",
    "RelatedListDetector",
    "ResidueDetector",
    "ShareWidgetDetector",
    "SpamDetector",
    "default_detectors",
]

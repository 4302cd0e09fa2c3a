"""What of an entry the sentence encoder reads: its views, and the digest each is kept under.

An entry is embedded as the customer would put it: its title, the problem in the customer's
words and its tags, both sides as E5 "query: " texts (the comparison is symmetric: a customer's
words against an entry written to sound like them). The steps are left out: they are support's
words, and reading them would cost the encoder five times as long per entry.

The same text is read twice: densely (one 384-dimension vector, E5's "query: " side) and by
the encoder's sparse head (its strongest "latent terms", packed). The two find different
entries: the dense vector the gist, the latent terms the particular things named ("brakes",
"гальма", "בלמים" light the same features), and the search does best with both.

Each view's vector is kept in the vector cache under a digest of its kind and text, so an entry
whose title, problem and tags did not change is never embedded again, in any file or base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.embed.cache import digest
from bot.model import Fix

KIND = "query"  # how the dense views and the queries are embedded (E5's prefix)
SPARSE = "sparse"  # the kind of the sparse head's views
DIGEST_BYTES = 16


@dataclass(frozen=True)
class View:
    """One text embedded per entry, one way."""

    name: str
    text: Callable[[Fix], str]
    kind: str = KIND  # KIND: a dense vector; SPARSE: packed latent terms


def _about(fix: Fix) -> str:
    tags = ", ".join(tag.replace("-", " ") for tag in fix.tags)
    return " ".join(part for part in (f"{fix.title}.", fix.problem, tags) if part)


VIEWS = (View("about", _about), View("latent", _about, SPARSE))
DENSE = tuple(i for i, v in enumerate(VIEWS) if v.kind != SPARSE)  # positions in VIEWS
LATENT = tuple(i for i, v in enumerate(VIEWS) if v.kind == SPARSE)


def texts(fix: Fix) -> list[str]:
    """The entry's text for each view, in the order of VIEWS."""
    return [view.text(fix) for view in VIEWS]


def keys(fix: Fix) -> bytes:
    """The digests of the entry's views, joined: what its vectors are kept under."""
    return b"".join(digest(view.kind, view.text(fix)) for view in VIEWS)


def split(joined: bytes) -> list[bytes]:
    """The per-view digests of keys()."""
    return [joined[i : i + DIGEST_BYTES] for i in range(0, len(joined), DIGEST_BYTES)]

"""Which articles are independent of each other.

Two articles are independent corroboration only when they come from different outlets and
neither is a reprint. A reprint (`article.duplicate_of` set) counts as the article it copies: it
may add its outlet's name to a list of outlets, but never a second voice.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Article

__all__ = ["Outlets"]


class Outlets:
    def __init__(self, articles: Iterable[Article]):
        self.articles = {a.id: a for a in articles}

    def root(self, article_id: str) -> str:
        """The article a reprint copies (following chains), or the article itself."""
        seen = set()
        current = article_id
        while current not in seen:
            seen.add(current)
            art = self.articles.get(current)
            if art is None or not art.duplicate_of:
                return current
            current = art.duplicate_of
        return min(seen)  # a cycle of reprints: any stable choice

    def voice(self, article_id: str) -> str:
        """The independent voice an article speaks with: its root article's outlet (or its id)."""
        root = self.root(article_id)
        art = self.articles.get(root)
        if art is not None and art.outlet:
            return "outlet:" + art.outlet.strip().casefold()
        return "article:" + root

    def independent(self, article_ids: Iterable[str]) -> int:
        return len({self.voice(a) for a in article_ids})

    def names(self, article_ids: Iterable[str]) -> list[str]:
        """Outlet names to list (a reprint's outlet too when it differs), sorted."""
        out = set()
        for a in article_ids:
            art = self.articles.get(a)
            if art is not None and art.outlet:
                out.add(art.outlet)
        return sorted(out)

    def published(self, article_id: str) -> str | None:
        art = self.articles.get(article_id)
        return art.published if art else None

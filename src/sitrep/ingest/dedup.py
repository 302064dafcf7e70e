"""Near-duplicate articles: the same story reprinted or mirrored by another site.

Texts are compared as sets of word 5-grams (shingles) through MinHash signatures; an LSH index
finds candidates in constant time per article, so a batch costs near-linear time. Callers pass
body text (boilerplate blanked) so two sites' different furniture does not hide a reprint."""

from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

__all__ = ["NearDuplicateIndex", "shingles"]

# Tuned together on reprints of one story with a different head and tail (same body, edited
# lede, cut last paragraphs: Jaccard 0.6-0.95; a reprint cut to half its length: Jaccard ~0.5
# but nearly all of it inside the original) versus different reports of the same event by two
# outlets (Jaccard < 0.1 on 5-grams).
SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.3  # candidates: pairs likely above this estimated Jaccard
MIN_JACCARD = 0.6  # a candidate is a duplicate when its estimated Jaccard reaches this ...
MIN_CONTAINED = 0.85  # ... or when this share of the new text lies inside the earlier one,
MIN_CONTAINED_SHINGLES = 30  # for a new text of at least this many shingles (~35 words): one shared
#                              sentence does not make a short brief a copy of a long story
SEED = 1  # fixed: the same texts always give the same signatures

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the lower-cased text; a text shorter than n words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """Articles seen so far, to find an earlier near-duplicate of a new one."""

    def __init__(self, threshold: float = MIN_JACCARD, contained: float = MIN_CONTAINED) -> None:
        self.threshold = threshold
        self.contained = contained
        self._lsh = MinHashLSH(threshold=min(LSH_THRESHOLD, threshold), num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._sizes: dict[str, int] = {}  # shingle count of each text, to estimate containment
        self._order: dict[str, int] = {}  # article id -> position added, to prefer the earliest

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, text: str) -> None:
        """Index an article's text; adding the same id again does nothing."""
        if article_id in self._signatures:
            return
        grams = shingles(text)
        if not grams:
            return  # no words: nothing another text could duplicate
        signature = _minhash(grams)
        self._lsh.insert(article_id, signature)
        self._signatures[article_id] = signature
        self._sizes[article_id] = len(grams)
        self._order[article_id] = len(self._order)

    def find(self, text: str) -> str | None:
        """Id of the earliest-added article this text nearly duplicates (the same text give or
        take an edit, or a cut copy of it), or None. A text that adds much to an earlier one
        (quotes it and goes on) is not its duplicate: it says more."""
        grams = shingles(text)
        if not grams:
            return None
        signature = _minhash(grams)
        matches = [c for c in self._lsh.query(signature) if self._duplicates(signature, len(grams), c)]
        return min(matches, key=self._order.__getitem__) if matches else None

    def _duplicates(self, signature: MinHash, size: int, candidate: str) -> bool:
        jaccard = signature.jaccard(self._signatures[candidate])
        if jaccard >= self.threshold:
            return True
        if size < MIN_CONTAINED_SHINGLES:
            return False
        # |A∩B| = J·|A∪B| and |A∪B| = (|A|+|B|)/(1+J): the share of the new text found in the old
        shared = jaccard * (size + self._sizes[candidate]) / (1 + jaccard)
        return shared / size >= self.contained


def _minhash(grams: set[str]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=SEED)
    signature.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return signature

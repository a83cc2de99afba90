"""Near-duplicate documents: MinHash over word 3-shingles, LSH bands kept in the store.

Syndicated copies and light rewrites share long runs of words, so the Jaccard
similarity of their word 3-shingle sets is high (a rewrite by another desk of
the same wire story keeps roughly a fifth of them), while two separate reports
of one story share almost none (dev corpus: copies and rewrites 0.19-0.56,
separate reports of one story at most 0.12, unrelated articles under 0.02).

Signatures come from datasketch; the LSH band buckets are rows of
``minhash_bands``, so candidates are found with one indexed query instead of an
index rebuilt in memory. A candidate whose estimated similarity passes a loose
bar is then measured exactly on the two texts before it is linked, so the
decision does not depend on sampling noise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import regex
from datasketch import MinHash

SHINGLE_WORDS = 3
NUM_PERM = 256
SEED = 20261201  # fixed: signatures must stay comparable across runs and machines
SCHEME = "affine32"  # datasketch's hashing scheme, pinned for the same reason
# Jaccard at or above which two documents are linked (see module doc).
THRESHOLD = 0.15
# Candidates whose estimate is under this are dropped without the exact measure.
ESTIMATE_FLOOR = 0.08
# 128 bands of 2 rows: a pair at Jaccard 0.19 becomes a candidate with
# probability 0.99, a pair of unrelated articles (about 0.005) with 0.003.
BANDS, ROWS = 128, 2
# Texts with fewer shingles than this (a headline, a stub) are not compared.
MIN_SHINGLES = 8

_WORD = regex.compile(r"[\p{L}\p{N}]+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Signature:
    shingles: int  # how many distinct shingles the text has
    hashvalues: np.ndarray | None  # None when the text is too short to compare

    def to_bytes(self) -> bytes | None:
        return None if self.hashvalues is None else self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, shingle_count: int, data: bytes | None) -> Signature:
        values = None if data is None else np.frombuffer(data, dtype="<u4")
        return cls(shingle_count, values)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Drawn once from SEED; datasketch would redraw them for every MinHash.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> Signature:
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return Signature(len(grams), None)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(),
                      scheme=SCHEME)
    minhash.update_batch(list(grams))
    return Signature(len(grams), minhash.hashvalues.astype(np.uint32))


def band_buckets(sig: Signature) -> list[tuple[int, int]]:
    """(band, bucket) pairs of a signature; the bucket is a signed 64-bit hash of both."""
    if sig.hashvalues is None:
        return []
    out = []
    for band in range(BANDS):
        rows = sig.hashvalues[band * ROWS:(band + 1) * ROWS]
        # The band number is hashed in, so a bucket alone identifies (band, rows)
        # and one indexed IN over buckets finds the candidates.
        digest = hashlib.blake2b(rows.tobytes(), digest_size=8,
                                 salt=band.to_bytes(2, "little")).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def estimate(a: Signature, b: Signature) -> float:
    """Jaccard similarity of the two shingle sets, estimated from the signatures."""
    if a.hashvalues is None or b.hashvalues is None:
        return 0.0
    return float(np.count_nonzero(a.hashvalues == b.hashvalues)) / NUM_PERM


def jaccard(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets."""
    a, b = shingles(text_a), shingles(text_b)
    return len(a & b) / len(a | b) if a and b else 0.0

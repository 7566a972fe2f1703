"""Near-duplicate fingerprints of article text: pure functions over text, no ORM.

An article's body becomes a set of word shingles, the set a MinHash signature, and the
signature a few LSH band keys. Two texts whose shingle sets overlap by Jaccard `J` share
at least one band key with probability 1 - (1 - J**ROWS) ** BANDS; a shared key only makes
them candidates, which `similarity` (the signatures' estimate of J) then confirms or not.
The headline is left out: reposters change it more often than anything else.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 4
NUM_PERM = 128
# Fixed, so signatures stored yesterday compare with signatures made today; changing any
# of these means recomputing every stored fingerprint (`assign_stories --rebuild`).
SEED = 7
SCHEME = "affine32"
BANDS, ROWS = 24, 2
# Estimated Jaccard similarity at or above which two bodies tell the same story.
THRESHOLD = 0.35

_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Short paragraphs with these are the frame a reposter adds, not the story.
_BOILERPLATE = re.compile(
    r"originally (?:published|appeared)|republished|reprinted|all rights reserved|copyright"
    r"|©|\bsubscribe\b|newsletter|follow us|click here|read more|sign up",
    re.IGNORECASE,
)
_BOILERPLATE_WORDS = 40
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


@dataclass(frozen=True)
class Fingerprint:
    signature: bytes
    band_keys: tuple[int, ...]


def words(text: str) -> list[str]:
    """The text's words, casefolded and without punctuation or boilerplate paragraphs."""
    paragraphs = _PARAGRAPH_BREAK.split(unicodedata.normalize("NFKC", text))
    kept = "\n".join(p for p in paragraphs if not _is_boilerplate(p))
    return _WORD.findall(kept.casefold())


def _is_boilerplate(paragraph: str) -> bool:
    return len(paragraph.split()) <= _BOILERPLATE_WORDS and bool(_BOILERPLATE.search(paragraph))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Every run of `size` consecutive words; a shorter text is one shingle of all of them."""
    found = words(text)
    if len(found) <= size:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i : i + size]) for i in range(len(found) - size + 1)}


def fingerprint(text: str) -> Fingerprint | None:
    """The signature and band keys of a text, or None when it has no words at all."""
    found = shingles(text)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, permutations=_PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch([shingle.encode() for shingle in found])
    values = minhash.hashvalues.astype("<u4")
    return Fingerprint(signature=values.tobytes(), band_keys=band_keys(values))


def band_keys(values: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit key per band, hashing the band's number with its rows."""
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "big") + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def similarity(signature: bytes, other: bytes) -> float:
    """The Jaccard similarity of two texts as their signatures estimate it."""
    return float(np.mean(np.frombuffer(signature, "<u4") == np.frombuffer(other, "<u4")))

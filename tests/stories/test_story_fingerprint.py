"""Fingerprints are pure functions of the text: normalised, shingled, signed, banded."""

import subprocess
import sys
from pathlib import Path

import pytest

from articles.stories import fingerprint as fp
from tests.stories.conftest import REPOST, SEQUEL, WIRE


def test_case_punctuation_and_spacing_do_not_change_the_shingles():
    assert fp.shingles("The port, it SAID; was shut!") == fp.shingles("the port it said  was shut")


def test_short_boilerplate_paragraphs_are_left_out():
    text = "Ships wait offshore for a berth.\n\nSubscribe to our newsletter for more."
    assert fp.words(text) == ["ships", "wait", "offshore", "for", "a", "berth"]


def test_a_long_paragraph_naming_copyright_is_story_not_boilerplate():
    paragraph = " ".join(["The court ruled on copyright"] + ["and then more words"] * 10)
    assert "copyright" in fp.words(paragraph)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Port shut", {"port shut"}), ("", set()), ("... !!", set())],
)
def test_a_text_shorter_than_a_shingle_is_one_shingle_or_none(text, expected):
    assert fp.shingles(text) == expected


def test_a_text_without_words_has_no_fingerprint():
    assert fp.fingerprint(" -- \n\n ") is None


def test_a_repost_is_similar_and_a_sequel_is_not():
    wire, repost, sequel = (fp.fingerprint(text) for text in (WIRE, REPOST, SEQUEL))
    assert fp.similarity(wire.signature, wire.signature) == 1.0
    assert fp.similarity(wire.signature, repost.signature) >= fp.THRESHOLD
    assert fp.similarity(wire.signature, sequel.signature) < fp.THRESHOLD


def test_the_estimate_is_close_to_the_true_jaccard_similarity():
    a, b = fp.shingles(WIRE), fp.shingles(REPOST)
    exact = len(a & b) / len(a | b)
    estimate = fp.similarity(fp.fingerprint(WIRE).signature, fp.fingerprint(REPOST).signature)
    assert abs(estimate - exact) < 0.15


def test_band_keys_are_signed_64_bit_one_per_band():
    keys = fp.fingerprint(WIRE).band_keys
    assert len(keys) == fp.BANDS
    assert len(set(keys)) == fp.BANDS
    assert all(-(2**63) <= key < 2**63 for key in keys)


def test_a_copy_shares_a_band_key():
    wire, repost = fp.fingerprint(WIRE), fp.fingerprint(REPOST)
    assert set(wire.band_keys) & set(repost.band_keys)


def test_signatures_are_the_same_in_another_process():
    """Stored signatures must compare with tomorrow's: nothing may depend on the process
    (Python's string hashing is salted per process)."""
    code = "from articles.stories.fingerprint import fingerprint; import sys; " + (
        "sys.stdout.write(fingerprint(sys.stdin.read()).signature.hex())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], input=WIRE, capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout  # fmt: skip
    assert other == fp.fingerprint(WIRE).signature.hex()

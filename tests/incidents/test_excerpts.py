"""Supporting words are shown in context once: nearby spans share one excerpt, each marked."""

from __future__ import annotations

from truceline.sources.excerpts import CONTEXT, excerpts

TEXT = (
    "Thailand said on Tuesday it was suspending the follow-up to its October agreement, a day after a landmine "
    "wounded four soldiers in Sisaket province. " + "Unrelated words follow here. " * 30 + "Cambodia denied it."
)


def marked(excerpt: dict) -> list[str]:
    return [p["text"] for p in excerpt["parts"] if p["mark"]]


def test_nearby_spans_share_one_excerpt_and_far_ones_do_not() -> None:
    mine = TEXT.index("landmine")
    soldiers = TEXT.index("four soldiers")
    denial = TEXT.index("Cambodia denied")
    found = excerpts(TEXT, [[soldiers, soldiers + 13], [mine, mine + 8], [denial, denial + 15]])
    assert len(found) == 2
    assert marked(found[0]) == ["landmine", "four soldiers"]
    assert marked(found[1]) == ["Cambodia denied"]
    assert "".join(p["text"] for p in found[0]["parts"]) == TEXT[found[0]["start"] : found[0]["end"]]
    assert not found[0]["clipped_start"] and found[1]["clipped_start"] and not found[1]["clipped_end"]
    assert found[1]["start"] == denial - CONTEXT


def test_overlapping_spans_mark_each_word_once() -> None:
    start = TEXT.index("landmine wounded")
    (excerpt,) = excerpts(TEXT, [[start, start + 16], [start + 9, start + 21]])
    assert marked(excerpt) == ["landmine wounded", " four"]

"""The bench's item statistics phase: the bot's report read on a generated database (a small one here; the bench
times it on the 100,000-learner one)."""

from __future__ import annotations

import asyncio

from bench import generate, phases
from bench.world import ROOT


def test_the_report_covers_every_generated_answer_and_is_timed(tmp_path):
    db = tmp_path / "generated.db"
    generate.build(db, learners=40, attempts=800, quiet=True)
    figures = asyncio.run(phases.item_stats_report(str(db), ROOT / "content", repeats=2))
    whole, topic = figures["whole course"], figures["one topic"]
    assert whole["answers"] == 800  # every answer counted once (no quiz: English), by the answer's trigger
    assert 0 < topic["answers"] < 800 and topic["entries"] < whole["entries"]
    assert len(whole["times"]) == len(topic["times"]) == 2 and all(t > 0 for t in whole["times"])

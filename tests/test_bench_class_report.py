"""The bench's class report phase: the bot's report read on a generated database, whose learners all study in one
server (a small one here; the bench times it on the 100,000-learner one)."""

from __future__ import annotations

import asyncio

from bench import generate, phases
from bench.world import ROOT


def test_the_report_counts_every_generated_learner_and_answer_and_is_timed(tmp_path):
    db = tmp_path / "generated.db"
    meta = generate.build(db, learners=40, attempts=800, quiet=True)
    figures = asyncio.run(phases.class_report(str(db), ROOT / "content", meta["guild_id"], repeats=2))
    whole, recent = figures["all time"], figures["4 weeks"]
    assert (whole["learners"], whole["answers"]) == (40, 800)  # every learner and answer, in the one server
    assert 0 < recent["learners"] <= 40 and 0 < recent["answers"] < 800
    assert whole["hardest"] == 5  # 800 answers over the course's questions: enough for five with 5 or more
    assert len(whole["times"]) == len(recent["times"]) == 2 and all(t > 0 for t in whole["times"])

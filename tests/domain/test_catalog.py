"""The catalog's per-topic index gives what a scan of every item gives, in course order."""

from bot.content import load_course
from tests.conftest import SHIPPED_COURSE


def test_items_for_a_topic_match_a_scan_of_all_items():
    catalog = load_course(SHIPPED_COURSE)
    for topic in [*catalog.topics, "no-such-topic"]:
        for difficulty in (None, 1, 2, 3):
            scan = [i for i in catalog.items.values()
                    if topic in i.topics and (difficulty is None or i.difficulty == difficulty)]
            assert catalog.items_for(topic, difficulty) == scan, (topic, difficulty)
    assert catalog.items_for() == list(catalog.items.values())
    assert catalog.items_for(difficulty=2) == [i for i in catalog.items.values() if i.difficulty == 2]
    assert all(catalog.items_for(t) for t in catalog.topics)

"""The history line: undo forgets, back and forward walk, a new action cuts the states after it."""

import pytest

from storagekit.widgets.history import History


class Counter:
    """The smallest thing with snapshot/restore: one number."""

    def __init__(self):
        self.n = 0

    def snapshot(self):
        return self.n

    def restore(self, snap):
        self.n = snap


def test_undo_returns_to_the_state_before_and_forgets_the_action():
    c = Counter()
    h = History(c)
    c.n = 1
    h.record("one", c)
    c.n = 2
    h.record("two", c)
    assert h.undo().label == "one" and c.n == 1
    assert len(h) == 2 and not h.can_forward
    assert h.undo().label == "start" and c.n == 0
    assert h.undo() is None and c.n == 0


def test_back_and_forward_walk_without_forgetting():
    c = Counter()
    h = History(c)
    for n in (1, 2, 3):
        c.n = n
        h.record(f"set {n}", c)
    assert [h.back().label, h.back().label] == ["set 2", "set 1"] and c.n == 1
    assert h.forward().label == "set 2" and c.n == 2
    assert len(h) == 4 and h.can_forward


def test_a_new_action_from_an_earlier_state_forgets_the_later_ones():
    c = Counter()
    h = History(c)
    for n in (1, 2, 3):
        c.n = n
        h.record(f"set {n}", c)
    h.go(1)
    c.n = 10
    h.record("set 10", c)
    assert [s.label for s in h.states] == ["start", "set 1", "set 10"]
    assert not h.can_forward


def test_each_state_remembers_its_target():
    a, b = Counter(), Counter()
    h = History(a)
    b.n = 5
    h.record("another machine", b)
    a.n = 99
    assert h.back().target is a and a.n == 0
    assert h.forward().target is b and b.n == 5


@pytest.mark.parametrize("limit", [2, 5])
def test_the_oldest_states_go_past_the_limit(limit):
    c = Counter()
    h = History(c, limit=limit)
    for n in range(1, 10):
        c.n = n
        h.record(f"set {n}", c)
    assert len(h) == limit and h.current.label == "set 9"
    assert [s.snapshot for s in h.states] == list(range(10 - limit, 10))

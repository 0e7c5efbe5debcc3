import pytest

from bot.limits import Cooldown, channel_allowed, check_question, is_admin
from gazette.errors import UsageError


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_cooldown_per_user():
    clock = Clock()
    cooldown = Cooldown(10, clock)
    assert cooldown.remaining(1) == 0
    cooldown.start(1)
    clock.now += 4
    assert cooldown.remaining(1) == pytest.approx(6) and cooldown.remaining(2) == 0
    clock.now += 6
    assert cooldown.remaining(1) == 0


def test_zero_cooldown_never_blocks():
    cooldown = Cooldown(0, Clock())
    cooldown.start(1)
    assert cooldown.remaining(1) == 0


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("  How many\n troops? ", 100, "How many troops?"), ("x" * 20, 20, "x" * 20)],
)
def test_check_question_accepts(text, limit, expected):
    assert check_question(text, limit) == expected


@pytest.mark.parametrize(("text", "limit", "message"), [("", 100, "Ask me a question"), ("   ", 100, "Ask me"),
                                                        ("x" * 21, 20, "21 characters long; please keep it under 20")])
def test_check_question_refuses(text, limit, message):
    with pytest.raises(UsageError, match=message):
        check_question(text, limit)


@pytest.mark.parametrize(
    ("channel", "parent", "allowed", "ok"),
    [(1, None, [], True), (1, None, [1], True), (2, None, [1], False), (9, 1, [1], True), (9, 2, [1], False),
     (None, None, [1], False)],
)
def test_channel_allowed(channel, parent, allowed, ok):
    assert channel_allowed(channel, parent, allowed) is ok


@pytest.mark.parametrize(
    ("manage", "roles", "admin_roles", "ok"),
    [(True, [], [], True), (False, [], [], False), (False, [5], [5, 6], True), (False, [7], [5], False)],
)
def test_is_admin(manage, roles, admin_roles, ok):
    assert is_admin(manage, roles, admin_roles) is ok

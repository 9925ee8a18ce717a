"""Login helpers and the grouping of unanswered questions (pure functions)."""

from __future__ import annotations

from types import SimpleNamespace

from werkzeug.security import generate_password_hash

from desk.auth import LoginThrottle, SessionCodec, check_login, csrf_ok, load_users
from desk.insights import group_questions, unanswered


def test_users_with_plain_passwords_and_hashes() -> None:
    hashed = generate_password_hash("a long desk password")
    users = load_users(f"tanaka:plain-secret-1, suzuki:{hashed}")
    assert check_login(users, "tanaka", "plain-secret-1")
    assert check_login(users, "suzuki", "a long desk password")
    assert not check_login(users, "suzuki", "wrong")
    assert not check_login(users, "nobody", "plain-secret-1")


def test_session_cookie_is_signed_and_carries_its_csrf_token() -> None:
    codec = SessionCodec("key-one")
    session = codec.new("tanaka")
    loaded = SessionCodec("key-one").load(codec.dump(session))
    assert loaded == session and csrf_ok(loaded, session.csrf)
    assert SessionCodec("key-two").load(codec.dump(session)) is None
    assert not csrf_ok(loaded, "guess") and not csrf_ok(loaded, None)


def test_throttle_blocks_after_five_failures_for_five_minutes() -> None:
    throttle = LoginThrottle()
    for second in range(5):
        assert not throttle.blocked("user:tanaka", now=second)
        throttle.failed("user:tanaka", now=second)
    assert throttle.blocked("user:tanaka", now=10)
    assert not throttle.blocked("user:tanaka", now=400)
    assert not throttle.blocked("user:suzuki", now=10)


def row(kind: str, intent: str | None = None, action: str | None = None, text: str = "") -> object:
    data = f'{{"text": "{text}", "input_channel": "rest"}}' if kind == "user" else "{}"
    return SimpleNamespace(
        type_name=kind, intent_name=intent, action_name=action, data=data, timestamp=0.0
    )


def test_unanswered_questions_are_found_and_grouped_by_similar_text() -> None:
    rows = [
        row("user", "nlu_fallback", text="補助金の締め切りはいつ？"),
        row("action", action="action_clarify"),
        row("user", "ask_deadline", text="補助金の締切はいつですか"),
        row("action", action="action_clarify"),
        row("user", "ask_defense_support", text="海外から警告状が届いた"),
        row("action", action="action_answer_program"),
        row("user", "ask_iippf", text="鈴木と申します、フォーラムの会費は"),
        row("action", action="action_handoff"),
        row("user", "request_human", text="人と話したい"),
        row("action", action="action_handoff"),
        row("user", "ask_deadline", text="/ask_deadline"),
        row("action", action="action_clarify"),
    ]
    found = unanswered(rows)
    assert [outcome for _, outcome in found] == ["fallback", "clarify", "handoff"]
    groups = group_questions(found)
    assert [g.count for g in groups] == [2, 1]
    assert set(groups[0].outcomes) == {"fallback", "clarify"}
    assert groups[1].text == "［氏名］と申します、フォーラムの会費は"

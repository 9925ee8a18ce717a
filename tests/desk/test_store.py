"""Tickets, audit log and feedback on SQLite and PostgreSQL, migrated by Alembic."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import inspect, text, update

from desk import audit
from desk.feedback import feedback_counts, record_feedback
from desk.models import tickets
from desk.tickets import (
    NewTicket,
    QueueFilter,
    Turn,
    assign,
    create_ticket,
    delete_by_sender,
    delete_ticket,
    export_tickets,
    get_ticket,
    list_tickets,
    mark_done,
    purge_expired,
)


def new(sender: str = "web-1", text: str = "人と話したい", **kwargs) -> NewTicket:
    fields = {"channel": "rest", "sender_id": sender, "reason": "user_request"}
    fields |= {"transcript": [Turn("user", text), Turn("bot", "担当の窓口におつなぎします。")]}
    return NewTicket(**(fields | kwargs))


def test_schema_is_at_the_alembic_head(engine) -> None:
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        version = connection.execute(text("select version_num from alembic_version")).scalar()
    assert {"desk_tickets", "desk_audit_log", "desk_feedback"} <= names
    assert version == "0001"


def test_ticket_masks_personal_data_and_summarises(engine) -> None:
    ticket = create_ticket(
        new(
            text="ミドリ工業の山田と申します。中国で警告状が届きました。03-1234-5678までお願いします",
            programs=["defense_support"],
            prefecture="大阪府",
            right_type="trademark",
            country="中国",
        )
    )
    stored = get_ticket(ticket.id)
    assert stored is not None
    said = stored.transcript[0].text
    assert "山田" not in said and "03-1234-5678" not in said and "警告状が届きました" in said
    assert stored.urgency == "high" and stored.urgency_reason == "警告状"
    first, second = stored.summary.split("\n")
    assert first == "【至急：警告状】防衛型侵害対策支援事業について（大阪府、商標、中国）のご相談。"
    assert second.startswith(
        "担当者との会話を希望（Web）。最後の発言：「ミドリ工業の［氏名］と申します。"
    )
    assert stored.status == "new" and stored.assignee is None


def test_queue_is_most_urgent_then_newest_first_and_filters(engine) -> None:
    old = create_ticket(new("a", programs=["foreign_filing_support"], prefecture="大阪府"))
    urgent = create_ticket(new("b", "税関で差し止められました", channel="line"))
    newest = create_ticket(new("c", programs=["pct_fee_reduction"]))
    with engine.begin() as connection:  # make the order independent of clock resolution
        connection.execute(
            update(tickets)
            .where(tickets.c.id == old.id)
            .values(created_at=old.created_at - timedelta(hours=1))
        )
    assert [t.id for t in list_tickets()] == [urgent.id, newest.id, old.id]
    assert [t.id for t in list_tickets(QueueFilter(channel="line"))] == [urgent.id]
    assert [t.id for t in list_tickets(QueueFilter(prefecture="大阪府"))] == [old.id]
    assert [t.id for t in list_tickets(QueueFilter(program="pct_fee_reduction"))] == [newest.id]
    mark_done(old.id, "suzuki")
    assert old.id not in [t.id for t in list_tickets()]
    assert [t.id for t in list_tickets(QueueFilter(status="done"))] == [old.id]


def test_assign_and_done_are_audited(engine) -> None:
    ticket = create_ticket(new())
    assert assign(ticket.id, "tanaka").status == "assigned"
    done = mark_done(ticket.id, "tanaka")
    assert done.status == "done" and done.assignee == "tanaka" and done.closed_at is not None
    trail = [(e.actor, e.action, e.old_value, e.new_value) for e in audit.entries(ticket.id)]
    assert trail == [
        ("tanaka", "status", "new", "assigned"),
        ("tanaka", "assignee", None, "tanaka"),
        ("tanaka", "status", "assigned", "done"),
    ]


def test_export_delete_and_retention(engine) -> None:
    keep = create_ticket(new("keep"))
    gone = create_ticket(new("gone"))
    old = create_ticket(new("old"))
    with engine.begin() as connection:
        connection.execute(
            update(tickets)
            .where(tickets.c.id == old.id)
            .values(created_at=old.created_at - timedelta(days=31))
        )
    exported = {t["id"]: t for t in export_tickets()}
    assert set(exported) == {keep.id, gone.id, old.id}
    assert exported[keep.id]["transcript"][0]["text"] == "人と話したい"
    assert delete_ticket(gone.id, "tanaka") and get_ticket(gone.id) is None
    assert purge_expired(days=30) == 1 and get_ticket(old.id) is None
    assert get_ticket(keep.id) is not None
    assert delete_by_sender("keep", "tanaka") == 1 and get_ticket(keep.id) is None
    actions = [(e.ticket_id, e.action) for e in audit.entries()]
    assert (gone.id, "delete") in actions and (old.id, "purge") in actions


def test_feedback_counts_per_intent(engine) -> None:
    for rating in ("up", "up", "down"):
        record_feedback(
            sender_id="s",
            channel="rest",
            rating=rating,
            intent="ask_defense_support",
            program="defense_support",
        )
    record_feedback(sender_id="s", channel="line", rating="down", intent="faq", program=None)
    counts = {c["intent"]: (c["up"], c["down"]) for c in feedback_counts()}
    assert counts == {"ask_defense_support": (2, 1), "faq": (0, 1)}


def test_admin_cli_export_delete_and_purge(engine, tmp_path, capsys) -> None:
    from desk.admin import main

    first, second = create_ticket(new("one")), create_ticket(new("two"))
    out = tmp_path / "tickets.json"
    assert main(["export", "-o", str(out)]) == 0
    assert {t["id"] for t in json.loads(out.read_text(encoding="utf-8"))} == {first.id, second.id}
    assert main(["delete", first.id, "missing-id"]) == 1
    assert "1件のチケットを削除しました。見つからなかった番号：1件。" in capsys.readouterr().out
    assert main(["delete", "--sender", "two"]) == 0 and get_ticket(second.id) is None
    assert main(["purge", "--days", "30"]) == 0
    assert "30日より古いチケット0件" in capsys.readouterr().out
    assert ("admin-cli", "delete") in {(e.actor, e.action) for e in audit.entries(first.id)}


def test_summary_quotes_the_case_not_the_request_for_a_person(engine) -> None:
    transcript = [Turn("user", "中国で模倣品が売られています"), Turn("user", "人と話したい")]
    asked = create_ticket(new(transcript=transcript))
    assert asked.summary.split("\n")[1].endswith("最初の相談：「中国で模倣品が売られています」")
    missed = create_ticket(new(reason="not_understood", transcript=transcript))
    assert missed.summary.split("\n")[1].endswith("最後の発言：「人と話したい」")


def test_a_second_handoff_in_a_conversation_refreshes_its_open_ticket(engine) -> None:
    urgent = create_ticket(new("web-2", "中国の会社から警告状が届きました", reason="urgent"))
    assign(urgent.id, "tanaka")
    later = create_ticket(new("web-2", "警告状が届きました。人と話したい", country="中国"))
    assert later.id == urgent.id and later.status == "assigned" and later.assignee == "tanaka"
    assert later.urgency == "high" and later.country == "中国"
    assert [t.id for t in list_tickets(QueueFilter(status="all"))] == [urgent.id]
    # Once done, the conversation's next handoff is a new case.
    mark_done(urgent.id, "tanaka")
    assert create_ticket(new("web-2", "人と話したい")).id != urgent.id

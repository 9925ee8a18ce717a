"""LINE's limits on what the bot sends: text length, messages per call, quick replies."""

from __future__ import annotations

from bot.channels.line_format import (
    CHOOSE_TEXT,
    MAX_TEXT,
    batches,
    quick_reply_items,
    split_text,
    to_line_messages,
    truncate,
    utf16_len,
)


def test_utf16_length_counts_emoji_twice() -> None:
    assert utf16_len("商標") == 2
    assert utf16_len("😀") == 2
    assert utf16_len("a😀b") == 4


def test_short_text_is_one_piece() -> None:
    assert split_text("警告状が届いた場合のご案内です。") == ["警告状が届いた場合のご案内です。"]


def test_long_text_splits_at_the_limit_counted_in_utf16() -> None:
    text = "あ" * 12_000
    pieces = split_text(text)
    assert [utf16_len(p) for p in pieces] == [5000, 5000, 2000]
    assert "".join(pieces) == text


def test_emoji_at_the_limit_moves_whole_to_the_next_piece() -> None:
    text = "a" * 4999 + "😀" + "b" * 10  # the emoji would straddle unit 5000
    pieces = split_text(text)
    assert pieces == ["a" * 4999, "😀" + "b" * 10]
    for piece in pieces:
        piece.encode("utf-8")  # a lone surrogate would raise here
        assert utf16_len(piece) <= MAX_TEXT


def test_emoji_only_text_never_splits_a_pair() -> None:
    pieces = split_text("😀" * 3000)  # 6000 units
    assert [utf16_len(p) for p in pieces] == [5000, 1000]
    assert all(set(p) == {"😀"} for p in pieces)


def test_emoji_sequence_and_combining_marks_stay_whole() -> None:
    family = "👨\u200d👩\u200d👧"
    pieces = split_text("a" * 4996 + family + "z")
    assert pieces[0] == "a" * 4996
    assert pieces[1].startswith(family)
    kana = "か\u3099"  # が written with a combining voiced mark
    pieces = split_text("a" * 4999 + kana)
    assert pieces == ["a" * 4999, kana]


def test_split_prefers_line_ends_and_sentence_ends() -> None:
    paragraph = "お問い合わせください。" * 300  # 3300 characters
    pieces = split_text(paragraph + "\n" + paragraph)
    assert pieces == [paragraph, paragraph]
    sentence_cut = split_text("。".join(["あ" * 99] * 60), limit=5000)
    assert sentence_cut[0].endswith("。")


def test_label_is_cut_to_20_with_an_ellipsis() -> None:
    label = truncate("外国出願補助金（中小企業等外国出願支援事業）について", 20)
    assert utf16_len(label) == 20
    assert label.endswith("…")
    assert truncate("警告状", 20) == "警告状"
    emoji_label = truncate("📅" * 15, 20)
    assert utf16_len(emoji_label) <= 20 and emoji_label.endswith("…")


def test_quick_replies_respect_line_limits() -> None:
    buttons = [
        {"title": f"支援策その{i}について詳しく知りたい", "payload": f"/ask_{i}"} for i in range(20)
    ]
    buttons.append({"title": "長すぎる", "payload": "/inform" + "x" * 300})
    items = quick_reply_items(buttons)
    assert len(items) == 13
    for item in items:
        action = item["action"]
        assert item["type"] == "action" and action["type"] == "postback"
        assert utf16_len(action["label"]) <= 20
        assert utf16_len(action["data"]) <= 300
        assert action["displayText"].startswith(action["label"].rstrip("…"))
    assert items[0]["action"]["data"] == "/ask_0"


def test_long_payload_is_dropped_not_cut() -> None:
    items = quick_reply_items([{"title": "特許", "payload": "/x" + "y" * 299}])
    assert items == []


def test_duplicate_payloads_become_one_quick_reply() -> None:
    buttons = [{"title": "はい", "payload": "/affirm"}] * 2
    assert len(quick_reply_items(buttons)) == 1


def test_payload_with_entities_is_kept_verbatim() -> None:
    payload = '/inform{"right_type": "商標"}'
    [item] = quick_reply_items([{"title": "商標", "payload": payload}])
    assert item["action"] == {
        "type": "postback",
        "label": "商標",
        "data": payload,
        "displayText": "商標",
    }


def test_buttons_become_quick_replies_on_the_last_message() -> None:
    messages = to_line_messages(
        [
            {
                "text": "権利の種類を選んでください。",
                "buttons": [{"title": "特許", "payload": "/inform"}],
            },
            {"text": "ボタン以外でも入力できます。"},
        ]
    )
    assert [m["type"] for m in messages] == ["text", "text"]
    assert "quickReply" not in messages[0]
    assert messages[1]["quickReply"]["items"][0]["action"]["data"] == "/inform"


def test_buttons_without_text_still_show() -> None:
    messages = to_line_messages([{"buttons": [{"title": "はい", "payload": "/affirm"}]}])
    assert messages[0]["text"] == CHOOSE_TEXT
    assert messages[0]["quickReply"]["items"]


def test_many_short_parts_are_packed_into_one_reply() -> None:
    parts = [{"text": f"第{i}段落です。"} for i in range(8)]
    messages = to_line_messages(parts)
    assert len(messages) <= 5
    assert "第0段落です。" in messages[0]["text"]
    assert "第7段落です。" in messages[-1]["text"]


def test_up_to_five_parts_stay_separate_bubbles() -> None:
    messages = to_line_messages([{"text": "一"}, {"text": "二"}, {"text": "三"}])
    assert [m["text"] for m in messages] == ["一", "二", "三"]


def test_images_use_https_only() -> None:
    messages = to_line_messages(
        [{"image": "https://example.jp/a.png"}, {"image": "http://example.jp/b.png"}]
    )
    assert messages[0]["type"] == "image"
    assert messages[0]["originalContentUrl"] == "https://example.jp/a.png"
    assert messages[1] == {"type": "text", "text": "http://example.jp/b.png"}


def test_empty_answer_sends_nothing() -> None:
    assert to_line_messages([{"text": "  "}]) == []


def test_batches_of_five() -> None:
    messages = [{"type": "text", "text": str(i)} for i in range(12)]
    assert [len(b) for b in batches(messages)] == [5, 5, 2]

"""Turn knowledge/ records into chat replies, so every answer has the same shape.

Shape (DESIGN.md principle 4): the program and whether it fits, then the figures, the
deadline as of today, how to apply, whom to call, and the source. Short lines with
「■」 headings read well in a chat bubble on a phone.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any, Iterable

from knowledge.deadlines import DeadlineState, status

RIGHT_TYPE_ORDER = ("patent", "utility_model", "design", "trademark", "anti_squatting_trademark")


def yen(amount: int) -> str:
    """300万円, 1,500円, 1億2,000万円: how amounts are written in the brochure."""
    if amount >= 100_000_000 and amount % 10_000 == 0:
        oku, man = divmod(amount // 10_000, 10_000)
        return f"{oku}億{man:,}万円" if man else f"{oku}億円"
    if amount >= 10_000 and amount % 10_000 == 0:
        return f"{amount // 10_000:,}万円"
    return f"{amount:,}円"


def fraction(value: Fraction) -> str:
    """1/2 as the brochure writes it."""
    return f"{value.numerator}/{value.denominator}"


def rate_lines(program: Any) -> list[str]:
    """The subsidy or reduction rate(s), or nothing when the program has none."""
    lines: list[str] = []
    if getattr(program, "rates_by_class", None):
        for entry in program.rates_by_class:
            lines.append(f"・{entry.applicant_class}：{fraction(entry.rate)}")
        return lines
    if program.rate is not None:
        text = f"{fraction(program.rate)}"
        if getattr(program, "renewal_rate", None) is not None:
            text += f"（2年目以降の更新は{fraction(program.renewal_rate)}）"
        lines.append(text)
    return lines


def rate_title(program: Any) -> str:
    """PCT reduces fees (軽減後の手数料); the others subsidise costs (補助率)."""
    return "軽減後の手数料" if getattr(program, "rates_by_class", None) else "補助率"


def cap_lines(program: Any, right_type_label: Any) -> list[str]:
    """Caps per company, per case (equal amounts grouped as in the brochure), per procedure."""
    caps = program.caps
    if caps is None:
        return []
    lines: list[str] = []
    if caps.per_company_yen:
        lines.append(f"・1企業あたり：{yen(caps.per_company_yen)}")
    per_case = caps.per_case_yen or {}
    groups: dict[int, list[str]] = {}
    for key in RIGHT_TYPE_ORDER:
        if key in per_case:
            groups.setdefault(per_case[key], []).append(right_type_label(key))
    if groups:
        parts = [
            f"{labels[0]} {yen(amount)}"
            if len(labels) == 1
            else f"{'・'.join(labels)} 各{yen(amount)}"
            for amount, labels in groups.items()
        ]
        lines.append("・1案件あたり：" + "、".join(parts))
    if getattr(caps, "per_procedure_yen", None):
        lines.append(f"・1手続あたり：{yen(caps.per_procedure_yen)}")
    if getattr(caps, "note", None):
        lines.append(f"※{caps.note}")
    return lines


def deadline_line(program: Any, today: date | None = None) -> str | None:
    """The deadline as of today (knowledge/ words it); a closed round is never open."""
    result = status(program, today)
    if result.state == DeadlineState.NO_DEADLINE:
        return None
    return result.message_ja


def contact_lines(contacts: Iterable[Any]) -> list[str]:
    """One line per desk: purpose, organization, department, phone and extension."""
    lines: list[str] = []
    for contact in contacts:
        who = " ".join(p for p in (contact.organization, contact.department) if p)
        phone = ""
        if contact.phone:
            phone = f" TEL {contact.phone}"
            if contact.extension:
                phone += f"（内線{contact.extension}）"
        purpose = f"{contact.purpose}：" if contact.purpose else ""
        hours = f"（受付 {contact.hours}）" if getattr(contact, "hours", None) else ""
        lines.append(f"・{purpose}{who}{phone}{hours}")
    return lines


def section(title: str, lines: list[str]) -> list[str]:
    """A ■ heading followed by its lines; nothing when there is nothing to say."""
    if not lines:
        return []
    if len(lines) == 1 and not lines[0].startswith("・"):
        return [f"■{title}：{lines[0]}"]
    return [f"■{title}", *lines]


def program_answer(
    program: Any, kb: Any, lead: str | None = None, today: date | None = None
) -> str:
    """The full answer for one program."""
    parts = [lead or f"【{program.name}】のご案内です。", program.summary]
    if program.operator:
        parts.append(f"■実施：{program.operator}")
    parts += section(rate_title(program), rate_lines(program))
    parts += section("上限額", cap_lines(program, kb.right_type_label))
    deadline = deadline_line(program, today)
    if deadline:
        parts += section("受付", [deadline])
    if program.how_to_apply:
        parts += section("申請方法", [program.how_to_apply])
    parts += section("お問い合わせ", contact_lines(program.contacts))
    parts.append(f"出典：{source_text(program)}")
    return "\n".join(p for p in parts if p)


def source_text(program: Any) -> str:
    """The official URL, or the brochure section the figures come from."""
    url = getattr(program, "url", None)
    return url or f"特許庁「令和7年度 中小企業向け海外展開支援策」{program.source}"


def aspect_answer(program: Any, aspect: str, kb: Any, today: date | None = None) -> str:
    """A follow-up answer (補助率は？ 締切は？ …) about the program under discussion."""
    head = f"【{program.name}】"
    if aspect == "rate":
        lines = rate_lines(program)
        body = section(rate_title(program), lines) or ["この制度には補助率の定めはありません。"]
    elif aspect == "cap":
        body = section("上限額", cap_lines(program, kb.right_type_label)) or [
            "この制度には上限額の定めはありません。"
        ]
    elif aspect == "deadline":
        line = deadline_line(program, today)
        body = section("受付", [line]) if line else ["この制度には申込期限はありません。"]
        window = program.window
        if window and window.note and status(program, today).state != DeadlineState.CLOSED:
            body.append(f"※{window.note}")
    elif aspect == "contact":
        body = section("お問い合わせ", contact_lines(program.contacts))
    elif aspect == "requirements":
        lines = [f"・{r}" for r in program.requirements]
        body = ([f"対象：{program.target}"] if program.target else []) + section("要件", lines)
    elif aspect == "how_to_apply":
        body = section("申請方法", [program.how_to_apply or "お問い合わせ先にご確認ください。"])
    elif aspect == "covered_costs":
        body = section("対象となる経費", [f"・{c}" for c in program.covered_costs])
        body += section("対象外", [f"・{c}" for c in program.not_covered])
        if not body:
            body = ["経費の定めは公開資料にありません。お問い合わせ先にご確認ください。"]
    else:
        raise ValueError(f"unknown aspect {aspect!r}")
    return "\n".join([head, *body, f"出典：{source_text(program)}"])


def organization_answer(match: Any) -> str:
    """The implementing organization for a prefecture, or what to use instead."""
    if match.implemented and match.organization is not None:
        org = match.organization
        department = f" {org.department}" if org.department else ""
        return "\n".join(
            [
                f"{match.prefecture}の海外出願支援事業の窓口は、{org.name}{department}です。",
                f"■住所：{org.address}",
                f"■電話：{org.phone}",
                "公募の回数・期間はセンターごとに異なります。お電話で最新の公募状況をご確認ください。",
            ]
        )
    if getattr(match, "note", None):
        return match.note
    names = "、".join(p.name for p in match.alternatives)
    return (
        f"{match.prefecture}では、令和7年度の海外出願支援事業は実施されていません。"
        f"全国どこからでも申請できる{names}をご利用ください。"
    )

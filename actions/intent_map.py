"""Which program each situation intent is about, and plain-Japanese topic labels.

This is NLU glue, not facts: the facts about each program live in knowledge/.
"""

from __future__ import annotations

INTENT_TO_PROGRAM: dict[str, str] = {
    "ask_foreign_filing_subsidy": "foreign_filing_support",
    "ask_pct_fee_reduction": "pct_fee_reduction",
    "ask_counterfeit_support": "counterfeit_support",
    "ask_defense_support": "defense_support",
    "ask_squatting_support": "squatting_support",
    "ask_litigation_insurance": "litigation_insurance",
    "ask_inpit_subsidy": "inpit_filing_subsidy",
    "ask_office_action_subsidy": "inpit_office_action_subsidy",
    "ask_consultation": "inpit_ip_desk",
    "ask_reports_manuals": "reports_manuals",
    "ask_iippf": "iippf",
    "ask_copy_campaign": "copy_campaign",
}

FOLLOWUP_ASPECTS: dict[str, str] = {
    "ask_rate": "rate",
    "ask_cap": "cap",
    "ask_deadline": "deadline",
    "ask_contact": "contact",
    "ask_requirements": "requirements",
    "ask_how_to_apply": "how_to_apply",
    "ask_covered_costs": "covered_costs",
}

# Button labels for the clarification flow: what a user would recognise at a glance.
INTENT_LABELS: dict[str, str] = {
    "ask_foreign_filing_subsidy": "外国出願費用の補助",
    "ask_pct_fee_reduction": "PCT手数料の軽減",
    "ask_counterfeit_support": "海外の模倣品対策",
    "ask_defense_support": "警告状・訴訟への対応",
    "ask_squatting_support": "商標の抜け駆け出願",
    "ask_litigation_insurance": "海外知財訴訟保険",
    "ask_inpit_subsidy": "INPIT外国出願補助金",
    "ask_office_action_subsidy": "中間応答の費用補助",
    "ask_consultation": "相談窓口",
    "ask_reports_manuals": "マニュアル・報告書",
    "ask_iippf": "IIPPF",
    "ask_copy_campaign": "コピー商品撲滅キャンペーン",
    "ask_subsidy_estimate": "補助額の試算",
    "start_eligibility_check": "対象になるか診断",
    "request_human": "担当窓口に相談",
}

# The main menu, in the order a first-time user scans it.
MENU_INTENTS: tuple[str, ...] = (
    "ask_foreign_filing_subsidy",
    "ask_defense_support",
    "ask_counterfeit_support",
    "ask_squatting_support",
    "ask_pct_fee_reduction",
    "ask_litigation_insurance",
    "ask_office_action_subsidy",
    "start_eligibility_check",
    "ask_subsidy_estimate",
    "ask_consultation",
)


def intent_button(intent: str) -> dict[str, str]:
    """A quick-reply button that triggers ``intent`` directly."""
    return {"title": INTENT_LABELS[intent], "payload": f"/{intent}"}

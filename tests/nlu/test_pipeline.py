"""A small trained pipeline proves that config.yml's custom tokenizer loads and works."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml
from rasa.core.agent import Agent
from rasa.model_training import train_nlu

ROOT = Path(__file__).resolve().parents[2]

TINY_NLU = """
version: "3.1"
nlu:
- intent: ask_defense_support
  examples: |
    - 警告状が届いた
    - 外国企業に訴えられた
    - 海外で訴訟を起こされました
- intent: ask_counterfeit_support
  examples: |
    - 偽物が売られている
    - コピー商品を見つけた
    - 模倣品の被害にあった
- regex: prefecture
  examples: |
    - 大阪(?:府)?|おおさか
"""


def test_pipeline_from_config_trains_and_parses(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if "epochs" in component:
            component["epochs"] = 2
        if component["name"] == "ResponseSelector":
            config["pipeline"].remove(component)
    config_path = tmp_path / "config.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    nlu_path = tmp_path / "nlu.yml"
    nlu_path.write_text(TINY_NLU, encoding="utf-8")

    model = train_nlu(str(config_path), str(nlu_path), str(tmp_path / "models"))
    assert model, "training produced no model"
    agent = Agent.load(model)
    result = asyncio.run(agent.parse_message("ｹｲｺｸ状が届きました、おおさかの会社です"))
    tokens = [t.text for t in result.get("text_tokens", [])] if "text_tokens" in result else None
    assert result["intent"]["name"] in {
        "ask_defense_support",
        "ask_counterfeit_support",
        "nlu_fallback",
    }
    assert tokens is None or tokens
    assert any(e["entity"] == "prefecture" and e["value"] == "おおさか" for e in result["entities"])

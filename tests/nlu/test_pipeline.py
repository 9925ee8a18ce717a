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
- intent: inform_prefecture
  examples: |
    - [大阪](prefecture)の会社です
    - [おおさか](prefecture)です
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
    text = "ｹｲｺｸ状が届きました、おおさかの会社です"
    result = asyncio.run(agent.parse_message(text))
    assert result["intent"]["name"] in {
        "ask_defense_support",
        "ask_counterfeit_support",
        "inform_prefecture",
        "nlu_fallback",
    }
    # text_tokens are (start, end) spans on the original text, from SudachiTokenizer.
    surfaces = [text[start:end] for start, end in result["text_tokens"]]
    assert "届き" in surfaces and "おおさか" in surfaces, surfaces
    assert any(e["entity"] == "prefecture" and e["value"] == "おおさか" for e in result["entities"])

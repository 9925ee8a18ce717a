"""Write the credentials file for this run: only the channels whose secrets are set.

Rasa fails on an undefined ${VAR}, and a channel with an empty signing secret would accept
requests signed with an empty key, so a channel is enabled only when all its variables
are set (LINE_API_BASE_URL defaults to LINE's public API).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import yaml

DEFAULTS = {
    "LINE_API_BASE_URL": "https://api.line.me",
    "SLACK_API_BASE_URL": "https://slack.com/api/",
}
_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")


def active_channels(config: dict) -> dict:
    """Keep channels whose ${VARS} are all set; substitute their values."""
    result = {}
    for channel, settings in config.items():
        if not settings:
            result[channel] = settings
            continue
        values = {}
        for key, value in settings.items():
            names = _VAR.findall(str(value))
            resolved = str(value)
            missing = False
            for name in names:
                current = os.environ.get(name) or DEFAULTS.get(name)
                if not current:
                    missing = True
                    break
                resolved = resolved.replace(f"${{{name}}}", current)
            if missing:
                break
            values[key] = resolved if names else value
        else:
            result[channel] = values
    return result


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    channels = active_channels(yaml.safe_load(source.read_text(encoding="utf-8")))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(channels, allow_unicode=True), encoding="utf-8")
    os.chmod(target, 0o600)
    print("channels: " + ", ".join(channels))


if __name__ == "__main__":
    main()

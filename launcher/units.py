"""Read deploy/'s files (systemd units, environment file, nginx site) and run them here.

The scaled tests and `make run-scaled` start exactly the files a server uses. Only the
install locations are mapped onto a run's directories:

    /opt/navi      -> the repository (code, models, .venv)
    /etc/navi      -> <workdir>/etc  (navi.env, credentials)
    /var/lib/navi  -> <workdir>/var  (handoff log)
    /run/navi      -> <workdir>/run  (per-process credentials)

Placeholders are `${NAME}` in upper case, as envsubst and systemd read them; nginx's own
variables ($remote_addr) are lower case and left alone.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from launcher.paths import DEPLOY, ROOT

_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
INSTALL_ROOT, CONFIG_DIR, STATE_DIR = "/opt/navi", "/etc/navi", "/var/lib/navi"
RUNTIME_DIR = "/run/navi"


def path_map(workdir: Path) -> dict[str, str]:
    """Install locations in deploy/'s files -> this run's locations."""
    return {
        INSTALL_ROOT: str(ROOT),
        CONFIG_DIR: str(workdir / "etc"),
        STATE_DIR: str(workdir / "var"),
        RUNTIME_DIR: str(workdir / "run"),
    }


def map_paths(text: str, mapping: Mapping[str, str]) -> str:
    for installed, here in mapping.items():
        text = text.replace(installed, here)
    return text


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile= reads them (comments, quotes)."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def write_env_file(values: Mapping[str, str], path: Path) -> Path:
    """An environment file with these values (mode 600: it holds the database password)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f'{key}="{value}"' for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def substitute(text: str, env: Mapping[str, str], *, strict: bool = True) -> str:
    """Replace ${NAME}; an unknown name is an error (strict) or becomes empty (systemd)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env and strict:
            raise KeyError(f"{name} is not set (deploy/navi.env)")
        return env.get(name, "")

    return _PLACEHOLDER.sub(value, text)


@dataclass(frozen=True)
class Unit:
    """What a systemd service unit says to run, with %i and ${VARS} resolved."""

    name: str
    exec_start_pre: list[list[str]]
    exec_start: list[str]
    environment: dict[str, str]
    working_directory: Path


def _service_section(text: str) -> list[tuple[str, str]]:
    entries, section = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "Service" and "=" in line:
            key, value = line.split("=", 1)
            entries.append((key.strip(), value.strip()))
    return entries


def load_unit(filename: str, workdir: Path, instance: str = "") -> Unit:
    """deploy/systemd/<filename>, resolved as systemd would for this instance."""
    mapping = path_map(workdir)
    text = map_paths((DEPLOY / "systemd" / filename).read_text(encoding="utf-8"), mapping)
    environment: dict[str, str] = {}
    commands: dict[str, list[list[str]]] = {"ExecStartPre": [], "ExecStart": []}
    working_directory = ROOT
    entries = [(key, value.replace("%i", instance)) for key, value in _service_section(text)]
    for key, value in entries:
        if key == "EnvironmentFile":
            environment.update(read_env_file(Path(value.lstrip("-"))))
        elif key == "Environment":
            for assignment in shlex.split(value):
                name, _, setting = assignment.partition("=")
                environment[name] = setting
        elif key == "WorkingDirectory":
            working_directory = Path(value)
    for key, value in entries:
        if key in commands:
            command = value.lstrip("-@:+!")
            commands[key].append(shlex.split(substitute(command, environment, strict=False)))
    if len(commands["ExecStart"]) != 1:
        raise ValueError(f"{filename}: expected one ExecStart=")
    return Unit(
        filename.replace("@.service", f"@{instance}").replace(".service", ""),
        commands["ExecStartPre"],
        commands["ExecStart"][0],
        environment,
        working_directory,
    )


def render_site(template: Path, env: Mapping[str, str], mapping: Mapping[str, str]) -> str:
    """The nginx site with ${VARS} filled in.

    A line that mentions ${RASA_PORT} is repeated once per port in RASA_PORTS: one
    upstream `server` line per navi-rasa@PORT unit.
    """
    lines = []
    for line in map_paths(template.read_text(encoding="utf-8"), mapping).splitlines():
        if "${RASA_PORT}" in line:
            for port in env["RASA_PORTS"].split():
                lines.append(substitute(line, {**env, "RASA_PORT": port}))
        else:
            lines.append(substitute(line, env))
    return "\n".join(lines) + "\n"

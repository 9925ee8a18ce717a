"""deploy/'s files are what the launcher runs: units resolve as systemd would, and the
nginx site gets one upstream server per Rasa process, with nothing left unfilled."""

from __future__ import annotations

from pathlib import Path

from launcher import units
from launcher.paths import DEPLOY, ROOT


def _settings(tmp_path: Path) -> dict[str, str]:
    values = units.read_env_file(DEPLOY / "navi.env")
    values.update(RASA_PORTS="5005 5006", TRACKER_PASSWORD="secret")
    units.write_env_file(values, tmp_path / "etc" / "navi.env")
    return values


def test_units_run_the_servers_on_the_private_side(tmp_path: Path) -> None:
    _settings(tmp_path)
    rasa = units.load_unit("navi-rasa@.service", tmp_path, "5006")
    command = " ".join(rasa.exec_start)
    assert "--port 5006" in command and "--interface 127.0.0.1" in command
    assert f"--endpoints {ROOT}/deploy/endpoints.yml" in command
    assert f"--credentials {tmp_path}/run/credentials-5006.yml" in command
    assert rasa.environment["TRACKER_PASSWORD"] == "secret"
    assert rasa.exec_start_pre and "active_credentials.py" in " ".join(rasa.exec_start_pre[0])
    actions = units.load_unit("navi-actions.service", tmp_path)
    assert actions.exec_start[:2] == ["/usr/bin/env", "SANIC_HOST=127.0.0.1"]
    assert "--port" in actions.exec_start and "5055" in actions.exec_start
    assert (tmp_path / "etc" / "navi.env").stat().st_mode & 0o777 == 0o600


def test_the_site_balances_over_every_rasa_process(tmp_path: Path) -> None:
    site = units.render_site(
        DEPLOY / "nginx" / "navi.conf", _settings(tmp_path), units.path_map(tmp_path)
    )
    assert "${" not in site
    assert site.count("server 127.0.0.1:5005") == 1
    assert site.count("server 127.0.0.1:5006") == 1
    assert "socket.io" not in site  # the widget uses REST; socket.io is not offered
    assert f"root {ROOT}/web/static;" in site
    assert "limit_req zone=navi_chat burst=10 nodelay;" in site

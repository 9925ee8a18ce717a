"""The two ways the bot runs: embedded (`make run`) and scaled (`make run-scaled`).

Both return a Topology: where to talk to the bot, and the processes behind it, which
tests kill and restart and the benchmark measures (CPU, RSS).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from launcher import units
from launcher.paths import BIN, DEPLOY, MODELS, ROOT
from launcher.processes import (
    Group,
    Proc,
    base_environment,
    cpu_seconds,
    free_port,
    stop,
    wait_http,
)
from launcher.services import Nginx, Postgres, Redis

REST_PATH = "/webhooks/rest/webhook"


@dataclass
class Topology:
    """A running bot: its public URL, its processes and its stores."""

    workdir: Path
    public_url: str
    action_url: str
    rasa: list[Proc]
    actions: Proc
    group: Group = field(default_factory=Group)
    rasa_urls: list[str] = field(default_factory=list)
    nginx: Nginx | None = None
    postgres: Postgres | None = None
    redis: Redis | None = None
    web: Proc | None = None
    cold_start_s: float = 0.0

    def families(self) -> dict[str, list[int]]:
        """PIDs per role (each with its workers/backends), for CPU and memory figures."""
        roles: dict[str, list[Proc | None]] = {
            "rasa": list(self.rasa),
            "actions": [self.actions],
            "nginx": [self.nginx.proc if self.nginx else None],
            "postgres": [self.postgres.proc if self.postgres else None],
            "redis": [self.redis.proc if self.redis else None],
        }
        return {
            role: [pid for proc in procs if proc is not None for pid in proc.family()]
            for role, procs in roles.items()
        }

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far per role (see processes.cpu_seconds)."""
        return {role: cpu_seconds(pids) for role, pids in self.families().items()}


def _first_answer(url: str, procs: list[Proc], deadline: float) -> None:
    while time.monotonic() < deadline:
        for proc in procs:
            if not proc.alive():
                raise RuntimeError(f"{proc.name} exited early:\n{proc.tail()}")
        try:
            reply = httpx.post(
                url, json={"sender": "web-" + "0" * 32, "message": "こんにちは"}, timeout=60
            )
            if reply.status_code == 200 and reply.json():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"no first answer from {url}:\n" + "\n".join(p.tail() for p in procs))


# --- embedded: `make run`, most tests, the 1-process benchmark ---------------------------


@contextmanager
def embedded(
    workdir: Path,
    *,
    model: Path = MODELS,
    rasa_port: int | None = None,
    action_port: int | None = None,
    workers: int = 1,
    credentials: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    cors: str | None = None,
    quiet: bool = True,
    first_answer: bool = True,
    web_port: int | None = None,
    desk_port: int | None = None,
    start_timeout: float = 300,
) -> Iterator[Topology]:
    """Action server + one Rasa process (SQLite), as `make run` starts them.

    workers > 1 runs that many Sanic workers sharing a throw-away Redis lock store.
    credentials=None writes only the channels whose secrets are set in the environment.
    web_port also serves the widget page (web/serve.py) there; desk_port the support desk
    (desk/server.py), reading the same ticket database as the action server.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    group = Group()
    redis: Redis | None = None
    try:
        settings = {"LOCK_STORE": "in_memory", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379"}
        if workers > 1:
            redis = Redis(workdir).start()
            settings.update(LOCK_STORE="redis", REDIS_PORT=str(redis.port))
        rasa_port = rasa_port or free_port()
        action_port = action_port or free_port()
        environ = base_environment(
            {
                **settings,
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
                "TRACKER_DB": str(workdir / "tracker.db"),
                "DESK_DB_URL": f"sqlite:///{workdir / 'desk.db'}",  # handoff tickets
                "SANIC_WORKERS": str(workers),
                **(env or {}),
            }
        )
        creds = _credentials(workdir, credentials, environ)
        quiet_flag = ["--quiet"] if quiet else []
        started = time.monotonic()
        deadline = started + start_timeout
        # The action server executes any action for anyone who reaches it: loopback only.
        actions = group.add(
            Proc(
                "actions",
                [
                    str(BIN / "rasa"),
                    "run",
                    "actions",
                    "--actions",
                    "actions",
                    "--port",
                    str(action_port),
                    *quiet_flag,
                ],
                workdir / "actions.log",
                {**environ, "SANIC_HOST": "127.0.0.1", "SANIC_WORKERS": "1"},
            )
        )
        rasa_cmd = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints"]
        rasa_cmd += [str(ROOT / "endpoints.yml"), "--credentials", str(creds)]
        rasa_cmd += ["--port", str(rasa_port), *quiet_flag]
        if cors:
            rasa_cmd += ["--cors", *cors.split()]
        rasa = group.add(Proc("rasa", rasa_cmd, workdir / "rasa.log", environ))
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        web = None
        if web_port:
            web_cmd = [str(BIN / "python"), "-m", "web.serve", "--port", str(web_port)]
            web_cmd += ["--rasa-url", f"http://localhost:{rasa_port}"]
            web = group.add(Proc("web", web_cmd, workdir / "web.log", environ))
        if desk_port:
            desk_cmd = [str(BIN / "python"), "-m", "desk.server", "--port", str(desk_port)]
            group.add(Proc("desk", desk_cmd, workdir / "desk.log", environ))
        topology = Topology(
            workdir,
            rasa_url,
            f"http://127.0.0.1:{action_port}",
            [rasa],
            actions,
            group,
            [rasa_url],
            redis=redis,
            web=web,
        )
        wait_http(f"{topology.action_url}/health", actions, deadline)
        wait_http(f"{rasa_url}/", rasa, deadline)
        if first_answer:
            _first_answer(rasa_url + REST_PATH, [rasa, actions], deadline)
        topology.cold_start_s = round(time.monotonic() - started, 2)
        yield topology
    finally:
        group.stop()
        if redis:
            redis.stop()


def _credentials(workdir: Path, credentials: dict[str, Any] | None, environ: dict) -> Path:
    path = workdir / "credentials.yml"
    if credentials is None:
        script = ROOT / "scripts" / "active_credentials.py"
        subprocess.run(
            [str(BIN / "python"), str(script), str(ROOT / "credentials.yml"), str(path)],
            check=True,
            env=environ,
            stdout=subprocess.DEVNULL,
        )
    else:
        path.write_text(yaml.safe_dump(credentials, allow_unicode=True), encoding="utf-8")
        path.chmod(0o600)
    return path


# --- scaled: nginx + several Rasa processes + PostgreSQL + Redis ------------------------


@dataclass
class Scaled:
    """deploy/'s topology on this machine: start(), stop() and start() again (restart test).

    The PostgreSQL data directory and every port survive stop(), so a restart resumes the
    same conversations, as a rebooted server does.
    """

    workdir: Path
    processes: int = 2
    env: dict[str, str] = field(default_factory=dict)
    public_port: int = 0
    start_timeout: float = 300
    model: Path = MODELS
    postgres: Postgres | None = None
    redis: Redis | None = None
    topology: Topology | None = None

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        # PostgreSQL runs as its own user and must be able to reach its data directory.
        self.workdir.chmod(0o755)
        self.public_port = self.public_port or free_port()
        self.rasa_ports = [free_port() for _ in range(self.processes)]
        self.action_port = free_port()
        self.postgres = Postgres(self.workdir / "postgres")
        self.redis = Redis(self.workdir / "redis")

    def settings(self) -> dict[str, str]:
        """deploy/navi.env with this machine's ports, paths and the test's overrides."""
        assert self.postgres and self.redis
        values = units.read_env_file(DEPLOY / "navi.env")
        mapping = units.path_map(self.workdir)
        values = {key: units.map_paths(value, mapping) for key, value in values.items()}
        public = f"http://127.0.0.1:{self.public_port}"
        values.update(
            PUBLIC_LISTEN=f"127.0.0.1:{self.public_port}",
            SERVER_NAME="localhost",
            PUBLIC_URL=public,
            RASA_PORTS=" ".join(map(str, self.rasa_ports)),
            ACTION_PORT=str(self.action_port),
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            REDIS_PORT=str(self.redis.port),
            LINE_DUPLICATE_CACHE_URL=f"{self.redis.url}/2",
            NAVI_MODEL=str(self.model),
            **self.postgres.env(),
        )
        values.update(self.env)
        return values

    def start(self, first_answer: bool = True) -> Topology:
        assert self.postgres and self.redis
        started = time.monotonic()
        deadline = started + self.start_timeout
        group = Group()
        for name in ("etc", "var", "run", "nginx"):
            (self.workdir / name).mkdir(parents=True, exist_ok=True)
        self.postgres.init().start().create_database()
        self.redis.start()
        settings = self.settings()
        units.write_env_file(settings, self.workdir / "etc" / "navi.env")
        actions = group.add(self._unit_proc("navi-actions.service", ""))
        rasa = [group.add(self._unit_proc("navi-rasa@.service", str(p))) for p in self.rasa_ports]
        site = self.workdir / "nginx" / "navi.conf"
        site.write_text(
            units.render_site(
                DEPLOY / "nginx" / "navi.conf", settings, units.path_map(self.workdir)
            ),
            encoding="utf-8",
        )
        nginx = Nginx(self.workdir / "nginx", site)
        public = settings["PUBLIC_URL"]
        self.topology = Topology(
            self.workdir,
            public,
            f"http://127.0.0.1:{self.action_port}",
            rasa,
            actions,
            group,
            [f"http://127.0.0.1:{p}" for p in self.rasa_ports],
            nginx=nginx,
            postgres=self.postgres,
            redis=self.redis,
        )
        try:
            wait_http(f"{self.topology.action_url}/health", actions, deadline)
            for url, proc in zip(self.topology.rasa_urls, rasa, strict=True):
                wait_http(f"{url}/", proc, deadline)
            nginx.start(self.public_port)
            if first_answer:
                _first_answer(public + REST_PATH, [*rasa, actions], deadline)
        except BaseException:
            self.stop()
            raise
        self.topology.cold_start_s = round(time.monotonic() - started, 2)
        return self.topology

    def _unit_proc(self, unit_file: str, instance: str) -> Proc:
        unit = units.load_unit(unit_file, self.workdir, instance)
        environ = {**os.environ, **unit.environment}
        for command in unit.exec_start_pre:
            subprocess.run(
                command,
                check=True,
                env=environ,
                cwd=unit.working_directory,
                stdout=subprocess.DEVNULL,
            )
        log = self.workdir / "logs" / f"{unit.name}.log"
        return Proc(unit.name, unit.exec_start, log, environ, cwd=unit.working_directory)

    def restart_rasa(self, index: int) -> Proc:
        """Start process `index` again (systemd's Restart=always after a crash)."""
        assert self.topology
        old = self.topology.rasa[index]
        stop([old])
        proc = self._unit_proc("navi-rasa@.service", str(self.rasa_ports[index])).start()
        self.topology.rasa[index] = proc
        self.topology.group.procs.append(proc)
        wait_http(f"{self.topology.rasa_urls[index]}/", proc, time.monotonic() + self.start_timeout)
        return proc

    def stop(self) -> None:
        """Everything down: nginx, Rasa, actions, then the stores."""
        if self.topology:
            if self.topology.nginx:
                self.topology.nginx.stop()
            self.topology.group.stop()
            self.topology = None
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()


@contextmanager
def scaled(
    workdir: Path, processes: int = 2, env: dict[str, str] | None = None, first_answer: bool = True
) -> Iterator[Scaled]:
    """The scaled topology, stopped on exit; yields the controller (its .topology runs)."""
    controller = Scaled(workdir, processes, env or {})
    try:
        controller.start(first_answer=first_answer)
        yield controller
    finally:
        controller.stop()

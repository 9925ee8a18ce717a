"""The one launcher: `make run`, `make run-scaled`, the tests and the bench start processes here.

- processes: spawn, wait for, measure and stop OS processes (and their workers);
- units: read deploy/'s systemd units, environment file and nginx site, so what runs here
  is what runs on a server;
- services: throw-away PostgreSQL, Redis and nginx instances on free loopback ports;
- topology: the embedded default (one Rasa process, SQLite) and the scaled topology.
"""

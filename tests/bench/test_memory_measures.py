"""The soak's memory measures read /proc as documented: PSS divides shared pages.

PostgreSQL's shared buffers are one mapping shared by every backend; summed RSS counted
them once per backend and reported growth that was only more backends touching the same
cache (bench/soak.py). A child that shares a large mapping must not double the PSS sum,
and the mapping must not show in its private (anonymous) memory.

The measurement runs in a small fresh interpreter: forked from pytest's large process,
the child would share (copy-on-write) hundreds of MB of the parent's heap, which
RssAnon counts in both and which would hide the mapping under test.
"""

from __future__ import annotations

import json
import subprocess
import sys

from launcher.paths import ROOT

SHARED_MB = 64

_PROBE = f"""
import json, mmap, os, signal, time
from launcher import processes
shared = mmap.mmap(-1, {SHARED_MB} * 1024 * 1024, flags=mmap.MAP_SHARED)
shared.write(b"x" * len(shared))  # touch every page in the parent
read, write = os.pipe()
child = os.fork()
if child == 0:
    os.close(read)
    before = processes.private_mb([os.getpid()])
    total = sum(shared[i] for i in range(0, len(shared), mmap.PAGESIZE))  # touch them too
    after = processes.private_mb([os.getpid()])
    os.write(write, json.dumps([before, after, bool(total)]).encode() + b"\\n")
    time.sleep(60)
    os._exit(0)
os.close(write)
before, after, touched = json.loads(os.fdopen(read).readline())
both = [os.getpid(), child]
print(json.dumps({{"rss": processes.rss_mb(both), "pss": processes.pss_mb(both),
                  "private_growth": after - before, "touched": touched}}))
os.kill(child, signal.SIGKILL)
os.waitpid(child, 0)
"""


def test_pss_counts_a_shared_mapping_once_and_rss_counts_it_per_process() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    measured = json.loads(out.stdout)
    assert measured["touched"]
    assert measured["rss"] - measured["pss"] >= SHARED_MB * 0.8  # RSS has it twice, PSS once
    assert measured["private_growth"] < SHARED_MB / 2  # shared memory, not private

"""Real vrptool processes without paying for Python's start-up and vrptool's imports in each one.

A server process starts Python and imports vrptool's command line and what checking data needs
(PRELOAD) once, then forks a child for each run. A child is a real process, as `python -m
vrptool` is: its own memory, exit status and output files, and nothing run before it (the server
only imported). What it costs is measured as for a fresh process, or more: its CPU time is its
own plus the server's start-up; its peak memory is wait4's ru_maxrss (which counts the memory it
inherited) plus the server's file-backed resident pages (which a child counts only once it
touches them). Where a test needs Python's own start-up (`python -m`, a closed pipe, a terminal),
it starts a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

#: What a run that checks data imports (importing is all: no function that keeps state is run
#: but those that import every model and every rule and make validate's validator of each kind,
#: as checks of data do).
PRELOAD = """
import vrptool.checks, vrptool.commands.validate, vrptool.dataset, vrptool.formatters.json, vrptool.formatters.text
import vrptool.incremental, vrptool.installed, vrptool.loader, vrptool.models, vrptool.rules, vrptool.store
import vrptool.models.records
vrptool.models.by_kind()
vrptool.rules.modules()
for kind in vrptool.models.records.SCHEMAS:
    vrptool.models.records.validator(kind)
"""

#: Each request is a JSON line on the server's standard input; each reply, one on its output.
SERVER = r"""
import json, os, resource, signal, sys, time, traceback
from vrptool.cli import main
exec(sys.argv[1], {})
usage = resource.getrusage(resource.RUSAGE_SELF)
started = usage.ru_utime + usage.ru_stime
with open("/proc/self/status") as status:  # the pages a child shares and counts once it touches them
    shared = sum(int(line.split()[1]) for line in status if line.startswith(("RssFile:", "RssShmem:"))) / 1024
replies = os.fdopen(os.dup(1), "w")
print(json.dumps({"started": started}), file=replies, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for fd, name, flags in ((0, os.devnull, os.O_RDONLY), (1, request["out"], os.O_WRONLY),
                                    (2, request["err"], os.O_WRONLY)):
                os.dup2(os.open(name, flags), fd)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            exec(request["patch"], {"__name__": "__patch__"})
            code = main(request["args"])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    start, hung = time.perf_counter(), False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        waited = time.perf_counter() - start
        if request["kill_after"] is not None and waited >= request["kill_after"]:
            os.kill(pid, signal.SIGKILL)
            request["kill_after"] = None
        elif waited > request["timeout"]:
            os.kill(pid, signal.SIGKILL)
            hung = True
        time.sleep(0.002)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status), "hung": hung,
                      "seconds": started + usage.ru_utime + usage.ru_stime,
                      "megabytes": shared + usage.ru_maxrss / 1024}), file=replies, flush=True)
"""


@dataclass
class Ran:
    code: int
    out: str
    err: str
    seconds: float  # CPU time, start-up included
    megabytes: float  # peak resident memory

    @property
    def returncode(self) -> int:  # as subprocess.CompletedProcess names it
        return self.code

    @property
    def stdout(self) -> str:
        return self.out

    @property
    def stderr(self) -> str:
        return self.err


class Vrptool:
    """`vrptool ARGS` as a real process forked from the server."""

    def __init__(self, preload: str = PRELOAD) -> None:
        self._server = subprocess.Popen([sys.executable, "-c", SERVER, preload], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self._server.stdout is not None
        self.started = json.loads(self._server.stdout.readline())["started"]

    def __call__(self, *args: str | Path, cwd: Path, env: dict[str, str] | None = None, patch: str = "",
                 kill_after: float | None = None, timeout: float = 60) -> Ran:
        """Run in cwd with the environment env (default this one's), after the Python in patch;
        killed (SIGKILL) after kill_after seconds, if given; a run longer than timeout fails the test."""
        assert self._server.stdin is not None and self._server.stdout is not None
        with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
            request = {"args": [str(a) for a in args], "cwd": str(cwd), "env": dict(os.environ if env is None else env),
                       "patch": patch, "out": out.name, "err": err.name, "kill_after": kill_after,
                       "timeout": timeout}
            self._server.stdin.write(json.dumps(request) + "\n")
            self._server.stdin.flush()
            reply = self._server.stdout.readline()
            assert reply, "the process server died"
            result = json.loads(reply)
            if result["hung"]:
                pytest.fail(f"vrptool {' '.join(request['args'])} hung")
            return Ran(result["code"], Path(out.name).read_text("utf-8", "replace"),
                       Path(err.name).read_text("utf-8", "replace"), result["seconds"], result["megabytes"])

    def close(self) -> None:
        assert self._server.stdin is not None
        self._server.stdin.close()
        self._server.wait(timeout=30)


"""Shared helpers of the benchmarks: run commands as subprocesses and take medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tsp_command() -> list[str]:
    """The installed `tsp` console script beside this interpreter, as a user runs it."""
    beside = Path(sys.executable).with_name("tsp")
    found = str(beside) if beside.exists() else shutil.which("tsp")
    if found is None:
        sys.exit("benchmarks: the tsp command is not installed (pip install -e .)")
    return [found]


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one run, in seconds; a failing command stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"benchmarks: {' '.join(argv)} exited {done.returncode}:\n"
                 f"{done.stderr.decode(errors='replace')}")
    return elapsed


TIME = "/usr/bin/time"  # GNU time (Debian's `time` package)


def peak_kb(argv: Sequence[str], env: dict[str, str] | None = None) -> int | None:
    """Peak resident memory (KB) of one run of argv, as GNU time reports it; None without
    /usr/bin/time (Debian's `time` package).

    Not from wait4 on a child of this process: Linux carries a process's high-water mark across
    exec, so a command started from a benchmark that has grown large (bench_national holds a
    whole register's listing) would report the benchmark's own size. GNU time is a process of a
    few MB, so what it reports is the command's."""
    import tempfile

    if not os.path.exists(TIME):
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        subprocess.run([TIME, "-f", "%M", "-o", report.name, *argv], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = report.read().strip().splitlines()
    return int(text[-1]) if text and text[-1].isdigit() else None



def run_measured(argv: Sequence[str], env: dict[str, str] | None = None,
                 ok: tuple[int, ...] = (0,)) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s, user + system) and the kernel's peak resident memory (KB) of
    one run of argv, the last two from its account of that one child (wait4), so no other
    process is counted. CPU time is what the run costs whatever else the machine is doing; the
    memory figure can be this process's own (see peak_kb), so `measure` reports peak_kb's
    where GNU time is installed, and says so where it is not."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode not in ok:
        sys.exit(f"benchmarks: {' '.join(argv)} exited {child.returncode}:\n"
                 f"{stderr.decode(errors='replace')}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


@dataclass
class Command:
    """One thing to time: its argv, what to add to the environment, exit codes that are fine."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ok: tuple[int, ...] = (0,)
    before: list[list[str]] = field(default_factory=list)  # run untimed before each timed run


@dataclass
class Figures:
    median: float
    cpu: float  # median CPU time
    peak_kb: int
    times: list[float]


def measure(commands: dict[str, Command], runs: int, warmup: int = 2) -> dict[str, Figures]:
    """Median wall time and peak memory of each command. Runs are interleaved (a, b, a, b,
    ...) so that a slow spell on a noisy machine hits every command alike, and each ratio
    compares figures taken in the same minutes."""
    compile_sources()
    base = dict(os.environ)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = {name: 0 for name in commands}
    for round_ in range(warmup + runs):
        for name, command in commands.items():
            env = {**base, **command.env}
            for argv in command.before:
                subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            elapsed, cpu, peak = run_measured(command.argv, env, command.ok)
            if round_ >= warmup:
                times[name].append(elapsed)
                cpus[name].append(cpu)
                peaks[name] = max(peaks[name], peak)
    if not os.path.exists(TIME):
        print(f"benchmarks: no {TIME} (apt-get install time): peak memory is wait4's, which "
              "can be this benchmark's own size", file=sys.stderr)
    for name, command in commands.items():  # one more run of each, for its peak memory
        env = {**base, **command.env}
        for argv in command.before:
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        peak = peak_kb(command.argv, env)
        peaks[name] = peak if peak is not None else peaks[name]
    return {name: Figures(statistics.median(times[name]), statistics.median(cpus[name]),
                          peaks[name], times[name])
            for name in commands}


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def compile_sources() -> None:
    """Byte-compile tsp's own modules once, as any non-editable `pip install` does.

    An editable install leaves them as source, and where PYTHONDONTWRITEBYTECODE is set (as on
    this project's machines) Python would compile every module again on every run: a cost no
    installed copy pays, which the baseline (site-packages, compiled at install) never pays."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True,
                   stdout=subprocess.DEVNULL)


def medians(commands: dict[str, list[str]], runs: int, warmup: int = 2,
            env: dict[str, str] | None = None) -> dict[str, float]:
    """Median wall time of each command. Runs are interleaved (a, b, a, b, ...) so that a
    slow spell on a noisy machine hits every command alike, and the ratio stays honest."""
    compile_sources()
    env = {**os.environ, **(env or {})}
    for argv in commands.values():
        for _ in range(warmup):
            run_once(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(run_once(argv, env))
    return {name: statistics.median(values) for name, values in times.items()}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"

"""CPU time of a cold `jobzone check` / `jobzone score` of one workbook, beside its floor and
its past (issue 17, item 3: <= 0.5 s for check and score, <= 0.15 s for --help and --version).

Each command runs in fresh processes; the figure is the child's CPU time (user + system),
which other work on a busy 2-core machine does not inflate the way it inflates wall time.
The cases run round-robin, so a change of load over the run touches every row alike.
Rows:
- `--help` / `--version`: what every jobzone command pays before its own work;
- floor: a process that imports exactly the modules the command loaded (recorded from a
  real run, lazily imported ones included) and does nothing else, so command - floor is
  the command's own work and the floor is what no trimming of that work can go below;
  for check, also that floor without pandas, pandera and what pandera imports: what a
  check would cost if validating were free, whichever backend pandera ran on;
- the command now, and the same command at a git revision (by default the commit this
  item started from), run from an exported copy of that revision with this venv's
  libraries, so the two differ only in jobzone's own code;
- check with hypothesis hidden: as installed without the test extras (pandera's pandas
  backend imports hypothesis at its first validation when hypothesis is installed);
- check and score with the check server running (`jobzone server start`): a cold client
  process, whose CPU is counted as every row's is, plus the CPU of the server's child
  that ran the command (the server's own count, read from `jobzone server status`
  before and after each run); the server's one start-up is printed below the table.
Every other row runs with JOBZONE_NO_SERVER=1, so a server left running cannot answer.
Python compiles jobzone's sources at every start when PYTHONDONTWRITEBYTECODE is set (as
on this machine); installed packages keep their bytecode. `--cached-bytecode` compiles
jobzone's sources (and the baseline's) first, as `pip install` of a wheel does and as
Python itself does at the first run anywhere the variable is not set, and removes that
bytecode afterwards. The header says which.

Run: python bench/check_cold.py [RUNS] [--baseline REV | --no-baseline] [--cached-bytecode]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "llmops-engineer.xlsx"
# main when issue 17's item 3 (the cold single check) began
ISSUE_START = "31622b5"
# jobzone's import namespace is mounted from these folders (pyproject's package-dir)
MOUNTED = ("engine", "schemas", "workbooks")
CHECK_BUDGET, START_BUDGET = 0.5, 0.15

RUN_CLI = ("import sys; sys.argv = ['jobzone', *sys.argv[1:]]; "
           "from jobzone.engine.cli.start import main; main()")
HIDE_HYPOTHESIS = "import sys; sys.modules['hypothesis'] = None; " + RUN_CLI
# the command run once more, writing the names of the modules it loaded when it exits
RECORD = ("import atexit, json, sys\n"
          "out = sys.argv.pop(1)\n"
          "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted(sys.modules))))\n"
          + RUN_CLI)
# imports each recorded module (parents before children: sorted names do that) and stops;
# a `__main__` would run a program, and a name that is not importable on its own (a
# module object registered under an alias) is skipped. The collector is frozen at the
# end, as a check freezes it after its first batch (`jobzone.engine.check.bulk`): else
# the floor alone pays a last full collection of every module's objects at exit
# (0.25-0.3 s here) that the commands do not.
FLOOR = ("import gc, importlib, json, sys\n"
         "for name in json.load(open(sys.argv[1])):\n"
         "    if name == '__main__' or name.endswith('.__main__'):\n"
         "        continue\n"
         "    try:\n"
         "        importlib.import_module(name)\n"
         "    except Exception:\n"
         "        pass\n"
         "gc.freeze()\n")
# The validator's stack: pandas, pandera and what pandera imports. The floor without it
# is what a cold check would cost if validating were free; modules that import it at
# import time (jobzone.schemas) are left out, and any other that tries fails at once.
VALIDATOR = ("pandas", "pandera", "hypothesis", "_hypothesis_globals", "pydantic",
             "pydantic_core", "typeguard", "annotated_types", "typing_inspection")
NO_VALIDATOR = ("import importlib.abc, sys\n"
                "class _Absent(importlib.abc.MetaPathFinder):\n"
                "    def find_spec(self, name, path=None, target=None):\n"
                f"        if name.split('.')[0] in {VALIDATOR!r}:\n"
                "            raise ModuleNotFoundError(name)\n"
                "sys.meta_path.insert(0, _Absent())\n")


@dataclass
class Case:
    name: str
    command: list[str]
    budget: float | None = None
    env: dict[str, str] | None = None
    cwd: Path = ROOT
    server: Path | None = None  # the folder of the server that answers this case
    cpus: list[float] = field(default_factory=list)
    walls: list[float] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _served_cpu(folder: Path) -> float:
    """CPU seconds of the commands the server has run, once none is running."""
    from jobzone.engine.cli.server_address import ask

    while True:
        status = ask({"op": "status"}, folder)
        if status is None:
            raise SystemExit(f"the check server in {folder} stopped")
        if not status["running"]:
            return float(status["worker_cpu_seconds"])


def run_once(case: Case) -> None:
    """One fresh process of the case; its CPU and wall seconds appended."""
    served = _served_cpu(case.server) if case.server else 0.0
    cpu, start = _children_cpu(), time.perf_counter()
    env = dict(case.env or os.environ)
    if case.server:
        env["JOBZONE_SERVER_DIR"] = str(case.server)
    else:
        env["JOBZONE_NO_SERVER"] = "1"
    done = subprocess.run(case.command, capture_output=True, check=False, cwd=case.cwd,
                          env=env)
    case.walls.append(time.perf_counter() - start)
    case.cpus.append(_children_cpu() - cpu)
    if case.server:
        case.cpus[-1] += _served_cpu(case.server) - served
    if done.returncode not in (0, 1):
        raise SystemExit(f"{case.name}: exited {done.returncode}: {done.stderr[-800:]!r}")


def record_modules(args: list[str], out: Path, env: dict[str, str] | None = None) -> int:
    """Run `jobzone ARGS` once, keeping the names of the modules it loaded in `out`."""
    done = subprocess.run([sys.executable, "-c", RECORD, str(out), *args],
                          capture_output=True, check=False, cwd=ROOT, env=env)
    if done.returncode not in (0, 1) or not out.exists():
        raise SystemExit(f"recording {args}: exited {done.returncode}: {done.stderr[-800:]!r}")
    return len(json.loads(out.read_text()))


def export_revision(rev: str, into: Path) -> Path:
    """jobzone at `rev`, exported under `into`: the folder to run it from.

    The exported tree's `jobzone/` gets links to the folders pyproject mounts under it;
    run from there, `python -m` finds it first (the editable install's finder is asked
    last), with this venv's libraries.
    """
    archive = into / "rev.tar"
    with archive.open("wb") as sink:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev], stdout=sink, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "src", filter="data")
    source = into / "src"
    for folder in MOUNTED:
        (source / "jobzone" / folder).symlink_to(source / folder, target_is_directory=True)
    where = subprocess.run([sys.executable, "-c", "import jobzone.engine; "
                            "print(jobzone.engine.__file__)"], capture_output=True, text=True,
                           check=True, cwd=source).stdout.strip()
    if not where.startswith(str(source)):
        raise SystemExit(f"the exported revision is not the one imported ({where})")
    return source


def _without_validator(record: Path, lean: Path) -> Case:
    """The floor of `record` without the validator's stack (VALIDATOR) and jobzone.schemas."""
    names = [name for name in json.loads(record.read_text())
             if name.split(".")[0] not in VALIDATOR and not name.startswith("jobzone.schemas")]
    lean.write_text(json.dumps(names))
    return Case(f"  same, without pandas/pandera ({len(names)} modules)",
                [sys.executable, "-c", NO_VALIDATOR + FLOOR, str(lean)])


@contextlib.contextmanager
def compiled(roots: list[Path]) -> Iterator[None]:
    """jobzone's sources under each root compiled to bytecode, removed again afterwards."""
    made: list[Path] = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    try:
        for root in roots:
            folders = [root / name for name in (*MOUNTED, "jobzone")]
            before = {p for f in folders for p in f.rglob("__pycache__")}
            subprocess.run([sys.executable, "-m", "compileall", "-q", *map(str, folders)],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            made += [p for f in folders for p in f.rglob("__pycache__") if p not in before]
        yield
    finally:
        for cache in made:
            shutil.rmtree(cache, ignore_errors=True)


def cases(runs_dir: Path, baseline: str | None) -> list[Case]:
    python = sys.executable
    example = str(EXAMPLE)
    past = export_revision(baseline, runs_dir) if baseline else None
    found = []
    for args, budget in ((["--help"], START_BUDGET), (["--version"], START_BUDGET),
                         (["check", example], CHECK_BUDGET), (["score", example], CHECK_BUDGET)):
        shown = "jobzone " + " ".join("example" if a == example else a for a in args)
        if args[0] in ("check", "score"):
            record = runs_dir / f"{args[0]}.json"
            count = record_modules(args, record)
            found.append(Case(f"floor of {args[0]}: its {count} modules imported",
                              [python, "-c", FLOOR, str(record)]))
            if args[0] == "check":
                found.append(_without_validator(record, runs_dir / "lean.json"))
        found.append(Case(f"{shown} (now)", [python, "-m", "jobzone", *args], budget))
        if past is not None:
            found.append(Case(f"{shown} (at {baseline})", [python, "-m", "jobzone", *args],
                              budget, cwd=past))
    found.append(Case("  check, hypothesis hidden (no test extras)",
                      [python, "-c", HIDE_HYPOTHESIS, "check", example]))
    folder = runs_dir / "server"
    for command in ("check", "score"):
        found.append(Case(f"jobzone {command} example (server running)",
                          [python, "-m", "jobzone", command, example], CHECK_BUDGET,
                          server=folder))
    return found


@contextlib.contextmanager
def check_server(folder: Path) -> Iterator[float]:
    """This checkout's check server started in `folder` (stopped afterwards); yields the
    CPU seconds its start-up took (its imports and warm-up)."""
    from jobzone.engine.cli.server_address import ask

    folder.mkdir(mode=0o700)
    env = {**os.environ, "JOBZONE_SERVER_DIR": str(folder)}
    subprocess.run([sys.executable, "-m", "jobzone", "server", "start"], check=True, env=env,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    status = ask({"op": "status"}, folder) or {}
    try:
        yield float(status.get("server_cpu_seconds", 0.0))
    finally:
        subprocess.run([sys.executable, "-m", "jobzone", "server", "stop"], check=False,
                       env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument("--baseline", default=ISSUE_START,
                        help=f"git revision to compare with (default {ISSUE_START})")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--cached-bytecode", action="store_true",
                        help="compile jobzone's sources first, as an installed package has")
    args = parser.parse_args()
    # short: a Unix socket's path must fit in 108 bytes
    with tempfile.TemporaryDirectory(prefix="jzb-") as tmp:
        table = cases(Path(tmp), None if args.no_baseline else args.baseline)
        roots = {ROOT, *(case.cwd for case in table)} if args.cached_bytecode else set()
        with compiled(sorted(roots)), check_server(Path(tmp) / "server") as start_cpu:
            for _ in range(args.runs):
                for case in table:
                    run_once(case)
    bytecode = ("cached (compiled before the runs)" if args.cached_bytecode else
                "compiled at every start (PYTHONDONTWRITEBYTECODE)"
                if os.environ.get("PYTHONDONTWRITEBYTECODE") else "cached")
    print(f"cold processes, {args.runs} runs each, round-robin; jobzone's bytecode {bytecode}")
    print(f"{'':48} {'CPU s median':>12} {'min':>6} {'max':>6} {'wall med':>8}  budget")
    for case in table:
        cpu = statistics.median(case.cpus)
        verdict = "" if case.budget is None else (
            f"<= {case.budget:.2f} {'met' if cpu <= case.budget else 'NOT met'}")
        print(f"{case.name:48} {cpu:12.3f} {min(case.cpus):6.3f} {max(case.cpus):6.3f} "
              f"{statistics.median(case.walls):8.3f}  {verdict}")
    served = statistics.median(table[-2].cpus)
    cold = statistics.median(next(c for c in table if c.name == "jobzone check example (now)")
                             .cpus)
    print(f"the check server's start (imports and warm-up, once): {start_cpu:.3f} s CPU; "
          f"paid back after {start_cpu / max(cold - served, 1e-9):.1f} checks")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

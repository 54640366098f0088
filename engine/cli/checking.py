"""Workbooks through the check pipeline for a command: `check` and `score` share this.

Both take the same PATHS (files, directories, globs, `-` for standard input), run every
file through the same check (integrity, rules drift, agreement, the method's rules),
and exit by the same rule, so `score` never presents a number `check` would reject.
A path that names nothing to check is a finding too (JZ008), reported like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from jobzone.engine.check.bulk import Checked
    from jobzone.engine.check.pipeline import CheckOptions, FileReport
    from jobzone.engine.cli.config import Settings
    from jobzone.engine.core.ruleset import Ruleset
    from jobzone.engine.core.scenario import Scenario
    from jobzone.engine.runtime.runner import Runner

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LEGACY_SUFFIXES = (".xls", ".ods", ".csv")


@dataclass
class Planned:
    """The files to check, and a report for each path that names none."""

    files: list[Path]
    problems: list[FileReport]


def _problem_report(problem: str, sources: list[str]) -> FileReport:
    """A source problem (`emptydir: directory holds no ...`) as a JZ008 finding, with a
    pointer to `jobzone import` for a folder of legacy files."""
    from jobzone.engine.check.codes import all_rules
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.runtime.sources import expand_sources

    source, _, message = problem.partition(": ")
    if source in sources and Path(source).is_dir():
        legacy = expand_sources([source], LEGACY_SUFFIXES).files
        if legacy:
            message += (f"; it holds {len(legacy)} legacy file(s) ({legacy[0].name}...): "
                        "convert them with `jobzone import`")
    return FileReport(source, (all_rules()["JZ008"].finding(source, message=message),),
                      unreadable=True)


def settings(paths: list[str] | None = None) -> Settings:
    """The project's settings (`jobzone.engine.cli.config`), from the configuration closest
    above the first PATH (as ruff finds it above the file it lints), else above the current
    directory; a broken file exits 2."""
    from jobzone.engine.cli.config import ConfigError, load_settings, start_of

    try:
        return load_settings(start_of(paths or []))
    except ConfigError as exc:
        typer.echo(f"{exc}", err=True)
        raise typer.Exit(2) from None


def ruleset_for(option: str | None, config: Settings) -> Ruleset:
    """The ruleset a command runs under: --rules, else the configuration's `ruleset` (a
    path there is relative to the configuration file), else aijri-1; a ruleset that cannot
    be loaded exits 2 with its file:line."""
    from jobzone.engine.core.ruleset_file import RulesetError, ruleset_named

    chosen = option or config["ruleset"]
    if option is None and config.file is not None and chosen.endswith(".toml"):
        chosen = str(config.file.parent / chosen)
    try:
        return ruleset_named(chosen)
    except RulesetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def known_rulesets(config: Settings) -> tuple[Ruleset, ...]:
    """The configuration's `rulesets` (paths relative to its file), loaded; a file that
    cannot be loaded exits 2 with its file:line."""
    from jobzone.engine.core.ruleset_file import RulesetError, load_ruleset

    base = config.file.parent if config.file is not None else Path.cwd()
    try:
        return tuple(load_ruleset(base / name) for name in config["rulesets"])
    except RulesetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def check_options(option: str | None, config: Settings, **kwargs: Any) -> CheckOptions:
    """The check's options for a command with --rules: a ruleset given there is forced on
    every workbook; without it each workbook is checked under the ruleset it declares
    when that is known (the default, the configured `rulesets`, the built-ins)."""
    from jobzone.engine.check.pipeline import CheckOptions

    return CheckOptions(rules=ruleset_for(option, config), known=known_rulesets(config),
                        follow_workbook=option is None, **kwargs)


def with_scenario_ruleset(scenario: Scenario, path: Path | None) -> Scenario:
    """The scenario with the ruleset it names loaded (a file relative to the scenario
    file); a ruleset that cannot be loaded exits 2 with its file:line."""
    import dataclasses

    from jobzone.engine.core.ruleset_file import RulesetError, ruleset_named

    if scenario.rules is None:
        return scenario
    name = scenario.rules
    if name.endswith(".toml") and path is not None and not Path(name).is_absolute():
        name = str(path.parent / name)
    try:
        return dataclasses.replace(scenario, ruleset=ruleset_named(name))
    except RulesetError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def plan(paths: list[str], config: Settings | None = None) -> Planned:
    """The files PATHS name; a file found by walking a directory is left out when the
    configuration's `exclude` names it (a file named on the command line never is)."""
    from jobzone.engine.runtime.sources import expand_sources

    expansion = expand_sources(paths, WORKBOOK_SUFFIXES)
    named = {str(p) for p in paths}
    files = [f for f in expansion.files
             if str(f) in named or config is None or not config.excluded(f)]
    return Planned(files, [_problem_report(p, paths) for p in expansion.problems])


def runner_for(count: int, jobs: int | None, scheduler: str | None) -> Runner:
    """The shared runner (in-process, pool or Dask); a runner that cannot start exits 2."""
    from jobzone.engine.check.preload import PRELOAD
    from jobzone.engine.runtime.runner import RunnerError, make_runner

    try:
        return make_runner(count, jobs, scheduler, PRELOAD)
    except RunnerError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def reports(planned: Planned, options: CheckOptions, runner: Runner) -> Iterator[Checked]:
    """The source problems first, then each file's report as it finishes, numbered in
    input order (problems before files)."""
    from jobzone.engine.check.bulk import Checked, check_files

    ahead = len(planned.problems)
    for number, report in enumerate(planned.problems):
        yield Checked(number, report)
    for item in check_files(planned.files, options, runner):
        yield Checked(item.number + ahead, item.report)

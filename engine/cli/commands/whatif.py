"""`jobzone whatif PATH... --scenario FILE | --set KEY=VALUE`: each role under a scenario.

A scenario is data (`jobzone.engine.core.scenario`, TOML by `scenario_file`): edits with
selectors ("every task scoring 3 scores 4"). Each file goes through the same check as
`jobzone score` first; then the baseline and the scenario derivations are printed side
by side, with every input the scenario changed. A scenario that would break a scale or
the 100 % rule is refused with the reason (exit 1), never normalised.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jobzone.engine.cli.contract import ExitZero, Quiet, choice_option, colour, final_exit, say


def _side_by_side(left: str, right: str, gap: str = "  |  ") -> str:
    a, b = left.rstrip("\n").splitlines(), right.rstrip("\n").splitlines()
    width = max((len(line) for line in a), default=0)
    rows = [f"{x:<{width}}{gap}{y}".rstrip() for x, y in
            zip(a + [""] * (len(b) - len(a)), b + [""] * (len(a) - len(b)), strict=True)]
    return "\n".join(rows) + "\n"


def whatif(
    paths: Annotated[list[str], typer.Argument(
        help="Canonical workbooks (.xlsx, .xlsm), directories, glob patterns, or - for "
        "standard input.", metavar="PATH...")],
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", "-s", help="A scenario file (TOML: [[edit]] input = ..., value = ...).",
        metavar="FILE")] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="A one-off edit, repeatable: KEY=VALUE sets, KEY+=N and KEY-=N shift: "
        "'tasks[score=3].score=4', 'task[NAME].score+=1', 'evidence[NAME].score=2', "
        "'growth.score=-1'.",
        metavar="KEY=VALUE")] = None,
    format: Annotated[str, choice_option(
        "--format", "-f", what="a format", choices=("text", "json"), help="text or json.")
    ] = "text",
    quiet: Quiet = False,
    exit_zero: ExitZero = False,
) -> None:
    """Score each role under a scenario and show baseline and scenario side by side."""
    from jobzone.engine.core.scenario import Edit, Scenario, ScenarioError
    from jobzone.engine.core.scenario_file import read_scenario

    try:
        chosen = read_scenario(scenario) if scenario else Scenario("--set", ())
        extra = []
        for item in set_ or []:
            key, sep, value = item.rpartition("=")  # a selector may hold "=" itself
            if not sep or not key:
                raise ScenarioError(f"--set {item!r}: write KEY=VALUE, KEY+=N or KEY-=N")
            if key.endswith(("+", "-")):
                sign = key[-1]
                extra.append(Edit.parse(key[:-1], f"{sign}{value.strip()}", shift=True))
            else:
                extra.append(Edit.parse(key, value.strip(), shift=False))
        chosen = Scenario(chosen.name, chosen.edits + tuple(extra), chosen.description,
                          chosen.rules)
    except ScenarioError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if not chosen.edits and chosen.rules is None:
        typer.echo("give --scenario FILE or at least one --set KEY=VALUE", err=True)
        raise typer.Exit(2)
    from jobzone.engine.cli import checking

    chosen = checking.with_scenario_ruleset(chosen, scenario)

    config = checking.settings(paths)
    planned = checking.plan(paths, config)
    runner = checking.runner_for(len(planned.files), None, None)
    from jobzone.engine.check.bulk import in_input_order
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.check.render_json import result_json
    from jobzone.engine.check.render_text import finding_line, summary_text
    from jobzone.engine.core.derivation import scorecard_text
    from jobzone.engine.core.evaluate import evaluate
    from jobzone.engine.core.findings import Severity
    from jobzone.engine.core.scenario import apply

    options = checking.check_options(None, config, assessments=True)

    tally = Tally()
    painted = colour(sys.stdout)
    documents: list[dict[str, Any]] = []
    refused = 0
    shown = 0

    def emit(report: FileReport) -> None:
        nonlocal refused, shown
        tally.add(report)
        if report.result is None or report.assessment is None or any(
                f.severity is Severity.error for f in report.findings):
            for finding in report.findings:
                if finding.severity is Severity.error:
                    typer.echo(finding_line(finding, painted), err=format == "json")
            say(f"{report.file}: no what-if: jobzone cannot stand behind its score", quiet)
            return
        baseline = options.scored_under(report)  # the ruleset the workbook declares
        try:
            changed, applied = apply(report.assessment, chosen, baseline)
        except ScenarioError as exc:
            refused += 1
            typer.echo(f"{report.file}: scenario {chosen.name!r} refused: {exc}",
                       err=format == "json")
            return
        after = evaluate(changed, chosen.ruleset or baseline)
        before = report.result
        if format == "json":
            documents.append({
                "file": report.file, "scenario": chosen.name,
                "edits": [{"input": a.label, "before": float(a.before), "after": float(a.after),
                           "edit": a.edit} for a in applied],
                "baseline": result_json(before), "scenario_result": result_json(after)})
            return
        delta = after.score - before.score
        lines = [f"{report.file}: scenario {chosen.name!r}"
                 + (f" - {chosen.description}" if chosen.description else "")]
        if chosen.ruleset is not None:
            lines.append(f"  Ruleset: {baseline.name} -> {chosen.ruleset.name} "
                         f"{chosen.ruleset.version} ({chosen.ruleset.digest})")
        lines += [f"  {a.label}: {a.before.normalize():f} -> {a.after.normalize():f}   "
                  f"({a.edit})" for a in applied]
        lines.append(f"  Result: {before.score:f} {before.sub_label} -> {after.score:f} "
                     f"{after.sub_label} ({'+' if delta >= 0 else ''}{delta:f})")
        table = _side_by_side(
            "baseline\n" + scorecard_text(report.file, report.assessment, before, baseline),
            "scenario\n" + scorecard_text(report.file, changed, after,
                                           chosen.ruleset or baseline))
        typer.echo(("\n" if shown else "") + "\n".join(lines) + "\n\n" + table, nl=False)
        shown += 1

    in_input_order(checking.reports(planned, options, runner), emit)
    runner.close()
    summary = tally.summary()
    if format == "json":
        typer.echo(json.dumps({"schema_version": 1, "command": "whatif",
                               "scenario": chosen.name, "roles": documents,
                               "summary": summary.to_json()}, indent=2, ensure_ascii=False))
    else:
        say(summary_text(summary), quiet)
    code = summary.exit_code if summary.exit_code == 2 or not refused else 1
    raise typer.Exit(final_exit(code, exit_zero))


def register(app: typer.Typer) -> None:
    app.command("whatif")(whatif)

"""A reproducible portfolio of assessments, and canonical workbooks written from it.

Roles look like a real team's (titles, seniority, five to nine tasks with whole-percent
shares) and spread over every zone and sub-label; `hostile_titles` puts the text an
attacker would try (formulas, markup) into job titles. Seeded, so a failing report
test always sees the same portfolio.
"""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal
from pathlib import Path

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.findings import Finding, Severity
from jobzone.engine.core.model import Assessment, NarrativeSection, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import (
    AIJRI_1,
    BARRIER_NAMES,
    EVIDENCE_NAMES,
    GROWTH_NAME,
    PRINCIPLE_NAMES,
)
from jobzone.engine.core.text_safety import slug
from jobzone.engine.report.collect import make_row
from jobzone.engine.report.rows import RoleRow, Status

TITLES = (
    "LLMOps Engineer", "Data Analyst", "Registered Nurse", "Paralegal", "Electrician",
    "Customer Support Agent", "Financial Controller", "UX Researcher", "Copywriter",
    "Site Reliability Engineer", "Bookkeeper", "Physiotherapist", "Recruiter",
    "Translator", "Plumber", "Actuary", "Claims Adjuster", "Product Manager",
    "Radiographer", "Insurance Underwriter", "Teacher", "Social Worker", "Tax Advisor",
    "Graphic Designer", "Warehouse Supervisor", "Medical Coder", "Pharmacist",
    "Security Analyst", "Procurement Officer", "Court Reporter", "Chef", "Architect",
    "Quantity Surveyor", "Journalist", "Dental Hygienist", "Payroll Specialist",
    "HR Business Partner", "Software Tester", "Data Engineer", "Solicitor",
)
SENIORITY = ("Junior", "Mid-level", "Senior", "Lead", "Principal")
TASK_VERBS = ("Review", "Draft", "Plan", "Monitor", "Negotiate", "Analyse", "Inspect",
              "Coordinate", "Report on", "Design", "Triage", "Mentor on", "Audit")
TASK_OBJECTS = ("client cases", "weekly figures", "incidents", "contracts", "schedules",
                "quality checks", "stakeholder requests", "documentation", "budgets",
                "site visits", "training material", "escalations")
HOSTILE_TITLES = ('=HYPERLINK("http://x")', "<script>alert(1)</script>", "+1", "@SUM(A1:A2)",
                  "-2+3", 'Analyst "quoted" & <b>bold</b>', "</script><script>alert(2)</script>")
LABEL_FOR_SCORE = {1: AIJRI_1.labels.not_involved, 2: AIJRI_1.labels.not_involved,
                   3: AIJRI_1.labels.augmentation, 4: AIJRI_1.labels.displacement,
                   5: AIJRI_1.labels.displacement}


def _shares(rng: random.Random, count: int) -> list[Decimal]:
    """`count` whole percentages, each at least 5, summing to exactly 100."""
    cuts = sorted(rng.sample(range(1, 20), count - 1))
    return [Decimal(5 * (b - a)) for a, b in zip([0, *cuts], [*cuts, 20], strict=True)]


def _tasks(rng: random.Random) -> tuple[Task, ...]:
    count = rng.randint(5, 9)
    lean = rng.uniform(1.2, 4.8)  # how automatable this role's work is
    names = rng.sample([f"{v} {o}" for v in TASK_VERBS for o in TASK_OBJECTS], count)
    tasks = []
    for name, share in zip(names, _shares(rng, count), strict=True):
        score = min(5, max(1, round(rng.gauss(lean, 0.9))))
        label = LABEL_FOR_SCORE[score] if rng.random() > 0.05 else AIJRI_1.labels.augmentation
        tasks.append(Task(name, share, score, label, f"Share of the week spent on {name.lower()}."))
    return tuple(tasks)


def _valid_override(rng: random.Random, a: Assessment) -> Override:
    """Now and then, the one-step override the method allows near a threshold."""
    r = evaluate(a, AIJRI_1)
    zones = AIJRI_1.zone_names()
    here = zones.index(r.zone)
    for rule in AIJRI_1.zones:
        floor = rule.min_score
        if floor is None or abs(r.score - floor) > AIJRI_1.constants.override_range:
            continue
        there = here - 1 if r.score < floor else here + 1
        if 0 <= there < len(zones) and rng.random() < 0.15:
            return Override(zones[there], "Assessor judgement on the evidence.")
    return a.override


def portfolio_assessment(rng: random.Random, title: str) -> Assessment:
    growth = rng.choice((-2, -1, 0, 0, 1, 1, 2))
    override = Override(reason="Scored as the formula says.")
    a = Assessment(
        role=Role(job_title=title, seniority=rng.choice(SENIORITY),
                  primary_function=f"Does the work of a {title.lower()}."),
        principles=tuple(Rated(n, rng.randint(0, 3), "From the role profile.")
                         for n in PRINCIPLE_NAMES),
        growth=Rated(GROWTH_NAME, growth, "Demand trend for the role."),
        tasks=_tasks(rng),
        evidence=tuple(Rated(n, rng.randint(-2, 2), "Market evidence.") for n in EVIDENCE_NAMES),
        barriers=tuple(Rated(n, rng.choice((0, 0, 1, 1, 2)), "Barrier evidence.")
                       for n in BARRIER_NAMES),
        override=override,
        narrative=(NarrativeSection("Commentary", f"Generated role {title}."),),
    )
    return dataclasses.replace(a, override=_valid_override(rng, a))


def portfolio_assessments(count: int, seed: int = 6, hostile_titles: bool = False
                          ) -> list[Assessment]:
    rng = random.Random(seed)
    titles = [*HOSTILE_TITLES] if hostile_titles else []
    while len(titles) < count:
        titles.append(TITLES[len(titles) % len(TITLES)])
    return [portfolio_assessment(rng, title) for title in titles[:count]]


def write_portfolio(directory: Path, assessments: list[Assessment]) -> list[Path]:
    """One canonical workbook per assessment, named `NNNN-title.xlsx`, in order."""
    from jobzone.workbooks.builder import save_workbook

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, a in enumerate(assessments, start=1):
        path = directory / f"{number:04d}-{slug(a.role.job_title, 'role', 40)}.xlsx"
        save_workbook(a, AIJRI_1, path)
        paths.append(path)
    return paths


def write_broken_files(directory: Path) -> dict[str, Path]:
    """Files a portfolio really contains: empty, not a workbook, and invalid inputs."""
    from jobzone.workbooks.builder import save_workbook

    directory.mkdir(parents=True, exist_ok=True)
    empty = directory / "zz-empty.xlsx"
    empty.write_bytes(b"")
    text = directory / "zz-not-a-workbook.xlsx"
    text.write_text("this is not a workbook", encoding="utf-8")
    a = portfolio_assessments(1, seed=99)[0]
    short = dataclasses.replace(a, tasks=a.tasks[:-1])  # shares no longer sum to 100
    invalid = directory / "zz-shares-short.xlsx"
    save_workbook(short, AIJRI_1, invalid)
    return {"empty": empty, "text": text, "invalid": invalid}


def portfolio_rows(items: list[Assessment], unreadable: int = 0) -> list[RoleRow]:
    """Report rows straight from assessments (no files), then `unreadable` empty-file rows."""
    rows = [make_row(i, f"roles/r{i}.xlsx", (), AIJRI_1, a, evaluate(a, AIJRI_1))
            for i, a in enumerate(items, start=1)]
    for n in range(len(rows) + 1, len(rows) + 1 + unreadable):
        name = f"roles/b{n}.xlsx"
        finding = Finding("JZ004", Severity.error, "is empty (0 bytes)", name)
        rows.append(RoleRow(n, name, f"b{n}.xlsx", "", Status.unreadable, (finding,)))
    return rows

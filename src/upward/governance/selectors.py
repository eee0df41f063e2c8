"""Reads for readiness, charter, checkpoints and the launch checklist."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.defaultfilters import pluralize

from upward.competencies.models import SkillRating
from upward.domain.readiness import (
    Person,
    churn_by_tenure,
    junior_retention_risk,
    top_skill_gaps,
)
from upward.governance import lifecycle
from upward.governance.models import CharterVersion, Checkpoint
from upward.people.models import Employee
from upward.programs.lifecycle import Step, cohort_blockers, next_step
from upward.programs.models import Cohort, Participant, Program, ProgramRole

LEADER_MIN_LEVEL = 7


def readiness_data(today: date) -> dict[str, Any]:
    """The numbers behind a readiness check, from the people data already in Upward."""
    people = [
        Person(hire, exit_date, exit_type == "voluntary", level)
        for hire, exit_date, exit_type, level in Employee.objects.values_list(
            "hire_date", "exit_date", "exit_type", "level"
        )
    ]
    bands = churn_by_tenure(people, today)
    ratings = SkillRating.objects.filter(
        rater_kind="self", employee__level__gte=LEADER_MIN_LEVEL, employee__status="active"
    )
    gaps = top_skill_gaps(list(ratings.values_list("competency__name", "level")))
    return {
        "people": len(people),
        "churn_by_tenure": [
            {
                "band": b.band,
                "headcount": b.headcount,
                "voluntary_exits": b.voluntary_exits,
                "rate": round(b.rate, 3) if b.rate is not None else None,
            }
            for b in bands
        ],
        "junior_retention": junior_retention_risk(people, today).sentence(),
        "skill_gaps": [
            {
                "competency": g.competency,
                "leader_mean": round(g.leader_mean, 2),
                "leaders_rated": g.leaders_rated,
            }
            for g in gaps
        ],
    }


@dataclass(frozen=True)
class CharterStatus:
    current: CharterVersion | None
    signed: bool
    sponsor_names: list[str]
    previous_signed_version: int | None


def charter_status(program: Program) -> CharterStatus:
    versions = list(program.charters.prefetch_related("signatures__signer").order_by("-version"))
    sponsors = list(
        ProgramRole.objects.filter(program=program, role=ProgramRole.Role.SPONSOR).select_related(
            "user"
        )
    )
    sponsor_ids = {role.user_id for role in sponsors}
    signed_versions = [
        v.version for v in versions if any(s.signer_id in sponsor_ids for s in v.signatures.all())
    ]
    current = versions[0] if versions else None
    return CharterStatus(
        current=current,
        signed=bool(current and current.version in signed_versions),
        sponsor_names=[str(role.user) for role in sponsors],
        previous_signed_version=next(
            (v for v in signed_versions if current and v < current.version), None
        ),
    )


def missed_checkpoints(program: Program, today: date) -> list[tuple[Checkpoint, str]]:
    """Checkpoints past due and unrecorded, or held without the sponsor, each with a sentence."""
    missed = []
    for checkpoint in program.checkpoints.filter(due_date__lt=today).select_related("cohort"):
        name = checkpoint.label
        if checkpoint.held_on is None:
            missed.append(
                (
                    checkpoint,
                    f"{name} was due on {checkpoint.due_date:%d %b %Y} and has not been recorded.",
                )
            )
        elif checkpoint.sponsor_attended is False:
            missed.append(
                (
                    checkpoint,
                    f"The sponsor missed the {checkpoint.get_kind_display().lower()}"
                    f"{f' of {checkpoint.cohort.name}' if checkpoint.cohort else ''}"
                    f" on {checkpoint.held_on:%d %b %Y}.",
                )
            )
    return missed


def checkpoint_flags(program: Program, today: date) -> list[str]:
    """Missed governance checkpoints, for the lead."""
    return [sentence for _, sentence in missed_checkpoints(program, today)]


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    detail: str


def launch_checklist(program: Program, today: date) -> list[ChecklistItem]:
    """Progress toward launch, read from the data rather than ticked by hand."""
    status = charter_status(program)
    people = Participant.objects.filter(cohort__program=program)
    opted_in = people.filter(consent_at__isnull=False)
    intake_done = opted_in.filter(intake_completed_at__isnull=False).count()
    target = sum(program.cohorts.values_list("target_pairs", flat=True)) or 0
    mentors = opted_in.filter(role="mentor").count()
    mentees = opted_in.filter(role="mentee").count()
    published = (
        program.cohorts.filter(match_rounds__state="published").exists()
        or program.cohorts.filter(pairs__isnull=False).exists()
    )
    kinds = dict(program.checkpoints.values_list("kind", "due_date"))
    baseline = SkillRating.objects.filter(cohort__program=program, phase="baseline").exists()
    return [
        ChecklistItem(
            "Sponsor charter signed",
            status.signed,
            f"Version {status.current.version}" if status.current else "No charter yet",
        ),
        ChecklistItem(
            "Participants recruited",
            bool(target) and min(mentors, mentees) >= target,
            f"{mentors} mentor{pluralize(mentors)} and {mentees} mentee{pluralize(mentees)} "
            f"opted in, for {target} pair{pluralize(target)}",
        ),
        ChecklistItem(
            "Intake complete",
            bool(opted_in) and intake_done == opted_in.count(),
            f"{intake_done} of {opted_in.count()} intake{pluralize(opted_in.count())} done",
        ),
        ChecklistItem(
            "Matching published",
            published,
            "Pairs exist" if published else "No published round yet",
        ),
        ChecklistItem(
            "Kickoff scheduled",
            Checkpoint.Kind.KICKOFF in kinds,
            f"{kinds[Checkpoint.Kind.KICKOFF]:%d %b %Y}"
            if Checkpoint.Kind.KICKOFF in kinds
            else "Not scheduled",
        ),
        ChecklistItem(
            "Baselines captured",
            baseline,
            "Baseline skill ratings recorded" if baseline else "No baseline yet",
        ),
        _survey_plan_item(program),
        ChecklistItem(
            "Mid-pilot review scheduled",
            Checkpoint.Kind.MID in kinds,
            f"{kinds[Checkpoint.Kind.MID]:%d %b %Y}"
            if Checkpoint.Kind.MID in kinds
            else "Not scheduled",
        ),
        ChecklistItem(
            "Closure recorded",
            program.state == Program.State.CLOSED,
            "The program is closed"
            if program.state == Program.State.CLOSED
            else "Recorded when the program closes",
        ),
    ]


def _survey_plan_item(program: Program) -> ChecklistItem:
    cohorts = program.cohorts.count()
    planned = program.cohorts.filter(waves__isnull=False).distinct().count()
    return ChecklistItem(
        "Survey plan in place",
        bool(cohorts) and planned == cohorts,
        f"{planned} of {cohorts} cohort{pluralize(cohorts)} "
        f"{'has its' if planned == 1 else 'have their'} baseline, pulses and close planned",
    )


@dataclass(frozen=True)
class CohortStep:
    cohort: Cohort
    step: Step | None
    blockers: list[str]


@dataclass(frozen=True)
class LifecycleView:
    program: Program
    launch_blockers: list[str]
    close_blockers: list[str]
    cohorts: list[CohortStep]


def lifecycle_view(program: Program) -> LifecycleView:
    """Where the program and each cohort stand, and what each next step still needs."""
    rows = []
    for cohort in program.cohorts.select_related("program").order_by("start_date"):
        step = next_step(cohort)
        blockers = cohort_blockers(cohort, step.target) if step else []
        rows.append(CohortStep(cohort, step, blockers))
    draft, running = program.state == Program.State.DRAFT, program.state == Program.State.ACTIVE
    return LifecycleView(
        program=program,
        launch_blockers=lifecycle.launch_blockers(program) if draft else [],
        close_blockers=lifecycle.close_blockers(program) if running else [],
        cohorts=rows,
    )

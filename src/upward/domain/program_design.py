"""Program design rules: type presets, the KPI catalogue, and what makes a design unworkable."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Preset:
    label: str
    cadence_days: int
    session_minutes: int
    min_weeks: int
    max_weeks: int


PRESETS: dict[str, Preset] = {
    "skills_sprint": Preset("Skills sprint: weekly 60 minutes for 8-12 weeks", 7, 60, 8, 12),
    "behaviour_change": Preset(
        "Behaviour change: every two weeks, 60 minutes, for 4-6 months", 14, 60, 17, 26
    ),
}

KPI_CATALOGUE: dict[str, str] = {
    "retention_vs_control": "Retention against a matched control group",
    "engagement_change": "Change in engagement",
    "skill_attainment": "Skill attainment (before and after)",
    "promotion_rate": "Promotion rate",
    "goal_attainment": "Pairs reaching their goal",
    "psychological_safety": "Psychological safety in pairs",
    "response_rate": "Survey response rate",
    "business_metric": "A business metric tied to the program",
}
MIN_KPIS, MAX_KPIS, SUGGESTED_KPIS = 1, 4, (3, 4)
MIN_SESSIONS = 3

# One paragraph or list item per line, so it wraps to wherever it is shown (a phone, a text
# area, an email).
ROLE_DESCRIPTION = (
    "Reverse mentor\n"
    "\n"
    "You are here for what you know, not for your job title. You bring first-hand expertise "
    "that a senior leader does not have: the tools you use every day, the channels where "
    "customers and candidates spend their time, and how work and the organisation look from "
    "where you sit.\n"
    "\n"
    "What you do\n"
    "- Meet your partner regularly and teach by doing: show, try together, give honest "
    "feedback.\n"
    "- Agree one measurable goal with your partner and help them reach it.\n"
    "- Say what you see, including what is uncomfortable; ground rules and the program lead "
    "have your back.\n"
    "- Share insights you notice along the way so they can reach the people who can act on "
    "them.\n"
    "\n"
    "What you get\n"
    "- Time with a leader who wants to learn from you, and their perspective on strategy and "
    "careers.\n"
    "- Practice in coaching, influencing and explaining: skills that count toward your own "
    "growth.\n"
    "- Recognition for your contribution, in your development conversations and beyond.\n"
    "\n"
    "What it takes\n"
    "- About an hour per session and a little preparation.\n"
    "- Curiosity, patience and the confidence to lead a conversation with someone senior.\n"
)


@dataclass(frozen=True)
class Design:
    program_type: str
    start: date
    end: date
    cadence_days: int
    session_minutes: int
    kpis: tuple[str, ...]
    business_metric: str = ""
    business_metric_unit: str = ""


def design_problems(design: Design) -> list[str]:
    """Everything that makes a design unworkable, in words a lead can act on."""
    problems = []
    if design.end <= design.start:
        return ["The program must end after it starts."]
    weeks = (design.end - design.start).days / 7
    preset = PRESETS.get(design.program_type)
    # The preset's length is a cohort's; a program may hold several cohorts one after another.
    if preset and round(weeks) < preset.min_weeks:
        problems.append(
            f"Each cohort of a {_preset_name(preset)} runs {preset.min_weeks} to "
            f"{preset.max_weeks} weeks, and this program lasts only {weeks:.0f}. Run it longer "
            f"or choose a custom program."
        )
    if not 1 <= design.cadence_days <= 60:
        problems.append("Sessions must be between 1 and 60 days apart.")
    elif (design.end - design.start).days / design.cadence_days < MIN_SESSIONS:
        problems.append(
            f"Sessions every {design.cadence_days} days leave fewer than "
            f"{MIN_SESSIONS} sessions in this program: meet more often or run longer."
        )
    if not 15 <= design.session_minutes <= 180:
        problems.append("A session lasts between 15 and 180 minutes.")
    problems += _kpi_problems(design)
    return problems


def _preset_name(preset: Preset) -> str:
    return preset.label.split(":")[0].lower()


def cohort_length_problem(program_type: str, start: date, end: date) -> str | None:
    """A cohort of a preset program runs as long as the preset says (custom: any length)."""
    preset = PRESETS.get(program_type)
    weeks = (end - start).days / 7
    if preset is None or preset.min_weeks <= round(weeks) <= preset.max_weeks:
        return None
    return (
        f"A cohort of a {_preset_name(preset)} runs {preset.min_weeks} to {preset.max_weeks} "
        f"weeks; this one runs {weeks:.0f}. Change its dates, or make the program custom."
    )


def _kpi_problems(design: Design) -> list[str]:
    problems = []
    unknown = [k for k in design.kpis if k not in KPI_CATALOGUE]
    if unknown:
        problems.append(f"Unknown KPI: {', '.join(unknown)}.")
    if not MIN_KPIS <= len(design.kpis) <= MAX_KPIS:
        problems.append(
            f"Choose between {MIN_KPIS} and {MAX_KPIS} KPIs (3 or 4 work best); "
            f"{len(design.kpis)} chosen."
        )
    if "business_metric" in design.kpis and not (
        design.business_metric.strip() and design.business_metric_unit.strip()
    ):
        problems.append(
            "Name the business metric and its unit (for example: time to decision, in days)."
        )
    return problems

"""Return on investment, as a range and a break-even (MEASUREMENT.md section 5).

The benefit comes only through the comparison with controls: avoided exits = participants x the
retention difference, at its interval's ends and its point. Never a single figure.
"""

from dataclasses import dataclass

HOURS_PER_YEAR = 2080
LOADING = 1.3  # salary to loaded hourly cost
REPLACEMENT_PRESETS = {
    "0.21": "21% of salary (CAP median, conservative)",
    "0.5": "50% of salary",
    "1.0": "100% of salary",
    "2.0": "200% of salary",
}


def loaded_rate(salary: float) -> float:
    return salary * LOADING / HOURS_PER_YEAR


@dataclass(frozen=True)
class Assumptions:
    junior_salary: float = 70_000
    senior_salary: float = 250_000
    admin_salary: float = 100_000
    replacement_share: float = 0.21
    training_hours: float = 3.0
    admin_fte: float = 0.1
    platform_cost: float = 2_000
    horizon_months: int = 12


@dataclass(frozen=True)
class Inputs:
    pairs: int
    meeting_hours: float  # held, summed over all pairs
    trained_juniors: int
    trained_seniors: int
    participants: int  # whose retention the benefit counts (the junior mentors by default)
    retention_difference: tuple[float, float, float]  # (low, point, high), participants - controls


@dataclass(frozen=True)
class Result:
    cost: float
    cost_per_exit: float
    break_even_exits: float
    avoided_exits: tuple[float, float, float]
    benefit: tuple[float, float, float]
    roi_percent: tuple[float, float, float]
    sentence: str


def program_cost(inputs: Inputs, a: Assumptions) -> float:
    junior, senior = loaded_rate(a.junior_salary), loaded_rate(a.senior_salary)
    meetings = inputs.meeting_hours * (junior + senior)
    training = a.training_hours * (
        inputs.trained_juniors * junior + inputs.trained_seniors * senior
    )
    admin = a.admin_fte * a.admin_salary * LOADING
    return meetings + training + admin + a.platform_cost


def roi(inputs: Inputs, a: Assumptions) -> Result:
    cost = program_cost(inputs, a)
    per_exit = a.junior_salary * a.replacement_share
    avoided = tuple(inputs.participants * d for d in inputs.retention_difference)
    benefit = tuple(x * per_exit for x in avoided)
    percent = tuple((b - cost) / cost * 100 for b in benefit)
    break_even = cost / per_exit
    low, point, high = avoided
    sentence = (
        f"The program pays for itself if it prevents {break_even:.1f} exits. The comparison with "
        f"controls suggests {point:.1f} avoided exits (between {low:.1f} and {high:.1f})"
    )
    if low < break_even <= high:
        sentence += ": the range includes both a loss and a gain."
    elif high < break_even:
        sentence += ": not enough, even at the top of the range."
    else:
        sentence += ": enough even at the bottom of the range."
    return Result(cost, per_exit, break_even, avoided, benefit, percent, sentence)  # type: ignore[arg-type]

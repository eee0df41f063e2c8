"""The inversion matrix: where junior staff rate above the senior baseline.

Per competency and department, the juniors' mean level against the mean of senior leaders
across the organisation. Cells with fewer than MIN_JUNIORS juniors are withheld: a mean of
one or two people is both noise and a way to single someone out.
"""

from collections import defaultdict
from dataclasses import dataclass

MIN_JUNIORS = 3
STRONG = 4  # "uses it alone" or better


@dataclass(frozen=True)
class Cell:
    competency: str
    department: str
    juniors: int
    junior_mean: float | None  # None when withheld
    senior_mean: float | None
    strong_juniors: int

    @property
    def gap(self) -> float | None:
        if self.junior_mean is None or self.senior_mean is None:
            return None
        return self.junior_mean - self.senior_mean


def inversion_matrix(
    junior: list[tuple[str, str, int]], senior: list[tuple[str, int]]
) -> list[Cell]:
    """junior: (department, competency, level); senior: (competency, level)."""
    baseline: dict[str, list[int]] = defaultdict(list)
    for competency, level in senior:
        baseline[competency].append(level)
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for department, competency, level in junior:
        cells[(competency, department)].append(level)
    out = []
    for (competency, department), levels in sorted(cells.items()):
        seniors = baseline.get(competency)
        shown = len(levels) >= MIN_JUNIORS
        out.append(
            Cell(
                competency=competency,
                department=department,
                juniors=len(levels),
                junior_mean=sum(levels) / len(levels) if shown else None,
                senior_mean=sum(seniors) / len(seniors) if seniors else None,
                strong_juniors=sum(1 for level in levels if level >= STRONG) if shown else 0,
            )
        )
    return out

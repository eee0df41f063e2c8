"""One row of the permission matrix, and the role sets and URL arguments most rows share.

Kept apart from `test_permission_matrix.py` so that each app's rows can live in their own module
(`tests/matrix_<app>.py`, each exporting `CASES`) and the matrix still sees every URL.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import ROLES, World

HR = {"site_admin", "lead"}
PROGRAM_STAFF = {"site_admin", "lead", "sponsor", "analyst"}
SIGNED_IN = set(ROLES) - {"anonymous"}


@dataclass(frozen=True)
class Case:
    method: str
    kwargs: Callable[[World], dict[str, object]]
    allowed: dict[int, set[str]]  # status -> roles; every other role gets `otherwise`
    otherwise: int = 403
    anonymous: int = 302
    data: Callable[[], dict[str, object]] = field(default=lambda: {})
    json: bool = False

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return self.anonymous
        for status, roles in self.allowed.items():
            if role in roles:
                return status
        return self.otherwise


def no_kwargs(world: World) -> dict[str, object]:
    return {}


def program(world: World) -> dict[str, object]:
    return {"program_id": world.program.public_id}


def cohort(world: World) -> dict[str, object]:
    return {"cohort_id": world.cohort.public_id}


def pair(world: World) -> dict[str, object]:
    return {"pair_id": world.pair.public_id}

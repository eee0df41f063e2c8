"""Release units: figures of a stored result that go out together or not at all, and the
answers behind them. Pure Python: never import Django here.
"""

from dataclasses import dataclass

from upward.domain.metrics.results_format import Json, Path


@dataclass(frozen=True)
class ReleaseCandidate:
    measure: str
    groups: dict[str, list[str]]  # per set of answers, the ledger's tokens for them


@dataclass(frozen=True)
class ReleaseUnit:
    """Figures that go out together or not at all (the release ledger decides at read time):
    the paths of the figures in the stored result, and per measure the answers behind them."""

    paths: list[Path]
    candidates: list[ReleaseCandidate]

    def to_dict(self) -> Json:
        return {
            "paths": [list(p) for p in self.paths],
            "candidates": [{"measure": c.measure, "groups": c.groups} for c in self.candidates],
        }

    @classmethod
    def from_dict(cls, data: Json) -> "ReleaseUnit":
        return cls(
            [list(p) for p in data["paths"]],
            [ReleaseCandidate(c["measure"], dict(c["groups"])) for c in data["candidates"]],
        )

    def under(self, *prefix: str | int) -> "ReleaseUnit":
        """The same unit with its paths made absolute from `prefix`."""
        return ReleaseUnit([[*prefix, *p] for p in self.paths], self.candidates)


def release_unit(paths: list[Path], **sets: dict[str, list[str]]) -> ReleaseUnit:
    return ReleaseUnit(paths, [ReleaseCandidate(m, groups) for m, groups in sets.items()])

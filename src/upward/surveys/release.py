"""The release ledger: every view that shows confidential aggregates (wave results, impact,
program health; page, PDF, CSV, XLSX and API alike) asks here before a figure goes out.

`release` applies the rules of domain/surveys/release.py against what was released before for
the same cohort and measure, records what now goes out, and returns the groups that may be
shown. Decisions for a cohort are taken one at a time (its row is locked), so two readers at
once cannot release two figures that subtract.
"""

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence

from django.conf import settings
from django.db import transaction

from upward.domain.surveys.release import Candidate, Members, releasable, released_sets
from upward.programs.models import Cohort
from upward.surveys.models import ReleasedFigure


def _key() -> bytes:
    return hashlib.sha256(b"upward-release-ledger:" + settings.SECRET_KEY.encode()).digest()


def token(kind: str, pk: object) -> str:
    """A keyed digest naming one answer (a response, a rating) in the ledger: the same answer
    always gives the same token, and a token cannot be joined back to the answer's row."""
    return hmac.new(_key(), f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:20]


def tokens(kind: str, pks: Iterable[object]) -> list[str]:
    return sorted(token(kind, pk) for pk in pks)


def _digest(members: Members) -> str:
    return hashlib.sha256("\n".join(sorted(str(m) for m in members)).encode()).hexdigest()


def _decide(
    candidates: Sequence[Candidate], ledger: Mapping[str, list[Members]]
) -> list[frozenset[Hashable]]:
    shown = [releasable(c, ledger[c.measure]) for c in candidates]
    if any(c.together and out != c.shown for c, out in zip(candidates, shown, strict=True)):
        shown = [
            frozenset() if c.together else out for c, out in zip(candidates, shown, strict=True)
        ]
    return shown


@transaction.atomic
def release[K: Hashable](
    requests: Mapping[K, tuple[int, Sequence[Candidate]]], where: str
) -> dict[K, list[frozenset[Hashable]]]:
    """For each request (your key -> the cohort and its candidates), per candidate, the groups
    that may be shown now; they are recorded as released, in the order the requests come. A
    request's candidates marked `together` go out together or not at all (a before, an after
    and the change between them, over two measures perhaps)."""
    if not requests:
        return {}
    cohort_ids = sorted({cohort for cohort, _ in requests.values()})
    # One decision at a time per cohort, whatever the view: lock its row until we commit.
    list(Cohort.objects.select_for_update().filter(pk__in=cohort_ids).values_list("pk"))
    measures = {c.measure for _, candidates in requests.values() for c in candidates}
    ledgers: dict[int, dict[str, list[Members]]] = defaultdict(lambda: defaultdict(list))
    for cohort, measure, members in ReleasedFigure.objects.filter(
        cohort_id__in=cohort_ids, measure__in=measures
    ).values_list("cohort_id", "measure", "members"):
        ledgers[cohort][measure].append(frozenset(members))
    decided: dict[K, list[frozenset[Hashable]]] = {}
    new: dict[tuple[int, str, str], ReleasedFigure] = {}
    for key, (cohort, candidates) in requests.items():
        ledger = ledgers[cohort]
        decided[key] = shown = _decide(candidates, ledger)
        for candidate, groups in zip(candidates, shown, strict=True):
            released = ledger[candidate.measure]
            for members in released_sets(candidate, groups):
                if not members or members in released:
                    continue
                released.append(members)
                digest = _digest(members)
                new[(cohort, candidate.measure, digest)] = ReleasedFigure(
                    cohort_id=cohort,
                    measure=candidate.measure,
                    members=sorted(str(m) for m in members),
                    size=len(members),
                    digest=digest,
                    where=where[:60],
                )
    if new:
        ReleasedFigure.objects.bulk_create(new.values(), ignore_conflicts=True)
    return decided

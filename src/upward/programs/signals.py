"""Domain signals about cohorts, low enough in the layers that every writer above may send them.

The services that write what a cohort's impact figures are computed from (pairs and their
states, sessions, goals, survey answers and waves, skill ratings, safety flags, members' HR
records) say so here, in the same transaction as the write. Impact listens (impact/signals.py)
and marks those cohorts' results stale. Sending from the service, not hanging on `post_save`,
covers the bulk writes (`bulk_create`, `.update()`) that `post_save` never heard.
"""

from django.dispatch import Signal

# kwargs: cohort_ids (a frozenset of Cohort primary keys, never empty)
impact_inputs_changed = Signal()


def inputs_changed(sender: object, *cohort_ids: int | None) -> None:
    """Tell impact that these cohorts' inputs changed (None ids, e.g. a pairless row, are
    skipped; nothing is sent when none is left)."""
    ids = frozenset(pk for pk in cohort_ids if pk is not None)
    if ids:
        impact_inputs_changed.send(sender=sender, cohort_ids=ids)

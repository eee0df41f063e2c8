"""Reads for the lead's flag list: one row per pair with its flags inside, most serious first."""

from dataclasses import dataclass

from upward.flags.models import Flag
from upward.programs.models import Pair

INBOX_LIMIT = 200


@dataclass(frozen=True)
class FlagRow:
    """One row of the list: a pair with its flags (most serious first), or one flag about a
    program or cohort as a whole (pair is None)."""

    pair: Pair | None
    flags: list[Flag]

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.state == Flag.State.OPEN]

    def order(self) -> tuple[bool, int, int]:
        open_flags = self.open_flags
        most_serious = min((f.severity for f in open_flags or self.flags), default=99)
        latest = max(f.raised_on.toordinal() for f in self.flags)
        return (not open_flags, most_serious, -latest)


def _flag_rank(flag: Flag) -> tuple[bool, int, int, int]:
    return (flag.state != Flag.State.OPEN, flag.severity, -flag.raised_on.toordinal(), flag.pk)


def inbox_rows(programs: set[int], *, open_only: bool) -> list[FlagRow]:
    """The flags of the programs led, grouped by pair, in a fixed number of queries (one)."""
    flags = Flag.objects.filter(program_id__in=programs).select_related(
        "program", "cohort", "pair__mentor__employee", "pair__mentee__employee"
    )
    if open_only:
        flags = flags.filter(state=Flag.State.OPEN)
    by_pair: dict[int, list[Flag]] = {}
    rows: list[FlagRow] = []
    for flag in flags.order_by("-raised_on", "-pk")[:INBOX_LIMIT]:
        if flag.pair_id is None:
            rows.append(FlagRow(pair=None, flags=[flag]))
        else:
            by_pair.setdefault(flag.pair_id, []).append(flag)
    for pair_flags in by_pair.values():
        rows.append(FlagRow(pair=pair_flags[0].pair, flags=sorted(pair_flags, key=_flag_rank)))
    return sorted(rows, key=FlagRow.order)

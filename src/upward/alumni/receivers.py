"""Pairs that graduate make alumni: the programs and workspace apps say when, through
`pair_graduated`, and need not know this app exists."""

from typing import Any

from django.dispatch import receiver

from upward.alumni.services import alumni_record
from upward.programs.lifecycle import pair_graduated


@receiver(pair_graduated, dispatch_uid="alumni_from_graduated_pairs")
def make_alumni(sender: Any, *, pairs: list[Any], way: str, **kwargs: Any) -> None:
    alumni_record(pairs=pairs, way=way)

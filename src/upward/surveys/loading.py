"""Instrument definitions from files into the database: the ones we ship, and packs."""

import tomllib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.domain.surveys.instruments import InstrumentError, parse_instrument
from upward.surveys.models import Instrument

BUILT_IN_DIR = Path(__file__).resolve().parent / "instruments"
MAX_PACK_BYTES = 256 * 1024


def _parse_toml(content: bytes, source: str) -> dict[str, Any]:
    if len(content) > MAX_PACK_BYTES:
        raise ValidationError(f"{source} is larger than {MAX_PACK_BYTES // 1024} KB.")
    try:
        return tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(f"{source} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"{source} is not valid TOML: {error}.") from None


def _check(definition: dict[str, Any], source: str) -> None:
    try:
        parse_instrument(definition, source=source)
    except InstrumentError as error:
        raise ValidationError(str(error)) from None


@transaction.atomic
def load_built_in() -> list[Instrument]:
    """Create the shipped instruments that are missing. A shipped version never changes: a
    changed file needs a new version number, so old waves keep scoring the way they did."""
    loaded = []
    for path in sorted(BUILT_IN_DIR.glob("*.toml")):
        definition = _parse_toml(path.read_bytes(), path.name)
        _check(definition, path.name)
        instrument, created = Instrument.objects.get_or_create(
            key=definition["key"],
            version=definition["version"],
            defaults={
                "name": definition["name"],
                "source": Instrument.Source.BUILT_IN,
                "definition": definition,
            },
        )
        if not created and instrument.definition != definition:
            raise ValidationError(
                f"{path.name} changed without a new version: bump 'version' to keep old waves "
                "scored as they were."
            )
        loaded.append(instrument)
    return loaded


@transaction.atomic
def load_pack(content: bytes, filename: str) -> Instrument:
    """A validated third-party scale the organisation holds the rights to, with its citation."""
    definition = _parse_toml(content, filename)
    _check(definition, filename)
    if not str(definition.get("citation", "")).strip():
        raise ValidationError(f"{filename}: a pack must name its source in 'citation'.")
    if Instrument.objects.filter(key=definition["key"], version=definition["version"]).exists():
        raise ValidationError(
            f"{definition['key']} version {definition['version']} is already loaded; "
            "give the pack a new version number."
        )
    return Instrument.objects.create(
        key=definition["key"],
        version=definition["version"],
        name=definition["name"],
        source=Instrument.Source.PACK,
        definition=definition,
    )


def latest(key: str) -> Instrument | None:
    return Instrument.objects.filter(key=key).order_by("-version").first()

"""A person's profile in their own words, and its photo.

Photos are decoded with Pillow, turned upright (EXIF), cropped square and re-encoded as a small
JPEG on our side: what is stored is never the uploaded file, so no metadata (location, camera)
and no crafted payload survives. Files live under settings.PHOTO_ROOT, outside the web root.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from upward.accounts.models import Profile, User

PHOTO_SIDE = 320  # pixels; shown at 64-96 px, sharp on high-density screens
MAX_PIXELS = 40_000_000  # a larger image is refused before it is decoded (decompression bombs)
LIMITS = {"about": 600, "offers": 300, "wants": 300}


def photo_path(name: str) -> Path:
    return Path(settings.PHOTO_ROOT) / name


def profile_of(user: User) -> Profile:
    return Profile.objects.filter(user=user).first() or Profile(user=user)


@transaction.atomic
def profile_save(
    *,
    user: User,
    about: str,
    offers: str,
    wants: str,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Profile:
    """Save the texts and the photo together; a refused photo saves nothing."""
    texts = {"about": about.strip(), "offers": offers.strip(), "wants": wants.strip()}
    too_long = [
        f"Keep “{label}” to {LIMITS[key]} characters (it has {len(texts[key])})."
        for key, label in (
            ("about", "About you"),
            ("offers", "You can teach"),
            ("wants", "You want to learn"),
        )
        if len(texts[key]) > LIMITS[key]
    ]
    if too_long:
        raise ValidationError(too_long)
    new_photo = _store_photo(photo) if photo is not None else None
    profile = profile_of(user)
    old_photo = profile.photo
    profile.about, profile.offers, profile.wants = texts["about"], texts["offers"], texts["wants"]
    if new_photo is not None:
        profile.photo = new_photo
    elif remove_photo:
        profile.photo = ""
    profile.save()
    if old_photo and old_photo != profile.photo:
        transaction.on_commit(lambda: photo_path(old_photo).unlink(missing_ok=True))
    return profile


def _store_photo(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            f"That photo is {upload.size // (1024 * 1024)} MB; choose one under "
            f"{settings.PHOTO_MAX_BYTES // (1024 * 1024)} MB."
        )
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("That image is too large to use as a photo.")
            image.load()
            square = ImageOps.fit(
                ImageOps.exif_transpose(image).convert("RGB"), (PHOTO_SIDE, PHOTO_SIDE)
            )
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "That file is not a photo we can read (use JPEG, PNG or WebP)."
        ) from error
    name = f"{uuid.uuid4().hex}.jpg"
    path = photo_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    square.save(path, "JPEG", quality=85, optimize=True)
    # Written before the row that names it: a crash between the two leaves an unnamed file,
    # never a row naming a missing one.
    return name


def profile_erase(user: User) -> None:
    """Erasure: the texts and the photo file go."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return
    if profile.photo:
        photo_path(profile.photo).unlink(missing_ok=True)
    profile.delete()

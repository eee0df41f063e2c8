"""The one pagination every API list uses: limit and offset, both bounded, so an absurd offset
is a validation error rather than a number the database cannot hold."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000


class Paging(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(getattr(settings, "NINJA_PAGINATION_PER_PAGE", 100), ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

"""SCIM Groups: a name and members, kept as the provider sends them."""

import uuid
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from scim2_models import (
    Context,
    Group,
    GroupMember,
    InvalidValueException,
    Meta,
    PatchOp,
    UniquenessException,
)

from upward.people.models import Employee
from upward.scim.models import ScimGroup
from upward.scim.users import check_lengths, location, refuse_unknown


def groups() -> QuerySet[ScimGroup]:
    return ScimGroup.objects.prefetch_related("members")


def find(resource_id: str) -> ScimGroup | None:
    try:
        public_id = uuid.UUID(resource_id)
    except ValueError:
        return None
    return groups().filter(public_id=public_id).first()


def represent(group: ScimGroup, base_url: str) -> Group:
    return Group(
        id=str(group.public_id),
        external_id=group.external_id or None,
        display_name=group.display_name,
        members=[
            GroupMember.model_validate(
                {
                    "value": str(member.public_id),
                    "$ref": location(base_url, "Users", member.public_id),
                }
            )
            for member in group.members.all()
        ]
        or None,
        meta=Meta(
            resource_type="Group",
            created=group.created_at,
            last_modified=group.updated_at,
            location=location(base_url, "Groups", group.public_id),
        ),
    )


def parse(payload: Any, context: Context) -> Group:
    return refuse_unknown(Group.model_validate(payload, scim_ctx=context))


@transaction.atomic
def write(group: ScimGroup | None, incoming: Group) -> ScimGroup:
    group = group or ScimGroup()
    name = incoming.display_name or ""
    if ScimGroup.objects.filter(display_name__iexact=name).exclude(pk=group.pk).exists():
        raise UniquenessException(detail=f"A group is already called {name!r}.")
    group.display_name = name
    group.external_id = incoming.external_id or ""
    check_lengths(group)
    group.save()
    group.members.set(_members(incoming))
    return group


def patch(group: ScimGroup, operations: PatchOp[Group], base_url: str) -> ScimGroup:
    current = represent(group, base_url)
    operations.patch(current)
    return write(group, current)


def _members(incoming: Group) -> list[Employee]:
    wanted: list[uuid.UUID] = []
    for member in incoming.members or []:
        try:
            wanted.append(uuid.UUID(str(member.value)))
        except ValueError:
            raise InvalidValueException(detail=f"No user has the id {member.value!r}.") from None
    found = list(Employee.objects.filter(public_id__in=wanted, scim__isnull=False))
    if len(found) != len(set(wanted)):
        raise InvalidValueException(detail="A member is not a provisioned user.")
    return found

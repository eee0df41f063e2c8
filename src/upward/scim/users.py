"""SCIM Users onto Employees and their login accounts: reading, writing, deactivating.

A write is a whole replacement (PUT); PATCH reads the current representation, applies the
operations with scim2-models (which understands Okta's and Entra ID's dialects) and writes the
result the same way, so both paths share one set of rules.
"""

import uuid
import zoneinfo
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from scim2_models import (
    BaseModel,
    Context,
    Email,
    EnterpriseUser,
    GroupMembership,
    InvalidValueException,
    Manager,
    Meta,
    Name,
    PatchOp,
    UniquenessException,
    User,
)

from upward.accounts.models import User as Account
from upward.accounts.sessions import end_sessions
from upward.domain.surveys.flags import Reason
from upward.flags.services import raise_flag
from upward.people.models import Department, Employee
from upward.programs.models import Pair
from upward.programs.signals import inputs_changed
from upward.scim.models import ScimUser

UserResource = User[EnterpriseUser]
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LANGUAGE_CODES = {"en", "fr", "de"}


def users() -> QuerySet[ScimUser]:
    return ScimUser.objects.select_related(
        "employee__account", "employee__department", "employee__manager"
    ).prefetch_related("employee__scim_groups")


def find(resource_id: str) -> ScimUser | None:
    try:
        public_id = uuid.UUID(resource_id)
    except ValueError:
        return None
    return users().filter(employee__public_id=public_id).first()


def location(base_url: str, kind: str, public_id: uuid.UUID) -> str:
    return f"{base_url}/{kind}/{public_id}"


def represent(scim: ScimUser, base_url: str) -> UserResource:
    employee = scim.employee
    account = employee.account
    manager = employee.manager
    resource = UserResource(
        id=str(employee.public_id),
        external_id=scim.external_id or None,
        user_name=scim.user_name,
        name=Name(given_name=employee.first_name, family_name=employee.last_name or None),
        display_name=employee.display_name,
        nick_name=employee.preferred_name or None,
        title=employee.title or None,
        preferred_language=scim.preferred_language or None,
        timezone=scim.timezone or None,
        active=bool(account and account.is_active),
        emails=[Email(**email) for email in scim.emails] or None,
        groups=[
            GroupMembership.model_validate(
                {
                    "value": str(group.public_id),
                    "$ref": location(base_url, "Groups", group.public_id),
                    "display": group.display_name,
                }
            )
            for group in employee.scim_groups.all()
        ]
        or None,
        meta=Meta(
            resource_type="User",
            created=scim.created_at,
            last_modified=scim.updated_at,
            location=location(base_url, "Users", employee.public_id),
        ),
    )
    enterprise = EnterpriseUser(
        employee_number=employee.employee_id if scim.manages_employee_number else None,
        department=employee.department.name if employee.department else None,
        manager=Manager.model_validate(
            {
                "value": str(manager.public_id),
                "$ref": location(base_url, "Users", manager.public_id),
            }
        )
        if manager
        else None,
    )
    if enterprise.employee_number or enterprise.department or enterprise.manager:
        resource[EnterpriseUser] = enterprise
    return resource


def parse(payload: Any, context: Context, base_url: str) -> UserResource:
    if isinstance(payload, dict):
        for key, extension in payload.items():
            if key.lower() == ENTERPRISE_URN.lower() and isinstance(extension, dict):
                for name, manager in extension.items():
                    if name.lower() == "manager":
                        extension[name] = manager_reference(manager, base_url)
    return refuse_unknown(UserResource.model_validate(payload, scim_ctx=context))


def parse_patch(payload: Any, base_url: str) -> PatchOp[UserResource]:
    """Entra ID sets the manager as a bare id (`"value": "<id>"`); RFC 7643 wants an object
    with a `$ref`, which Okta and Entra both leave out. Both are made whole first."""
    operations = payload.get("Operations") if isinstance(payload, dict) else None
    for operation in operations if isinstance(operations, list) else []:
        path = str(operation.get("path") or "") if isinstance(operation, dict) else ""
        if path.lower().endswith(":manager") and "value" in operation:
            operation["value"] = manager_reference(operation["value"], base_url)
    return PatchOp[UserResource].model_validate(payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST)


def manager_reference(manager: Any, base_url: str) -> Any:
    if isinstance(manager, str):
        manager = {"value": manager}
    if isinstance(manager, dict) and manager.get("value") and not manager.get("$ref"):
        manager = {**manager, "$ref": f"{base_url}/Users/{manager['value']}"}
    return manager


def refuse_unknown[R: BaseModel](resource: R) -> R:
    """Attributes no schema defines are refused by name. (Standard ones we do not store, such
    as `locale` that Okta sends, are accepted and ignored, as the published schema says.)"""
    unknown = sorted(resource.unknown_attributes)
    if unknown:
        raise InvalidValueException(detail=f"Unknown attribute: {', '.join(unknown)}.")
    return resource


@transaction.atomic
def create(incoming: UserResource, *, today: date) -> ScimUser:
    if ScimUser.objects.filter(user_name__iexact=incoming.user_name).exists():
        raise UniquenessException(detail=f"The userName {incoming.user_name!r} is taken.")
    employee = _adoptable_employee(incoming) or Employee(employee_id=_employee_number(incoming))
    scim = ScimUser(employee=employee, user_name=incoming.user_name or "")
    return _write(scim, incoming, today=today)


@transaction.atomic
def replace(scim: ScimUser, incoming: UserResource, *, today: date) -> ScimUser:
    taken = ScimUser.objects.filter(user_name__iexact=incoming.user_name).exclude(pk=scim.pk)
    if taken.exists():
        raise UniquenessException(detail=f"The userName {incoming.user_name!r} is taken.")
    return _write(scim, incoming, today=today)


def patch(
    scim: ScimUser, operations: PatchOp[UserResource], base_url: str, *, today: date
) -> ScimUser:
    current = represent(scim, base_url)
    operations.patch(current)
    return replace(scim, current, today=today)


@transaction.atomic
def delete(scim: ScimUser) -> None:
    """The provider is done with this person: the login goes, the HR record and its program
    history stay (the HRIS import or an erasure request decides about those)."""
    employee = scim.employee
    if employee.account is not None:
        _deactivate(employee, today=timezone.localdate())
    scim.delete()


def check_lengths(instance: models.Model) -> None:
    """A value longer than its column is the client's error, on every database (SQLite would
    store it; PostgreSQL would refuse it mid-transaction)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        limit = field.max_length if isinstance(field, models.CharField) else None
        if limit and isinstance(value, str) and len(value) > limit:
            raise InvalidValueException(
                detail=f"{field.verbose_name} is longer than {limit} characters."
            )


def _adoptable_employee(incoming: UserResource) -> Employee | None:
    """A person imported from the HRIS before provisioning began: matched on the employee
    number, or on the work e-mail, and only if no other SCIM identity claims them."""
    number = _extension(incoming).employee_number
    email = _primary_email(incoming)
    for lookup in ({"employee_id": number} if number else None, {"email__iexact": email}):
        if not lookup or not all(lookup.values()):
            continue
        employee = Employee.objects.filter(**lookup).select_related("account").first()
        if employee is None:
            continue
        if ScimUser.objects.filter(employee=employee).exists():
            raise UniquenessException(detail="Another SCIM user already holds this person.")
        return employee
    return None


def _write(scim: ScimUser, incoming: UserResource, *, today: date) -> ScimUser:
    employee = scim.employee
    was_active = bool(employee.account and employee.account.is_active)
    _copy_person(employee, incoming)
    check_lengths(employee)
    employee.save()
    # A member's department is matched on for their cohorts' controls.
    inputs_changed(Employee, *employee.participations.values_list("cohort_id", flat=True))
    scim.employee = employee
    scim.user_name = incoming.user_name or ""
    scim.external_id = incoming.external_id or ""
    scim.manages_employee_number = bool(_extension(incoming).employee_number)
    scim.emails = [
        email.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        for email in incoming.emails or []
    ]
    scim.preferred_language = incoming.preferred_language or ""
    scim.timezone = incoming.timezone or ""
    check_lengths(scim)
    scim.save()
    active = incoming.active is not False  # absent means active, as Okta and Entra assume
    _save_account(employee, scim, active=active)
    if was_active and not active:
        _deactivate(employee, today=today)
    return scim


def _copy_person(employee: Employee, incoming: UserResource) -> None:
    name = incoming.name or Name()
    enterprise = _extension(incoming)
    employee.first_name = name.given_name or incoming.user_name or ""
    employee.last_name = name.family_name or ""
    employee.preferred_name = incoming.nick_name or ""
    employee.title = incoming.title or ""
    email = _primary_email(incoming)
    if not email:
        raise InvalidValueException(detail="A user needs a work e-mail address.")
    if Employee.objects.filter(email__iexact=email).exclude(pk=employee.pk).exists():
        raise UniquenessException(detail=f"Another person has the e-mail {email}.")
    employee.email = email
    if enterprise.employee_number and enterprise.employee_number != employee.employee_id:
        if Employee.objects.filter(employee_id=enterprise.employee_number).exclude(pk=employee.pk):
            raise UniquenessException(detail="Another person has this employee number.")
        employee.employee_id = enterprise.employee_number
    employee.department = (
        Department.objects.get_or_create(name=enterprise.department)[0]
        if enterprise.department
        else None
    )
    employee.manager = _manager(employee, enterprise.manager)
    language = (incoming.preferred_language or "").split("-")[0].split("_")[0].lower()
    employee.language = language if language in LANGUAGE_CODES else ""
    employee.time_zone = (
        incoming.timezone if incoming.timezone and _is_zone(incoming.timezone) else ""
    )


def _manager(employee: Employee, manager: Manager | None) -> Employee | None:
    if manager is None or not manager.value:
        return None
    found = find(manager.value)
    if found is None:
        raise InvalidValueException(detail=f"No user has the id {manager.value!r} (manager).")
    if found.employee.pk == employee.pk:
        raise InvalidValueException(detail="A person cannot be their own manager.")
    return found.employee


def _save_account(employee: Employee, scim: ScimUser, *, active: bool) -> None:
    account = employee.account
    clash = Account.objects.filter(username__iexact=scim.user_name)
    if account is not None:
        clash = clash.exclude(pk=account.pk)
    if clash.exists():
        raise UniquenessException(detail=f"The userName {scim.user_name!r} is taken.")
    if account is None:
        account = Account(username=scim.user_name)
        account.set_unusable_password()  # provisioned people sign in through single sign-on
    account.username = scim.user_name
    account.email = employee.email
    account.first_name = employee.preferred_name or employee.first_name
    account.last_name = employee.last_name
    account.is_active = active
    account.save()
    if employee.account_id != account.pk:
        employee.account = account
        employee.save(update_fields=["account"])


def _deactivate(employee: Employee, *, today: date) -> None:
    """Sign the person out everywhere and tell each of their programs' leads about their
    running pairs."""
    account = employee.account
    if account is not None:
        if account.is_active:
            account.is_active = False
            account.save(update_fields=["is_active"])
        end_sessions(account)
    running = Pair.objects.filter(
        state__in=[Pair.State.ACTIVE, Pair.State.PAUSED, Pair.State.PROPOSED]
    ).select_related("cohort__program")
    for pair in running.filter(mentor__employee=employee) | running.filter(
        mentee__employee=employee
    ):
        raise_flag(
            key=f"deactivated:{pair.public_id}:{employee.public_id}:{today.isoformat()}",
            program=pair.cohort.program,
            cohort=pair.cohort,
            pair=pair,
            reason=Reason.MEMBER_DEACTIVATED,
            evidence=(
                f"{employee.display_name}'s account was deactivated by the identity provider "
                f"on {today:%d %B %Y}. Find out whether they have left or moved before the "
                "pair's next session."
            ),
            today=today,
        )


def _extension(incoming: UserResource) -> EnterpriseUser:
    return incoming[EnterpriseUser] or EnterpriseUser()


def _primary_email(incoming: UserResource) -> str:
    emails = incoming.emails or []
    ranked = sorted(emails, key=lambda e: (not e.primary, (e.type or "") != "work"))
    return str(ranked[0].value or "") if ranked else ""


def _employee_number(incoming: UserResource) -> str:
    number = _extension(incoming).employee_number
    return number or f"scim-{uuid.uuid4().hex[:12]}"


def _is_zone(name: str | None) -> bool:
    if not name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return True

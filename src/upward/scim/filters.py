"""The SCIM filters identity providers send, as database queries.

Okta asks `userName eq "…"` before it creates anyone; Entra ID also asks `externalId eq` and
`emails[type eq "work"].value eq`, joined with `and`. Those, `or`, and `eq`/`ne`/`co`/`sw`/`ew`/
`pr` on the attributes below are supported; anything else is an `invalidFilter` error.
"""

import uuid
from collections.abc import Mapping

from django.db.models import Q
from scim2_models import InvalidFilterException, ScimFilter
from scim2_models.path.expressions import Comparison, LogicalExpr, Not, Present, ValuePath

USER_FIELDS = {
    "id": "employee__public_id",
    "username": "user_name",
    "externalid": "external_id",
    "displayname": None,  # computed; not filterable
    "name.givenname": "employee__first_name",
    "name.familyname": "employee__last_name",
    "title": "employee__title",
    "emails": "employee__email",
    "emails.value": "employee__email",
    "employeenumber": "employee__employee_id",
    "active": "employee__account__is_active",
}
GROUP_FIELDS = {
    "id": "public_id",
    "displayname": "display_name",
    "externalid": "external_id",
    "members": "members__public_id",
    "members.value": "members__public_id",
}
LOOKUPS = {"eq": "iexact", "co": "icontains", "sw": "istartswith", "ew": "iendswith"}


def parse(expression: str, fields: Mapping[str, str | None]) -> Q:
    try:
        node = ScimFilter(expression).ast
    except Exception as error:  # the parser's own errors: a filter we cannot read
        raise InvalidFilterException(detail=f"The filter cannot be read: {error}") from None
    return _to_q(node, fields)


def _to_q(node: object, fields: Mapping[str, str | None]) -> Q:
    if isinstance(node, LogicalExpr):
        parts = [_to_q(term, fields) for term in node.terms]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if node.op.value == "and" else combined | part
        return combined
    if isinstance(node, Not):
        return ~_to_q(node.expr, fields)
    if isinstance(node, ValuePath):
        return _value_path(node, fields)
    if isinstance(node, Present):
        field = _field(_name(node.attr_path), fields)
        return ~Q(**{f"{field}__isnull": True}) & ~Q(**{field: ""})
    if isinstance(node, Comparison):
        return _comparison(_name(node.attr_path), node.op.value, node.value, fields)
    raise InvalidFilterException(detail="This kind of filter is not supported.")


def _value_path(node: ValuePath, fields: Mapping[str, str | None]) -> Q:
    """`emails[type eq "work"].value eq "x"`: we hold one work address, so the type test holds
    for it and only the value narrows."""
    attribute = node.attr_path.attr.lower()
    inner = node.val_filter
    terms = inner.terms if isinstance(inner, LogicalExpr) and inner.op.value == "and" else (inner,)
    query = Q()
    for term in terms:
        if not isinstance(term, Comparison):
            raise InvalidFilterException(detail="This kind of filter is not supported.")
        sub = _name(term.attr_path)
        if attribute == "emails" and sub == "type" and str(term.value).lower() == "work":
            continue
        query &= _comparison(f"{attribute}.{sub}", term.op.value, term.value, fields)
    return query


def _comparison(name: str, op: str, value: object, fields: Mapping[str, str | None]) -> Q:
    field = _field(name, fields)
    exact = name == "id" or name.startswith("members") or name == "active"
    if exact or isinstance(value, bool):
        if op not in {"eq", "ne"}:
            raise InvalidFilterException(detail=f"{name} supports eq and ne only.")
        query = _exact(field, name, value)
        return ~query if op == "ne" else query
    if op == "ne":
        return ~Q(**{f"{field}__iexact": value})
    if op in LOOKUPS:
        return Q(**{f"{field}__{LOOKUPS[op]}": value})
    raise InvalidFilterException(detail=f"The operator {op!r} is not supported.")


def _exact(field: str, name: str, value: object) -> Q:
    if name == "active" or isinstance(value, bool):
        return Q(**{field: value is True or str(value).lower() == "true"})
    try:  # ids are UUIDs; anything else matches no one
        return Q(**{field: uuid.UUID(str(value))})
    except ValueError:
        return Q(pk__in=[])


def _name(attr_path: object) -> str:
    attr = getattr(attr_path, "attr", "")
    sub = getattr(attr_path, "sub_attr", None)
    return (f"{attr}.{sub}" if sub else attr).lower()


def _field(name: str, fields: Mapping[str, str | None]) -> str:
    field = fields.get(name.split(":")[-1])
    if field is None:
        raise InvalidFilterException(detail=f"Filtering on {name!r} is not supported.")
    return field

"""The discovery documents: what this service provider supports, published as RFC 7643 says.

The published schemas list only the attributes Upward stores, so a client (Okta, Entra ID,
scim2-tester) never writes a value it would not read back. They are cut from scim2-models'
standard schemas rather than written out by hand.
"""

from typing import Any

from scim2_models import Context, EnterpriseUser, Group, ResourceType, ServiceProviderConfig, User

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_RESULTS = 200

# attribute -> the sub-attributes kept (None: a simple attribute)
SUPPORTED: dict[str, dict[str, set[str] | None]] = {
    USER: {
        "userName": None,
        "name": {"givenName", "familyName"},
        "displayName": None,
        "nickName": None,
        "title": None,
        "preferredLanguage": None,
        "timezone": None,
        "active": None,
        "emails": {"value", "type", "primary"},
        "groups": {"value", "$ref", "display"},
    },
    ENTERPRISE: {
        "employeeNumber": None,
        "department": None,
        "manager": {"value", "$ref"},
    },
    GROUP: {"displayName": None, "members": {"value", "$ref"}},
}
# Computed from other attributes, so a client cannot set them.
READ_ONLY = {(USER, "displayName")}
# What every person needs here: a name to be called by, a work address (invitations, reminders
# and sign-in go to it) and a state. Okta and Entra ID send all of them; a request without
# `active` is still taken as active.
REQUIRED = {
    (USER, "name"),
    (USER, "name.givenName"),
    (USER, "emails"),
    (USER, "emails.value"),
    (USER, "active"),
}


def _trimmed(model: Any, urn: str, base_url: str) -> dict[str, Any]:
    schema = model.to_schema().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    kept = SUPPORTED[urn]
    attributes = []
    for attribute in schema["attributes"]:
        name = attribute["name"]
        if name not in kept:
            continue
        subs = kept[name]
        if subs is not None:
            attribute["subAttributes"] = [
                _read_only_if(urn, f"{name}.{sub['name']}", sub)
                for sub in attribute.get("subAttributes", [])
                if sub["name"] in subs
            ]
        attributes.append(_read_only_if(urn, name, attribute))
    schema["attributes"] = attributes
    schema["meta"] = {"resourceType": "Schema", "location": f"{base_url}/Schemas/{urn}"}
    return schema


def _read_only_if(urn: str, path: str, attribute: dict[str, Any]) -> dict[str, Any]:
    if (urn, path) in READ_ONLY:
        attribute["mutability"] = "readOnly"
    if (urn, path) in REQUIRED:
        attribute["required"] = True
    return attribute


def schemas(base_url: str) -> list[dict[str, Any]]:
    return [
        _trimmed(User, USER, base_url),
        _trimmed(EnterpriseUser, ENTERPRISE, base_url),
        _trimmed(Group, GROUP, base_url),
    ]


def resource_types(base_url: str) -> list[dict[str, Any]]:
    kinds: list[dict[str, Any]] = [
        {
            "id": "User",
            "name": "User",
            "description": "A person in the organisation, with a login",
            "endpoint": "/Users",
            "schema": USER,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
        },
        {
            "id": "Group",
            "name": "Group",
            "description": "A group of people",
            "endpoint": "/Groups",
            "schema": GROUP,
        },
    ]
    documents = []
    for kind in kinds:
        document = ResourceType.model_validate(kind).model_dump(
            scim_ctx=Context.RESOURCE_QUERY_RESPONSE
        )
        document["meta"] = {
            "resourceType": "ResourceType",
            "location": f"{base_url}/ResourceTypes/{kind['id']}",
        }
        documents.append(document)
    return documents


def service_provider_config(base_url: str) -> dict[str, Any]:
    config = ServiceProviderConfig.model_validate(
        {
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    "description": "A SCIM token issued by an Upward site administrator",
                    "primary": True,
                }
            ],
        }
    )
    document = config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    document["meta"] = {
        "resourceType": "ServiceProviderConfig",
        "location": f"{base_url}/ServiceProviderConfig",
    }
    return document

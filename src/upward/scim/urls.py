from django.urls import path, re_path

from upward.scim import views

app_name = "scim"
urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="config"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:name>", views.resource_types, name="resource_type"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:urn>", views.schemas, name="schema"),
    path(".search", views.search, name="search"),
    path("Users/.search", views.search, {"kind": "Users"}, name="search_users"),
    path("Groups/.search", views.search, {"kind": "Groups"}, name="search_groups"),
    path("Users", views.users, name="users"),
    path("Users/<str:resource_id>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:resource_id>", views.group, name="group"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]

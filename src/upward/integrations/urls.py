from django.urls import path

from upward.integrations import views

app_name = "integrations"
urlpatterns = [
    path("settings/api-tokens/", views.token_list, name="tokens"),
    path("settings/api-tokens/<uuid:token_id>/revoke/", views.token_revoke, name="revoke"),
    path("settings/showcase-feed/renew/", views.feed_link_renew, name="feed_link_renew"),
]

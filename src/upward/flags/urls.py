from django.urls import path

from upward.flags import views

app_name = "flags"
urlpatterns = [
    path("flags/", views.inbox, name="inbox"),
    path("flags/<uuid:flag_id>/", views.act, name="act"),
    path("check-ins/<uuid:check_in_id>/held/", views.check_in_held, name="check_in_held"),
]

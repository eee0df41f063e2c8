from django.urls import path

from upward.circles import member_views, views

app_name = "circles"
urlpatterns = [
    path("programs/<uuid:program_id>/circles/", views.program_circles, name="program_circles"),
    path("programs/<uuid:program_id>/circles/suggest/", views.suggestions, name="suggest"),
    path("programs/<uuid:program_id>/circles/accept/", views.accept, name="accept"),
    path("programs/<uuid:program_id>/circles/new/", views.create, name="create"),
    path("circles/<uuid:circle_id>/", member_views.detail, name="detail"),
    path("circles/<uuid:circle_id>/edit/", views.edit, name="edit"),
    path("circles/<uuid:circle_id>/notes/", member_views.note_add, name="note"),
    path("circles/<uuid:circle_id>/sessions/new/", member_views.schedule, name="schedule"),
    path(
        "circle-sessions/<uuid:session_id>/invite.ics",
        member_views.session_ics,
        name="session_ics",
    ),
    path(
        "circle-sessions/<uuid:session_id>/cancel/",
        member_views.session_cancel,
        name="session_cancel",
    ),
]

from django.urls import path

from upward.workspace import (
    calendar_views,
    care_views,
    journal_views,
    pages,
    session_planning_views,
    session_views,
    story_views,
    views,
)

app_name = "workspace"
urlpatterns = [
    path("cohorts/<uuid:cohort_id>/", pages.cohort_detail, name="cohort"),
    path("pairs/<uuid:pair_id>/", pages.pair_detail, name="pair"),
    path("pairs/<uuid:pair_id>/ground-rules/", views.ground_rules, name="rules"),
    path("pairs/<uuid:pair_id>/goal/", views.goal, name="goal"),
    path("pairs/<uuid:pair_id>/goal/progress/", views.goal_progress, name="progress"),
    path("prompts/", views.prompts, name="prompts"),
    path("pairs/<uuid:pair_id>/schedule/", session_planning_views.schedule, name="schedule"),
    path("sessions/<uuid:session_id>/", session_views.session_detail, name="session"),
    path(
        "sessions/<uuid:session_id>/reschedule/",
        session_planning_views.session_reschedule,
        name="reschedule",
    ),
    path(
        "sessions/<uuid:session_id>/cancel/",
        session_planning_views.session_cancel,
        name="cancel",
    ),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("me/calendar/", calendar_views.calendar_renew, name="calendar_renew"),
    path("tags/", session_views.tags, name="tags"),
    path("pairs/<uuid:pair_id>/milestone/", care_views.milestone, name="milestone"),
    path("pairs/<uuid:pair_id>/concern/", care_views.concern, name="concern"),
    path("pairs/<uuid:pair_id>/close/", care_views.close, name="close"),
    path("pairs/<uuid:pair_id>/close/answer/", care_views.close_answer, name="close_answer"),
    path("pairs/<uuid:pair_id>/journal/", journal_views.journal, name="journal"),
    path("journal/<uuid:entry_id>/", journal_views.journal_entry, name="journal_entry"),
    path("concerns/", care_views.inbox, name="inbox"),
    path("concerns/<uuid:concern_id>/", care_views.concern_act, name="concern_act"),
    path("pairs/<uuid:pair_id>/insights/", story_views.pair_insights, name="insights"),
    path("insights/", story_views.insights, name="all_insights"),
    path("insights/<uuid:insight_id>/", story_views.insight_update, name="insight_update"),
    path("pairs/<uuid:pair_id>/story/", story_views.pair_story, name="story"),
    path("stories/<uuid:story_id>/publish/", story_views.story_publish, name="story_publish"),
    path("showcase/", story_views.showcase, name="showcase"),
    path("showcase/feed.atom", story_views.showcase_feed, name="showcase_feed"),
]

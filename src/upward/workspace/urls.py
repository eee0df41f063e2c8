from django.urls import path

from upward.workspace import views

app_name = "workspace"
urlpatterns = [
    path("pairs/<uuid:pair_id>/ground-rules/", views.ground_rules, name="rules"),
    path("pairs/<uuid:pair_id>/goal/", views.goal, name="goal"),
    path("pairs/<uuid:pair_id>/goal/progress/", views.goal_progress, name="progress"),
    path("prompts/", views.prompts, name="prompts"),
]

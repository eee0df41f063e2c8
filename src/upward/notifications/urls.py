from django.urls import path

from upward.notifications import views

app_name = "notifications"

urlpatterns = [
    path("me/email/", views.email_choices, name="email"),
]

from django.urls import path

from upward.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("programs/<uuid:program_id>/webhooks/", views.webhook_list, name="list"),
    path("webhooks/<uuid:webhook_id>/test/", views.webhook_test, name="test"),
    path("webhooks/<uuid:webhook_id>/delete/", views.webhook_delete, name="delete"),
]

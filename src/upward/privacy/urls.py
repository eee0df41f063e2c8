from django.urls import path

from upward.privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/data.json", views.my_data, name="mine"),
    path("people/<uuid:person_id>/personal-data.json", views.person_data, name="export"),
    path("people/<uuid:person_id>/erase/", views.person_erase, name="erase"),
]

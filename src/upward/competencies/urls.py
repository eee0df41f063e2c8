from django.urls import path

from upward.competencies import views

app_name = "competencies"
urlpatterns = [path("", views.competency_list, name="list")]

from django.urls import path

from classrooms import views

app_name = "classrooms"

urlpatterns = [
    path("classes/", views.my_classes, name="mine"),
    path("classes/join/", views.join, name="join"),
]

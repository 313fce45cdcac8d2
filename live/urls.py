from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path("live/", views.join, name="join"),
    path("live/<str:code>/", views.play, name="play"),
    path("live/<str:code>/state/", views.play_state, name="play_state"),
    path("live/<str:code>/answer/", views.answer, name="answer"),
    path("live/<str:code>/events/", views.play_events, name="play_events"),
    path("teach/live/", views.start, name="start"),
    path("teach/live/<str:code>/", views.projector, name="projector"),
    path("teach/live/<str:code>/state/", views.projector_state, name="projector_state"),
    path("teach/live/<str:code>/events/", views.projector_events, name="projector_events"),
    path("teach/live/<str:code>/remove/<int:pk>/", views.remove, name="remove"),
    path("teach/live/<str:code>/<str:action>/", views.control, name="control"),
]

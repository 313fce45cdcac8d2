from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("timeline/", views.timeline_view, name="timeline"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("map/", views.map_view, name="map"),
    path("map/<slug:slug>.svg", views.map_outline, name="map_outline"),
]

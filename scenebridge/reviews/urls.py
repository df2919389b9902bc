from django.urls import path

from scenebridge.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("items/<uuid:item_uuid>/", views.score, name="score"),
    path("items/<uuid:item_uuid>/conflict/", views.conflict, name="conflict"),
    path("panels/<uuid:panel_uuid>/", views.panel, name="panel"),
    path("panels/<uuid:panel_uuid>/members/", views.member_add, name="member_add"),
    path("panels/<uuid:panel_uuid>/close/", views.close, name="close"),
]

from django.urls import path

from scenebridge.calls import list_views, views

app_name = "calls"
urlpatterns = [
    path("", views.call_index, name="index"),
    path("new/", views.call_create, name="call_create"),
    path("<uuid:uuid>/", views.call_detail, name="call_detail"),
    path("<uuid:uuid>/actions/<slug:action>/", views.call_action, name="call_action"),
    path("<uuid:uuid>/submit/", views.submit, name="submit"),
    path("<uuid:uuid>/panel/", views.panel_form, name="panel_form"),
    path("<uuid:uuid>/decide/", views.decide, name="decide"),
    path("submissions/<uuid:uuid>/", views.submission, name="submission"),
    path("lists/", list_views.list_index, name="list_index"),
    path("lists/new/", list_views.list_create, name="list_create"),
    path("lists/<uuid:uuid>/", list_views.list_detail, name="list_detail"),
    path("lists/<uuid:uuid>/entries/", list_views.list_entries, name="list_entries"),
    path("lists/<uuid:uuid>/publish/", list_views.list_publish, name="list_publish"),
    path("lists/<uuid:uuid>/new-version/", list_views.list_new_version, name="list_new_version"),
    path("lists/<uuid:uuid>/export.xlsx", list_views.list_xlsx, name="list_xlsx"),
    path("lists/<uuid:uuid>/print.pdf", list_views.list_pdf, name="list_pdf"),
]

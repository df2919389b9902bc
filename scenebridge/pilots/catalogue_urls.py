"""The public recommended catalogue (成果推荐目录) and case pages: mounted at /catalogue/."""

from django.urls import path

from scenebridge.pilots import catalogue_views

app_name = "catalogue"
urlpatterns = [
    path("", catalogue_views.catalogue_index, name="index"),
    path("batches/<uuid:uuid>/", catalogue_views.batch_detail, name="batch_detail"),
    path("batches/<uuid:uuid>/change/", catalogue_views.batch_change, name="batch_change"),
    path("batches/<uuid:uuid>/panel/", catalogue_views.batch_panel, name="batch_panel"),
    path("cases/<uuid:uuid>/", catalogue_views.case_detail, name="case_detail"),
    path("cases/<uuid:uuid>/edit/", catalogue_views.case_edit, name="case_edit"),
    path("cases/<uuid:uuid>/replications/", catalogue_views.replication_add, name="replication_add"),
]

"""Pages of pilots for their parties and the operator's case review: mounted at /pilots/."""

from django.urls import path

from scenebridge.pilots import catalogue_views, views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("new/", views.pilot_create, name="create"),
    path("<uuid:uuid>/", views.pilot_detail, name="detail"),
    path("<uuid:uuid>/offers/", views.offer_add, name="offer_add"),
    path("<uuid:uuid>/kpis/", views.kpi_add, name="kpi_add"),
    path("<uuid:uuid>/measurements/", views.measurement_add, name="measurement_add"),
    path("<uuid:uuid>/milestones/", views.milestone_add, name="milestone_add"),
    path("<uuid:uuid>/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("<uuid:uuid>/feedback/", views.feedback_add, name="feedback_add"),
    path("<uuid:uuid>/issues/", views.issue_raise, name="issue_raise"),
    path("<uuid:uuid>/issues/<int:issue_id>/resolve/", views.issue_resolve, name="issue_resolve"),
    path("<uuid:uuid>/action/", views.pilot_action, name="action"),
    path("<uuid:uuid>/evaluate/", views.pilot_evaluate, name="evaluate"),
    path("<uuid:uuid>/override/", views.targets_override, name="override"),
    path("<uuid:uuid>/nominate/", views.case_nominate, name="nominate"),
    path("<uuid:uuid>/reissue/", views.scenario_reissue, name="reissue"),
    path("scenarios/<uuid:scenario_uuid>/history/", views.scenario_history, name="scenario_history"),
    path("cases/review/", catalogue_views.case_review_list, name="case_review_list"),
    path("cases/<uuid:uuid>/review/", catalogue_views.case_review, name="case_review"),
    path("batches/new/", catalogue_views.batch_create, name="batch_create"),
]

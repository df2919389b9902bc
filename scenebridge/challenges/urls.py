from django.urls import path

from scenebridge.challenges import views

app_name = "challenges"
urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("mine/", views.challenge_mine, name="mine"),
    path("new/", views.challenge_create, name="create"),
    path("my-applications/", views.my_applications, name="my_applications"),
    path("operator/", views.operator_queue, name="operator"),
    path("applications/<uuid:uuid>/", views.application_detail, name="application_detail"),
    path(
        "applications/<uuid:uuid>/attachments/<uuid:attachment_uuid>/",
        views.application_attachment,
        name="application_attachment",
    ),
    path("<uuid:uuid>/", views.challenge_detail, name="detail"),
    path("<uuid:uuid>/result/", views.challenge_result, name="result"),
    path("<uuid:uuid>/edit/", views.challenge_edit, name="edit"),
    path("<uuid:uuid>/publish/", views.challenge_publish, name="publish"),
    path("<uuid:uuid>/attachments/<uuid:attachment_uuid>/", views.challenge_attachment, name="attachment"),
    path("<uuid:uuid>/apply/", views.application_apply, name="apply"),
    path("<uuid:uuid>/applications/", views.application_list, name="applications"),
    path("<uuid:uuid>/review/start/", views.review_start, name="review_start"),
    path("<uuid:uuid>/review/close/", views.review_close, name="review_close"),
    path("<uuid:uuid>/award/propose/", views.award_propose, name="award_propose"),
    path("<uuid:uuid>/award/decide/", views.award_decide, name="award_decide"),
    path("<uuid:uuid>/milestones/", views.milestone_add, name="milestone_add"),
    path("<uuid:uuid>/milestones/<int:milestone_id>/submit/", views.milestone_submit, name="milestone_submit"),
    path("<uuid:uuid>/milestones/<int:milestone_id>/review/", views.milestone_review, name="milestone_review"),
    path(
        "<uuid:uuid>/milestones/<int:milestone_id>/attachments/<uuid:attachment_uuid>/",
        views.milestone_attachment,
        name="milestone_attachment",
    ),
    path("<uuid:uuid>/accept/", views.challenge_accept, name="accept"),
]

from django.urls import path

from scenebridge.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.console, name="console"),
    path("workbench/", views.workbench, name="workbench"),
    path("audit/", views.audit_list, name="audit"),
]

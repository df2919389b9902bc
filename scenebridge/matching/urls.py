from django.urls import path

from scenebridge.matching import views

app_name = "matching"
urlpatterns = [
    path("scenarios/<uuid:uuid>/panel/", views.scenario_panel, name="scenario_panel"),
    path("offers/<uuid:uuid>/panel/", views.offer_panel, name="offer_panel"),
    path("resources/<uuid:uuid>/panel/", views.resource_panel, name="resource_panel"),
    path("feedback/", views.feedback, name="feedback"),
    path("connections/new/", views.connect, name="connect"),
    path("connections/", views.inbox, name="inbox"),
    path("connections/<int:connection_id>/act/", views.connection_act, name="connection_act"),
    path("for-my-organization/", views.organization_scenarios, name="organization"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/<int:subscription_id>/delete/", views.subscription_delete, name="subscription_delete"),
    path("health/", views.health, name="health"),
    path("health.json", views.health_json, name="health_json"),
]

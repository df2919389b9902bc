from django.contrib import admin
from django.urls import include, path

from scenebridge.analytics import views as analytics_views
from scenebridge.core import health
from scenebridge.opendata.api import api

urlpatterns = [
    path("", analytics_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("scenebridge.accounts.urls")),
    path("scenarios/", include("scenebridge.scenarios.urls")),
    path("catalog/", include("scenebridge.catalog.urls")),
    path("console/", include("scenebridge.analytics.urls")),
    path("notifications/", include("scenebridge.notifications.urls")),
    path("calls/", include("scenebridge.calls.urls")),
    path("reviews/", include("scenebridge.reviews.urls")),
    path("matching/", include("scenebridge.matching.urls")),
    path("challenges/", include("scenebridge.challenges.urls")),
    path("pilots/", include("scenebridge.pilots.urls")),
    path("catalogue/", include("scenebridge.pilots.catalogue_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

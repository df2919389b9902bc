"""The site's URLs, this app's pages (until config/urls.py mounts them) and its API under /api/test/."""

from typing import Any

from django.urls import include, path

from config.urls import urlpatterns as site
from scenebridge.pilots.tests.api_for_tests import api

mounted = {getattr(pattern, "namespace", None) for pattern in site}
urlpatterns: list[Any] = [*site, path("api/test/", api.urls)]
if "pilots" not in mounted:
    urlpatterns.append(path("pilots/", include("scenebridge.pilots.urls")))
if "catalogue" not in mounted:
    urlpatterns.append(path("catalogue/", include("scenebridge.pilots.catalogue_urls")))

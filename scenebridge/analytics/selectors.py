"""Figures for the home page, the operator's console and each user's workbench."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from scenebridge.accounts.models import Organization
from scenebridge.accounts.permissions import can_view_audit
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.errors import PermissionDeniedError
from scenebridge.core.workflow import PUBLIC_STATES, ReviewStatus
from scenebridge.scenarios.models import Scenario


@dataclass(frozen=True)
class PlatformFigures:
    scenarios: int
    offers: int
    resources: int
    organizations: int


def platform_figures() -> PlatformFigures:
    return PlatformFigures(
        scenarios=Scenario.objects.filter(status__in=PUBLIC_STATES).count(),
        offers=Offer.objects.filter(status__in=PUBLIC_STATES).count(),
        resources=Resource.objects.filter(status__in=PUBLIC_STATES).count(),
        organizations=Organization.objects.count(),
    )


def latest_scenarios(limit: int = 6) -> QuerySet[Scenario]:
    return (
        Scenario.objects.filter(status=ReviewStatus.PUBLISHED)
        .select_related("owner", "region", "domain", "level")
        .order_by("-published_at")[:limit]
    )


def latest_offers(limit: int = 6) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=ReviewStatus.PUBLISHED).select_related("provider").order_by("-published_at")[:limit]
    )


def scenarios_by_domain() -> list[dict[str, Any]]:
    rows = (
        Scenario.objects.filter(status__in=PUBLIC_STATES)
        .values("domain__code", "domain__name_zh", "domain__name_en")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return list(rows)


def review_queue(user: Any) -> dict[str, QuerySet[Any]]:
    if not can_view_audit(user):
        raise PermissionDeniedError()
    submitted = ReviewStatus.SUBMITTED
    return {
        "scenarios": Scenario.objects.filter(status=submitted).select_related("owner").order_by("submitted_at"),
        "offers": Offer.objects.filter(status=submitted).select_related("provider").order_by("submitted_at"),
        "resources": Resource.objects.filter(status=submitted).select_related("provider").order_by("submitted_at"),
    }


def my_records(user: Any) -> dict[str, QuerySet[Any]]:
    org = user.organization_id
    return {
        "scenarios": Scenario.objects.filter(owner_id=org).select_related("domain").order_by("-updated_at")[:50],
        "offers": Offer.objects.filter(provider_id=org).order_by("-updated_at")[:50],
        "resources": Resource.objects.filter(provider_id=org).order_by("-updated_at")[:50],
    }

"""Who is told about a challenge's events, and where the notification links to."""

from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, reverse

from scenebridge.accounts.models import Role, User
from scenebridge.notifications.services import notify

OWNER_SIDE = (Role.OWNER, Role.ORG_ADMIN)
SUPPLIER_SIDE = (Role.SUPPLIER, Role.ORG_ADMIN)


def owner_members(challenge: Any) -> list[Any]:
    return list(User.objects.filter(organization_id=challenge.owner_id, role__in=OWNER_SIDE, is_active=True))


def applicant_members(organization_id: int) -> list[Any]:
    return list(User.objects.filter(organization_id=organization_id, role__in=SUPPLIER_SIDE, is_active=True))


def operators() -> list[Any]:
    return list(User.objects.filter(role=Role.OPERATOR, is_active=True))


def _reverse(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages are not mounted (e.g. a management command in a bare configuration)
        return ""


def challenge_url(challenge: Any) -> str:
    return _reverse("challenges:detail", challenge.uuid)


def application_url(application: Any) -> str:
    return _reverse("challenges:application_detail", application.uuid)


def tell(recipients: Iterable[Any], *, kind: str, title: str, body: str, url: str, key: str) -> int:
    """One notification per person and event (the key), in-app and by e-mail."""
    return notify(recipients=recipients, kind=kind, title=title, body=body, url=url, dedupe_key=key)

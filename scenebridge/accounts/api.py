"""Organization API: public profiles (contact e-mail only for members and the operator)."""

import uuid as uuid_module
from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router, Schema

from scenebridge.accounts.api_auth import reader
from scenebridge.accounts.models import Organization
from scenebridge.accounts.permissions import can_edit_organization, is_operator
from scenebridge.core import search
from scenebridge.core.api_support import page_response
from scenebridge.core.errors import NotFoundError
from scenebridge.core.ranking import order_by_ranking

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    uuid: uuid_module.UUID
    name: str
    type: str
    credit_code: str
    region: str
    size: str
    qualifications: list[str]
    description: str
    website: str
    verified: bool
    contact_email: str | None


class OrganizationPage(Schema):
    count: int
    page: int
    size: int
    results: list[OrganizationOut]


class OrganizationQuery(Schema):
    q: str = ""
    type: str = ""
    region: str = ""
    qualification: str = ""
    page: int = 1
    size: int = 20


def _out(user: Any, organization: Organization) -> dict[str, Any]:
    member = is_operator(user) or getattr(user, "organization_id", None) == organization.pk
    return {
        "uuid": organization.uuid,
        "name": organization.name,
        "type": organization.type,
        "credit_code": organization.credit_code,
        "region": organization.region_id,
        "size": organization.size,
        "qualifications": [q.code for q in organization.qualifications.all()],
        "description": organization.description,
        "website": organization.website,
        "verified": organization.verified,
        "contact_email": organization.contact_email if member or can_edit_organization(user, organization) else None,
    }


def _organizations(query: OrganizationQuery) -> QuerySet[Organization]:
    queryset = Organization.objects.select_related("region").prefetch_related("qualifications")
    if query.type:
        queryset = queryset.filter(type=query.type)
    if query.region:
        queryset = queryset.filter(region__code__startswith=query.region[:2])
    if query.qualification:
        queryset = queryset.filter(qualifications__code=query.qualification)
    if query.q.strip():
        return order_by_ranking(queryset, search.ranked_ids("organization", query.q))
    return queryset.order_by("name")


@router.get("", response=OrganizationPage)
def organization_list(request: Any, query: Query[OrganizationQuery]) -> Any:
    user = reader(request)
    return page_response(_organizations(query), query.page, query.size, lambda o: _out(user, o))


@router.get("/{uuid}", response=OrganizationOut)
def organization_get(request: Any, uuid: uuid_module.UUID) -> Any:
    organization = Organization.objects.select_related("region").filter(uuid=uuid).first()
    if organization is None:
        raise NotFoundError()
    return _out(reader(request), organization)

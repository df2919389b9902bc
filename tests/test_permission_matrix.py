"""Every role × {scenario, offer, resource, organization, audit event} × action: allowed or refused, and a
refused action changes nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.forms.models import model_to_dict

from scenebridge.accounts import audit
from scenebridge.accounts.api import _out as organization_out
from scenebridge.accounts.services import OrganizationRegistration, organization_register, organization_update
from scenebridge.accounts.tests.factories import valid_credit_code
from scenebridge.catalog import selectors as catalog_selectors
from scenebridge.catalog import services as catalog_services
from scenebridge.catalog.tests.factories import offer_data, resource_data
from scenebridge.core.errors import ApplicationError
from scenebridge.core.models import AuditEvent
from scenebridge.scenarios import selectors as scenario_selectors
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.tests.factories import scenario_data
from scenebridge.taxonomy.models import Region

pytestmark = pytest.mark.django_db

ROLES = ["public", "operator", "org_admin", "owner", "supplier", "expert", "outsider"]
ACTIONS = ["view_public", "view_confidential", "create", "edit", "submit", "approve", "withdraw"]
EVERYONE = set(ROLES)

ALLOWED: dict[str, dict[str, set[str]]] = {
    "scenario": {
        "view_public": EVERYONE,
        "view_confidential": {"operator", "org_admin", "owner"},
        "create": {"org_admin", "owner", "outsider"},
        "edit": {"org_admin", "owner"},
        "submit": {"org_admin", "owner"},
        "approve": {"operator"},
        "withdraw": {"org_admin", "owner"},
    },
    "offer": {
        "view_public": EVERYONE,
        "view_confidential": {"operator", "supplier"},
        "create": {"supplier", "org_admin"},
        "edit": {"supplier"},
        "submit": {"supplier"},
        "approve": {"operator"},
        "withdraw": {"supplier"},
    },
    "resource": {
        "view_public": EVERYONE,
        "view_confidential": {"operator", "supplier"},
        "create": {"supplier", "owner", "org_admin", "outsider"},
        "edit": {"supplier"},
        "submit": {"supplier"},
        "approve": {"operator"},
        "withdraw": {"supplier"},
    },
    "organization": {  # no submit/withdraw lifecycle: registration creates, the operator's verification approves
        "view_public": EVERYONE,
        "view_confidential": {"operator", "org_admin", "owner"},
        "create": EVERYONE,
        "edit": {"operator", "org_admin"},
        "approve": {"operator"},
    },
    "audit_event": {"view_public": {"operator"}, "view_confidential": {"operator"}},
}

CASES = [(obj, action, role) for obj, actions in ALLOWED.items() for action in actions for role in ROLES]


@pytest.fixture
def world(operator: Any, owner: Any, org_admin: Any, supplier: Any, expert: Any, outsider: Any) -> dict[str, Any]:
    users = {
        "public": AnonymousUser(),
        "operator": operator,
        "org_admin": org_admin,
        "owner": owner,
        "supplier": supplier,
        "expert": expert,
        "outsider": outsider,
    }
    secret = {"confidential_parts": ["contact"], "contact_name": "保密联系人"}
    records: dict[str, dict[str, Any]] = {}
    for state in ("draft", "submitted", "published"):
        scenario = scenario_services.scenario_create(actor=owner, data=scenario_data(**secret))
        offer = catalog_services.offer_create(actor=supplier, data=offer_data(**secret))
        resource = catalog_services.resource_create(actor=supplier, data=resource_data(**secret))
        if state != "draft":
            scenario_services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
            catalog_services.offer_transition(actor=supplier, offer_id=offer.pk, action="submit")
            catalog_services.resource_transition(actor=supplier, resource_id=resource.pk, action="submit")
        if state == "published":
            scenario_services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")
            catalog_services.offer_transition(actor=operator, offer_id=offer.pk, action="approve")
            catalog_services.resource_transition(actor=operator, resource_id=resource.pk, action="approve")
        records[state] = {"scenario": scenario, "offer": offer, "resource": resource}
    return {"users": users, "records": records, "owner_org": owner.organization}


def _state_for(action: str) -> str:
    return {"submit": "draft", "approve": "submitted"}.get(action, "published")


def _attempt(obj: str, action: str, user: Any, world: dict[str, Any]) -> bool:
    """Performs the action through the services/selectors; True when it was allowed."""
    record = world["records"][_state_for(action)].get(obj)
    operations: dict[str, Callable[[], Any]] = {}
    if obj == "scenario":
        operations = {
            "view_public": lambda: scenario_selectors.scenario_get_for_user(user, record.uuid),
            "view_confidential": lambda: _sees(scenario_selectors.scenario_present(user, record)),
            "create": lambda: scenario_services.scenario_create(actor=user, data=scenario_data()),
            "edit": lambda: scenario_services.scenario_update(
                actor=user, scenario_id=record.pk, data={"summary": "改"}
            ),
        }
        transition = lambda a: scenario_services.scenario_transition(actor=user, scenario_id=record.pk, action=a)  # noqa: E731
    elif obj in ("offer", "resource"):
        get = catalog_selectors.offer_get_for_user if obj == "offer" else catalog_selectors.resource_get_for_user
        create = catalog_services.offer_create if obj == "offer" else catalog_services.resource_create
        data = offer_data if obj == "offer" else resource_data
        update = catalog_services.offer_update if obj == "offer" else catalog_services.resource_update
        move = catalog_services.offer_transition if obj == "offer" else catalog_services.resource_transition
        key = f"{obj}_id"
        operations = {
            "view_public": lambda: get(user, record.uuid),
            "view_confidential": lambda: _sees(catalog_selectors.present(user, record)),
            "create": lambda: create(actor=user, data=data()),
            "edit": lambda: update(actor=user, data={"summary": "改"}, **{key: record.pk}),
        }
        transition = lambda a: move(actor=user, action=a, **{key: record.pk})  # noqa: E731
    elif obj == "organization":
        organization = world["owner_org"]
        operations = {
            "view_public": lambda: organization_out(user, organization),
            "view_confidential": lambda: organization_out(user, organization)["contact_email"] is not None or None,
            "create": lambda: organization_register(data=_registration()),
            "edit": lambda: organization_update(
                actor=user, organization_id=organization.pk, data={"description": "改"}
            ),
            "approve": lambda: organization_update(
                actor=user, organization_id=organization.pk, data={"verified": True}
            ),
        }
    else:
        operations = {
            "view_public": lambda: audit.audit_event_list(user, audit.AuditFilters()),
            "view_confidential": lambda: audit.audit_event_list(user, audit.AuditFilters()).filter(action="create"),
        }
    if obj in ("scenario", "offer", "resource") and action in ("submit", "approve", "withdraw"):
        operations[action] = lambda: transition(action)
    try:
        return operations[action]() is not None
    except ApplicationError:
        return False


def _registration() -> OrganizationRegistration:
    return OrganizationRegistration(
        organization_name="新注册科技有限公司",
        organization_type="private_enterprise",
        credit_code=valid_credit_code(4242),
        region=Region.objects.get(code="110000"),
        size="small",
        username="newcomer",
        display_name="新用户",
        email="new@example.org",
        role="supplier",
        password="correct-horse-battery-9",
    )


def _sees(masked: Any) -> bool | None:
    return True if masked.contact_name == "保密联系人" else None


def _fingerprint() -> list[Any]:
    from scenebridge.accounts.models import Organization
    from scenebridge.catalog.models import Offer, Resource
    from scenebridge.scenarios.models import Scenario

    rows = [
        model_to_dict(o, exclude=["tags", "domains", "opening_modes", "deployable_regions"])
        for o in Scenario.objects.order_by("pk")
    ]
    rows += [model_to_dict(o, exclude=["tags", "domains", "deployable_regions"]) for o in Offer.objects.order_by("pk")]
    rows += [model_to_dict(o, exclude=["tags", "domains"]) for o in Resource.objects.order_by("pk")]
    rows += [model_to_dict(o, exclude=["qualifications"]) for o in Organization.objects.order_by("pk")]
    return [*rows, AuditEvent.objects.count()]


@pytest.mark.parametrize(("obj", "action", "role"), CASES)
def test_permission_matrix(obj: str, action: str, role: str, world: dict[str, Any]) -> None:
    # given
    user = world["users"][role]
    expected = role in ALLOWED[obj][action]
    before = _fingerprint()
    # when
    allowed = _attempt(obj, action, user, world)
    # then
    assert allowed == expected, f"{role} {action} {obj}: expected {'allowed' if expected else 'refused'}"
    if not allowed:
        assert _fingerprint() == before, "a refused action must leave the data unchanged"

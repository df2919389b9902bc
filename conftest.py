"""Fixtures shared by every app's tests: one organization and one user per role, on the seeded taxonomy."""

from typing import Any

import pytest

from scenebridge.accounts.models import OrganizationType, Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return marked or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _vocabularies_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests empty every table when they end; put the seeded vocabularies back before the next one."""
    if _is_transactional(request):
        from django.apps import apps

        from scenebridge.taxonomy.seeding import seed_taxonomy

        request.getfixturevalue("transactional_db")
        seed_taxonomy(apps)


@pytest.fixture
def owner_org(db: Any) -> Any:
    return OrganizationFactory(type=OrganizationType.GOVERNMENT_AGENCY, name="某市城市管理局")


@pytest.fixture
def supplier_org(db: Any) -> Any:
    return OrganizationFactory(type=OrganizationType.PRIVATE_ENTERPRISE, name="星桥智能科技有限公司")


@pytest.fixture
def other_org(db: Any) -> Any:
    return OrganizationFactory(type=OrganizationType.LOCAL_SOE, name="某省交通投资集团")


@pytest.fixture
def operator(db: Any) -> Any:
    return UserFactory(role=Role.OPERATOR, organization=None, username="operator")


@pytest.fixture
def owner(owner_org: Any) -> Any:
    return UserFactory(role=Role.OWNER, organization=owner_org, username="owner")


@pytest.fixture
def supplier(supplier_org: Any) -> Any:
    return UserFactory(role=Role.SUPPLIER, organization=supplier_org, username="supplier")


@pytest.fixture
def org_admin(owner_org: Any) -> Any:
    return UserFactory(role=Role.ORG_ADMIN, organization=owner_org, username="orgadmin")


@pytest.fixture
def expert(other_org: Any) -> Any:
    return UserFactory(role=Role.EXPERT, organization=other_org, username="expert")


@pytest.fixture
def outsider(other_org: Any) -> Any:
    """A scenario owner of another organization."""
    return UserFactory(role=Role.OWNER, organization=other_org, username="outsider")

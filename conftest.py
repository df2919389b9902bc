"""Fixtures shared by every app's tests: one organization and one user per role, on the seeded taxonomy."""

from typing import Any

import pytest

from scenebridge.accounts.models import OrganizationType, Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory


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

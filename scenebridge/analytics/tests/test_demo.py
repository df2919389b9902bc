"""`manage.py load_demo` fills an empty platform once, with valid and searchable content."""

from io import StringIO

import pytest
from django.core.management import call_command
from stdnum.cn import uscc

from scenebridge.accounts.models import Organization, OrganizationType, Role, User
from scenebridge.catalog.models import Offer, Resource, ResourceType
from scenebridge.core import search
from scenebridge.core.models import SearchEntry
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Domain, Kind, Level

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (Organization, User, Scenario, Offer, Resource, SearchEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_load_demo_fills_every_part_of_the_platform() -> None:
    # given an empty platform with its seeded taxonomy
    assert not Organization.objects.exists()

    # when the demo is loaded
    output = _load()

    # then there is enough of everything, spread over every vocabulary, with valid credit codes
    assert Organization.objects.count() >= 60
    assert Scenario.objects.count() >= 200
    assert Offer.objects.count() >= 600
    assert Resource.objects.count() >= 60
    assert set(Organization.objects.values_list("type", flat=True)) == set(OrganizationType.values)
    assert len({code[:2] for code in Organization.objects.values_list("region_id", flat=True)}) >= 20
    assert set(Resource.objects.values_list("type", flat=True)) == set(ResourceType.values)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    codes = list(Organization.objects.values_list("credit_code", flat=True))
    assert all(uscc.is_valid(code) for code in codes)
    assert "operator" in output and "demo-pass-2026" in output


def test_published_scenarios_cover_every_domain_level_and_kind_and_records_validate() -> None:
    # given
    _load()

    # when
    published = Scenario.objects.filter(status="published")

    # then
    assert set(published.values_list("domain__code", flat=True)) == set(Domain.objects.values_list("code", flat=True))
    assert set(published.values_list("level__code", flat=True)) == set(Level.objects.values_list("code", flat=True))
    assert set(published.values_list("kind__code", flat=True)) == set(Kind.objects.values_list("code", flat=True))
    assert published.filter(published_at__isnull=False, version=1).count() == published.count()
    assert Scenario.objects.exclude(status="published").exists()
    assert Scenario.objects.exclude(confidential_parts=[]).exists()
    operator = User.objects.get(username="operator")
    assert operator.is_staff and operator.is_superuser and operator.check_password("demo-pass-2026")
    for model in (Organization, Scenario, Offer, Resource):
        for record in model.objects.all()[:40]:
            record.full_clean()


def test_a_second_run_adds_nothing_and_published_records_are_searchable() -> None:
    # given
    _load()
    before = _counts()

    # when
    output = _load()

    # then
    assert _counts() == before
    assert "already present" in output and "operator" in output
    scenario_ids = search.ranked_ids("scenario", "无人机")
    assert scenario_ids and search.ranked_ids("offer", "储能") and search.ranked_ids("resource", "数据集")
    assert set(Scenario.objects.filter(pk__in=scenario_ids).values_list("status", flat=True)) <= {"published", "closed"}
    public_offers = Offer.objects.filter(status__in=("published", "closed")).count()
    assert SearchEntry.objects.filter(kind="offer").count() == public_offers

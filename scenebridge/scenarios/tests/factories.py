from typing import Any

import factory

from scenebridge.accounts.tests.factories import OrganizationFactory
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Domain, Kind, Level, Region


def scenario_data(**overrides: Any) -> dict[str, Any]:
    """Valid input for scenarios.services.scenario_create."""
    data: dict[str, Any] = {
        "title": "港区集装箱水平运输无人化",
        "summary": "在集装箱码头开放水平运输场景，验证无人驾驶集卡的安全与效率。",
        "description": "码头现有人工驾驶集卡约两百辆，夜间作业人手紧张，需要在真实港区环境中验证无人化水平运输。",
        "technical_requirements": "定位精度不低于5厘米；与码头操作系统对接；雨雾天气可持续作业。",
        "expected_outcomes": "形成可复制的港区无人运输方案。",
        "kpis": "单车效率不低于人工的90%\n全年零责任事故",
        "region": Region.objects.get(code="370200"),
        "domain": Domain.objects.get(code="D08"),
        "level": Level.objects.get(code="integrated"),
        "kind": Kind.objects.get(code="production"),
        "confidential_parts": [],
    }
    data.update(overrides)
    return data


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    title = factory.Sequence(lambda n: f"智慧园区巡检场景{n}")
    summary = "园区开放巡检场景，验证机器人与无人机协同巡检。"
    description = "园区面积大、巡检点位多，人工巡检效率低。"
    owner = factory.SubFactory(OrganizationFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="320500"))
    domain = factory.LazyFunction(lambda: Domain.objects.get(code="D12"))
    level = factory.LazyFunction(lambda: Level.objects.get(code="small"))
    kind = factory.LazyFunction(lambda: Kind.objects.get(code="work"))
    status = "draft"

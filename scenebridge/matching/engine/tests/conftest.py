"""Fixtures for the engine tests: a tiny deterministic embedder and a small corpus."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

from scenebridge.matching.engine.embedding import Matrix, normalise_rows
from scenebridge.matching.engine.records import NeedRecord, OfferRecord, ResourceRecord


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
            rows[row, 0] += 0.01  # never a zero vector
        return normalise_rows(rows)

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._encode(texts)


@pytest.fixture
def embedder() -> BigramEmbedder:
    return BigramEmbedder()


def make_needs() -> list[NeedRecord]:
    return [
        NeedRecord(
            id="N1",
            title="储能电站电池热失控早期预警",
            description="储能电站电池舱告警滞后，希望提前发现电池热失控风险，联动消防。",
            requirements="热失控预警提前时间不少于10分钟；误报率低；与消防系统联动",
            domain="清洁能源与新型储能",
            tags=("新型储能", "物联网"),
            level="高价值小切口场景",
            region="山东省德州市",
        ),
        NeedRecord(
            id="N2",
            title="输电线路无人机自主巡检",
            description="山区输电线路人工巡检效率低，希望用无人机自主巡检识别绝缘子缺陷。",
            requirements="自主航线规划；缺陷识别准确率高；北斗高精度定位",
            domain="清洁能源与新型储能",
            tags=("低空经济", "人工智能+"),
            level="行业领域集成式场景",
            region="四川省阿坝州",
        ),
        NeedRecord(
            id="N3",
            title="社区独居老人跌倒检测",
            description="社区独居老人跌倒后无人发现，希望自动检测跌倒并通知家属和社区。",
            requirements="跌倒检测准确率高；保护隐私；自动通知家属",
            domain="养老",
            tags=("物联网", "人工智能+"),
            level="高价值小切口场景",
            region="上海市",
        ),
    ]


def make_offers() -> list[OfferRecord]:
    return [
        OfferRecord(
            id="F1",
            name="储能电池热失控多参量早期预警系统",
            description="在电池簇内布置气体与温度传感器，提前发现电池热失控征兆并与消防系统联动。",
            capabilities=("热失控早期预警", "消防联动", "不停电加装"),
            domains=("清洁能源与新型储能",),
            tags=("新型储能", "物联网"),
            trl=8,
            region="江苏省苏州市",
        ),
        OfferRecord(
            id="F2",
            name="UAV输电线路自主巡检服务",
            description="UAV按预设航线自主巡检输电线路，AI识别绝缘子和金具缺陷，BDS高精度定位。",
            capabilities=("自主航线规划", "绝缘子缺陷识别", "北斗高精度定位"),
            domains=("清洁能源与新型储能", "低空经济与全空间无人体系"),
            tags=("低空经济", "人工智能+"),
            trl=9,
            region="广东省深圳市",
        ),
        OfferRecord(
            id="F3",
            name="毫米波雷达跌倒检测终端",
            description="毫米波雷达非接触检测老人跌倒，不用摄像头保护隐私，跌倒后自动通知家属。",
            capabilities=("跌倒检测", "隐私保护", "自动通知家属"),
            domains=("养老", "医疗健康"),
            tags=("物联网",),
            trl=8,
            region="浙江省杭州市",
        ),
        OfferRecord(
            id="F4",
            name="社区生鲜团购平台",
            description="社区居民小程序下单，次日集中配送到团长处自提。",
            capabilities=("小程序下单", "集中配送"),
            domains=("商贸消费",),
            tags=("大数据",),
            trl=9,
            region="湖南省长沙市",
        ),
        OfferRecord(
            id="F5",
            name="光伏电站智能清洗机器人",
            description="光伏板自动清洗机器人，提升发电效率。",
            capabilities=("自动清洗", "发电效率提升"),
            domains=("清洁能源与新型储能",),
            tags=("机器人+", "新能源"),
            trl=8,
            region="宁夏回族自治区银川市",
        ),
    ]


def make_resources() -> list[ResourceRecord]:
    return [
        ResourceRecord(
            id="R1",
            name="储能电池热失控试验数据集",
            description="电池热失控过程的温度、电压与气体数据，可用不可见方式开放。",
            resource_type="数据集",
            domains=("清洁能源与新型储能",),
        ),
        ResourceRecord(
            id="R2",
            name="低空飞行测试场",
            description="无人机飞行测试空域与起降场。",
            resource_type="测试场",
            domains=("低空经济与全空间无人体系",),
        ),
    ]


@pytest.fixture
def needs() -> list[NeedRecord]:
    return make_needs()


@pytest.fixture
def offers() -> list[OfferRecord]:
    return make_offers()


@pytest.fixture
def resources() -> list[ResourceRecord]:
    return make_resources()

"""Demo organizations and the people who log in for them, built from the templates with one seeded random."""

import random
from dataclasses import dataclass

from scenebridge.analytics.demo.domains_a import DOMAINS_A
from scenebridge.analytics.demo.domains_b import DOMAINS_B
from scenebridge.analytics.demo.organizations import (
    COASTAL,
    MARKER_NAME,
    MARKER_REGION,
    OWNER_TEMPLATES,
    PROVINCES,
    SUPPORT_TEMPLATES,
    OrgSpec,
    OrgTemplate,
    credit_code,
)
from scenebridge.analytics.demo.vocab import BRAND_SYLLABLES, GIVEN_NAMES, SURNAMES

ALL_DOMAINS = {d.code: d for d in (*DOMAINS_A, *DOMAINS_B)}
MUNICIPALITIES = ("11", "12", "31", "50")
SUPPLIER_TYPES = frozenset(
    {"private_enterprise", "foreign_invested", "university", "research_institute", "new_rd_institution"}
)


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    code: str

    @property
    def full(self) -> str:
        return self.city if self.province == self.city else self.province + self.city

    @property
    def short(self) -> str:
        return self.city.removesuffix("市")


class Places:
    """Prefecture-level cities by province, read once from the Region table."""

    def __init__(self, provinces: dict[str, str], cities: dict[str, list[tuple[str, str]]]) -> None:
        self.provinces = provinces
        self.cities = cities

    def pick(self, rng: random.Random, province_prefix: str) -> Place:
        province_code = province_prefix + "0000"
        name = self.provinces[province_code]
        if province_prefix in MUNICIPALITIES or not self.cities.get(province_code):
            return Place(name, name, province_code)
        code, city = rng.choice(self.cities[province_code])
        return Place(name, city, code)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


class OrganizationBuilder:
    def __init__(self, rng: random.Random, places: Places) -> None:
        self.rng = rng
        self.places = places
        self.turn = 0
        self.brands = list(BRAND_SYLLABLES)
        rng.shuffle(self.brands)
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.brand_of: dict[str, str] = {}

    def _next_province(self, coastal: bool) -> str:
        pool = COASTAL if coastal else PROVINCES
        self.turn += 1
        return pool[self.turn % len(pool)]

    def _brand(self) -> str:
        return self.brands[self.turn % len(self.brands)]

    def build(self, template: OrgTemplate, *, owns: bool, industry: str = "") -> OrgSpec:
        while True:
            place = self.places.pick(self.rng, self._next_province(template.coastal))
            brand = self._brand()
            name = template.pattern.format(
                place=place.full, city=place.short, province=place.province, brand=brand, industry=industry
            )
            if name not in self.names:
                break
        self.names.add(name)
        spec = OrgSpec(name=name, type=template.type, region_code=place.code, domains=template.domains, owns=owns)
        spec.supplies = template.type in SUPPLIER_TYPES and not owns
        spec.credit_code = self._credit_code(template.type, place.code)
        if "{brand}" in template.pattern:
            self.brand_of[name] = brand
        return spec

    def _credit_code(self, org_type: str, region_code: str) -> str:
        code = credit_code(self.rng, org_type, region_code)
        while code in self.codes:
            code = credit_code(self.rng, org_type, region_code)
        self.codes.add(code)
        return code

    def marker(self) -> OrgSpec:
        spec = OrgSpec(MARKER_NAME, "public_institution", MARKER_REGION, tuple(ALL_DOMAINS))
        spec.credit_code = self._credit_code(spec.type, spec.region_code)
        spec.description = "场景桥示范平台的运营单位，负责场景征集、遴选、发布和供需对接服务。"
        return spec


def build_organizations(rng: random.Random, places: Places) -> tuple[list[OrgSpec], dict[str, str]]:
    """The marker organization first, then owners, supporting organizations and one supplier per domain and more."""
    builder = OrganizationBuilder(rng, places)
    specs = [builder.marker()]
    for template in OWNER_TEMPLATES:
        copies = 2 if template.type == "private_enterprise" else 1
        specs += [builder.build(template, owns=True) for _ in range(copies)]
    specs += [builder.build(template, owns=False) for template in SUPPORT_TEMPLATES]
    codes = list(ALL_DOMAINS)
    for index in range(32):
        domain = ALL_DOMAINS[codes[index % len(codes)]]
        template = OrgTemplate(
            "private_enterprise", "{city}{brand}{industry}有限公司", (domain.code, *domain.related[:1])
        )
        specs.append(builder.build(template, owns=False, industry=domain.industry))
    for spec in specs[1:]:
        _profile(rng, spec)
    return specs, builder.brand_of


SIZES = {
    "central_soe": ("large",),
    "local_soe": ("large", "medium"),
    "foreign_invested": ("large", "medium"),
    "private_enterprise": ("medium", "small", "small", "micro", "large"),
    "service_agency": ("small", "micro"),
    "investor": ("small",),
}

QUALIFICATIONS = {
    "central_soe": ("national_etc", "tech_innovation_demo", "ip_demo"),
    "local_soe": ("national_etc", "ip_advantage"),
    "foreign_invested": ("hnte", "national_etc"),
    "private_enterprise": ("hnte", "srdi_sme", "tech_sme", "innovative_sme", "srdi_little_giant", "ip_advantage"),
}

DESCRIPTIONS = {
    "government_agency": "{name}负责本地区{field}相关工作，积极推动新技术在{field}领域先行先试和场景开放。",
    "public_institution": "{name}是公益性事业单位，近年来持续推进{field}领域的数字化、智能化建设。",
    "central_soe": "{name}是中央企业所属骨干企业，业务覆盖全国，承担多项{field}领域国家重点工程。",
    "local_soe": "{name}是地方国有骨干企业，承担本地区{field}领域基础设施建设和运营。",
    "private_enterprise": "{name}成立于{year}年，专注于{field}领域的技术研发和产品服务，现有研发人员 {staff} 人。",
    "foreign_invested": "{name}是外商投资企业，在华设有研发中心，面向{field}领域提供产品和服务。",
    "university": "{name}在{field}等领域拥有省部级重点实验室，积极推动科技成果转化。",
    "research_institute": "{name}长期从事{field}领域应用研究，拥有多个省级创新平台。",
    "new_rd_institution": "{name}是地方政府支持建设的新型研发机构，聚焦{field}领域的技术攻关和成果转化。",
    "association": "{name}由{field}领域企业、高校和科研院所自愿组成，组织开展供需对接和标准研制。",
    "service_agency": "{name}提供技术转移、成果评价和知识产权运营服务，重点服务{field}领域企业。",
    "investor": "{name}专注于{field}等领域的早期和成长期投资，管理基金规模超过 20 亿元。",
}


def _profile(rng: random.Random, spec: OrgSpec) -> None:
    spec.size = rng.choice(SIZES.get(spec.type, ("na",)))
    pool = QUALIFICATIONS.get(spec.type, ())
    if pool:
        spec.qualifications = rng.sample(pool, k=rng.randint(1, min(3, len(pool))))
    field = "、".join(_domain_name(code) for code in spec.domains[:2])
    spec.description = DESCRIPTIONS[spec.type].format(
        name=spec.name, field=field, year=rng.randint(2008, 2021), staff=rng.randint(20, 400)
    )


DOMAIN_NAMES = {
    "D01": "数字经济",
    "D02": "人工智能",
    "D03": "低空经济",
    "D04": "生物制造",
    "D05": "海洋开发",
    "D06": "清洁能源",
    "D07": "智能制造",
    "D08": "交通运输",
    "D09": "农业农村",
    "D10": "安全生产",
    "D11": "水利",
    "D12": "城市治理",
    "D13": "应急管理",
    "D14": "生态环保",
    "D15": "医疗健康",
    "D16": "养老服务",
    "D17": "教育",
    "D18": "文化旅游",
    "D19": "体育",
    "D20": "商贸消费",
    "D21": "金融",
    "D22": "重大工程",
}


def _domain_name(code: str) -> str:
    return DOMAIN_NAMES[code]

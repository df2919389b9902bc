"""Demo organizations: fictional names, the domains each one works in, and valid 统一社会信用代码."""

import random
from dataclasses import dataclass, field

from stdnum.cn import uscc

# Provinces the demo spreads over (GB/T 2260 province prefixes); coastal ones also host ocean scenarios.
PROVINCES = (
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "61",
    "62",
    "64",
    "65",
)
COASTAL = ("21", "12", "13", "31", "32", "33", "35", "37", "44", "45", "46")

# (registration authority, entity type) of GB 32100-2015: 1x 机构编制, 5x 民政, 9x 工商.
REGISTRATION = {
    "government_agency": "11",
    "public_institution": "12",
    "university": "12",
    "research_institute": "12",
    "new_rd_institution": "52",
    "association": "51",
    "service_agency": "91",
    "investor": "91",
    "central_soe": "91",
    "local_soe": "91",
    "private_enterprise": "91",
    "foreign_invested": "91",
}

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class OrgTemplate:
    type: str
    pattern: str
    domains: tuple[str, ...]
    coastal: bool = False


@dataclass
class OrgSpec:
    name: str
    type: str
    region_code: str
    domains: tuple[str, ...]
    credit_code: str = ""
    size: str = "na"
    qualifications: list[str] = field(default_factory=list)
    description: str = ""
    owns: bool = False
    supplies: bool = False


def _templates(org_type: str, lines: str) -> list[OrgTemplate]:
    result = []
    for line in lines.strip().splitlines():
        pattern, domains, *flags = line.split(";")
        result.append(OrgTemplate(org_type, pattern.strip(), tuple(domains.split()), bool(flags)))
    return result


OWNER_TEMPLATES = [
    *_templates(
        "government_agency",
        """
        {place}工业和信息化局;D07 D01 D02
        {place}数据局;D01 D02 D12
        {place}交通运输局;D08 D03
        {place}农业农村局;D09 D04
        {place}应急管理局;D13 D10
        {place}水利局;D11
        {place}生态环境局;D14
        {place}卫生健康委员会;D15
        {place}民政局;D16
        {place}教育局;D17
        {place}文化广电和旅游局;D18
        {place}体育局;D19
        {place}商务局;D20
        {place}城市管理局;D12
        {place}海洋发展局;D05;coastal
        {place}发展和改革委员会;D06 D22 D03 D21
        """,
    ),
    *_templates(
        "public_institution",
        """
        {place}第一人民医院;D15
        {place}社会福利院;D16
        {place}城市运行管理中心;D12 D13
        {place}博物馆;D18
        {place}奥林匹克体育中心;D19
        {place}水文水资源勘测中心;D11
        {place}疾病预防控制中心;D15
        {place}生态环境监测中心;D14
        {place}职业技术学院;D17
        """,
    ),
    *_templates(
        "central_soe",
        """
        华衡电力储能集团有限公司;D06
        远扬港航物流集团有限公司;D08 D05;coastal
        国垣矿业能源集团有限公司;D10 D06
        华筑重大工程集团有限公司;D22 D12
        天衡航空工业集团有限公司;D03 D07
        """,
    ),
    *_templates(
        "local_soe",
        """
        {city}城市建设发展集团有限公司;D12 D22
        {city}水务集团有限公司;D11 D14
        {city}公共交通集团有限公司;D08
        {city}文化旅游发展集团有限公司;D18 D19
        {city}农业发展集团有限公司;D09
        {city}能源投资集团有限公司;D06
        {city}港口集团有限公司;D05 D08;coastal
        {city}康养产业集团有限公司;D16 D15
        {city}商贸流通集团有限公司;D20
        {city}金融控股集团有限公司;D21
        """,
    ),
    *_templates(
        "private_enterprise",
        """
        {city}{brand}精密机械有限公司;D07
        {city}{brand}汽车零部件有限公司;D07 D06
        {city}{brand}食品股份有限公司;D09 D04 D20
        {city}{brand}化工有限公司;D14 D04
        {city}{brand}物流有限公司;D08 D20
        {city}{brand}生物医药有限公司;D04 D15
        """,
    ),
]

SUPPORT_TEMPLATES = [
    *_templates(
        "foreign_invested",
        """
        艾森博格工业自动化（{city}）有限公司;D07 D02
        诺维斯医疗器械（{city}）有限公司;D15 D16
        凯斯特伦能源科技（{city}）有限公司;D06 D14
        蓝桥德智能系统（{city}）有限公司;D08 D12
        """,
    ),
    *_templates(
        "university",
        """
        江淮理工大学;D07 D02 D06
        东海海洋大学;D05 D14;coastal
        西岭矿业大学;D10 D22
        南岭农林大学;D09 D04
        北辰医科大学;D15 D16
        """,
    ),
    *_templates(
        "research_institute",
        """
        {province}智能装备研究院;D07 D22
        {province}水利科学研究所;D11 D13
        {province}环境科学研究院;D14 D06
        {province}交通科学研究院;D08 D22
        {province}农业信息研究所;D09 D21
        """,
    ),
    *_templates(
        "new_rd_institution",
        """
        {city}人工智能创新研究院;D02 D01 D17
        {city}新型储能技术研究院;D06
        {city}合成生物创新中心;D04
        {city}低空经济技术研究院;D03 D13
        """,
    ),
    *_templates(
        "association",
        """
        {province}人工智能产业协会;D02 D01
        {province}低空经济产业联盟;D03
        {province}智能制造产业协会;D07
        """,
    ),
    *_templates(
        "service_agency",
        """
        {city}{brand}科技成果转化服务有限公司;D07 D04
        {city}技术转移服务中心有限公司;D02 D06
        {city}{brand}知识产权服务有限公司;D01
        """,
    ),
    *_templates(
        "investor",
        """
        {city}{brand}创业投资管理有限公司;D02 D04 D06
        {city}科技创新产业投资基金管理有限公司;D07 D03
        {brand}资本管理有限公司;D15 D21
        """,
    ),
]

MARKER_NAME = "场景桥示范平台运营中心"
MARKER_REGION = "320500"


def organization_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and its own check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    remainder = 11 - sum(int(c) * w for c, w in zip(body, _ORG_CODE_WEIGHTS, strict=True)) % 11
    check = {10: "X", 11: "0"}.get(remainder, str(remainder))
    return body + check


def credit_code(rng: random.Random, org_type: str, region_code: str) -> str:
    stem = REGISTRATION[org_type] + region_code + organization_code(rng)
    return uscc.validate(stem + uscc.calc_check_digit(stem))

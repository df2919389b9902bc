"""The building blocks of the demo texts: what a domain's needs and offers look like, and the shared phrases.

Everything here was written for SceneBridge's demo; no text is taken from real organizations or data sets.
"""

from dataclasses import dataclass

KIND_CODES = {"P": "production", "W": "work", "L": "life"}


@dataclass(frozen=True)
class Topic:
    """One kind of need a domain has: the seed of one or more scenarios."""

    title: str
    problem: str
    goal: str
    kpis: tuple[str, ...]
    kind: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class OfferCore:
    """One kind of thing suppliers in a domain offer: the seed of many offers."""

    stem: str
    noun: str
    what: str
    capabilities: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class DomainVocabulary:
    code: str
    industry: str
    sites: tuple[str, ...]
    environment: str
    clients: tuple[str, ...]
    related: tuple[str, ...]
    topics: tuple[Topic, ...]
    offers: tuple[OfferCore, ...]
    certifications: tuple[str, ...] = ()
    coastal: bool = False


def topic(title: str, problem: str, goal: str, kpis: str, kind: str, tags: str) -> Topic:
    """A topic written on one line: KPIs separated by “|”, tag codes by spaces, kind as P/W/L."""
    return Topic(title, problem, goal, tuple(kpis.split("|")), KIND_CODES[kind], tuple(tags.split()))


def offer(stem: str, noun: str, what: str, capabilities: str, tags: str) -> OfferCore:
    return OfferCore(stem, noun, what, tuple(capabilities.split("|")), tuple(tags.split()))


LEVEL_SCOPE = {
    "major": (
        "本场景属于综合性重大场景，涉及多个部门和业务系统的协同，要求方案具备整体设计、跨系统集成和长期运营能力。",
        "场景覆盖范围广、带动作用强，需要牵头单位联合上下游共同参与，形成可在全域推广的整体方案。",
    ),
    "integrated": (
        "本场景需要与现有业务系统深度集成，打通数据和流程，推动新技术在行业内成体系应用。",
        "方案既要解决单点问题，也要与现有平台互联互通，为行业同类单位提供可复制的集成样板。",
    ),
    "small": (
        "本场景切口小、需求明确、见效快，适合具备成熟产品的企业快速验证和迭代。",
        "需求边界清晰，希望先在一个点位上跑通，再视效果逐步扩大应用范围。",
    ),
}

GOAL_OPENERS = (
    "希望引入{techs}等技术，{goal}。",
    "拟通过{techs}等新技术手段，{goal}。",
    "现面向社会征集成熟的技术方案，借助{techs}等手段，{goal}。",
    "计划开放真实场景，联合有能力的单位运用{techs}等技术，{goal}。",
)

SUMMARY_TEMPLATES = (
    "征集能够{goal}的{offer_word}，重点指标：{kpi}。",
    "面向{site}开放应用场景，寻求{goal}的{offer_word}，要求{kpi}。",
    "{owner_short}开放{site}场景，征集{offer_word}，目标是{goal}。",
)

OFFER_WORDS = ("技术方案", "产品和解决方案", "成熟产品", "创新解决方案")

PROVIDE_ITEMS = {
    "site": "试点场地和现场配合人员",
    "data": "脱敏后的历史业务数据",
    "compute": "必要的算力和网络资源",
}

INTERFACE_REQUIREMENTS = (
    "提供标准 RESTful API，能够与现有业务系统对接，接口文档完整。",
    "数据格式遵循国家或行业相关标准，支持按需导出，不形成新的数据孤岛。",
    "支持与现有视频监控平台按 GB/T 28181 协议对接。",
    "支持与现有统一身份认证系统集成，实现单点登录和分级授权。",
)

SECURITY_REQUIREMENTS = (
    "满足网络安全等级保护 2.0 第三级要求，核心数据境内存储。",
    "敏感数据加密传输和存储，操作全程留痕，可审计可追溯。",
    "支持在国产化软硬件环境（信创）中部署运行。",
    "涉及个人信息的处理须符合《个人信息保护法》，采取最小必要原则。",
)

DEPLOYMENT_REQUIREMENTS = (
    "支持私有化部署，也可采用云边协同方式部署。",
    "须在不影响正常生产运营的条件下完成部署和调试。",
    "系统应具备远程升级和运维能力，故障响应时间不超过 4 小时。",
    "提供不少于 2 年的免费运维服务和操作培训。",
)

GENERIC_KPIS = (
    "系统可用率 ≥ 99.5%",
    "试点期不少于 6 个月",
    "用户满意度 ≥ 90%",
    "故障平均修复时间 ≤ 4 小时",
    "形成可推广的技术规范 1 项",
)

OUTCOME_TEMPLATES = (
    "在 {n} 个{site}完成试点部署并稳定运行不少于 {months} 个月，{tail}",
    "试点结束时，方案在{site}的实际运行指标全部达到要求，{tail}",
    "完成方案设计、部署、运行和评估全过程，覆盖 {n} 个{site}，{tail}",
)

OUTCOME_TAILS = (
    "形成可复制、可推广的解决方案和技术规范。",
    "总结形成典型案例，具备在同类场景中推广的条件。",
    "为后续规模化采购和全域推广提供依据。",
    "形成一套可在本省推广的建设和运营模式。",
)

OTHER_SUPPORT = (
    "试点成功的方案可优先纳入本地区创新产品推荐目录。",
    "可协助申报首台（套）、首批次、首版次等政策支持。",
    "可提供现场办公场所和专人对接，协调相关部门支持。",
    "试点成果可在本单位下属单位中优先推广应用。",
    "可联合申报省级以上科技项目，共享知识产权。",
    "",
    "",
)

OFFER_DEPLOYMENT = (
    "产品支持私有化部署和云端订阅两种方式，可通过标准接口与客户现有系统对接。",
    "方案采用模块化设计，可根据场景规模灵活裁剪，典型项目实施周期为 2 至 3 个月。",
    "核心算法和软件均为自主研发，已完成主流国产芯片和操作系统适配。",
    "团队长期深耕{domain}领域，具备从方案设计、部署实施到运维服务的完整能力。",
    "提供本地化交付团队，可在 48 小时内到达现场处理问题。",
)

OFFER_MATURITY = {
    "high": (
        "目前已在多个项目中规模化应用，运行稳定。",
        "产品已批量交付，累计服务客户数十家。",
    ),
    "middle": (
        "已完成样机研制，并在实际环境中开展示范验证。",
        "已在一个试点项目中完成验证，正在进行工程化定型。",
    ),
    "low": (
        "目前处于实验室验证阶段，希望寻找真实场景开展中试验证。",
        "核心原理已验证，正在寻找合作单位共同推进工程化。",
    ),
}

GENERIC_CAPABILITIES = (
    "支持私有化部署",
    "开放标准 API 接口",
    "适配国产化软硬件环境",
    "提供可视化驾驶舱",
    "支持移动端访问",
    "提供 7×24 小时运维服务",
)

GENERIC_CERTIFICATIONS = (
    "ISO 9001 质量管理体系认证",
    "ISO/IEC 27001 信息安全管理体系认证",
    "信息系统安全等级保护三级备案",
    "CMMI 3 级认证",
    "ISO 14001 环境管理体系认证",
    "软件著作权 12 项",
    "发明专利 8 项",
    "中国信通院可信认证",
)

CASE_RESULTS = (
    "完成试点部署并通过验收",
    "稳定运行超过 12 个月",
    "由试点推广至 {n} 个站点",
    "入选省级创新产品推荐目录",
    "项目获评市级典型应用案例",
    "帮助客户降低运营成本约 {p}%",
)

COMMERCIAL_TERMS = (
    "按项目报价，试点期可免费使用 3 个月。",
    "软件按年订阅，硬件一次性采购，提供分期付款。",
    "按效果付费：以试点期实测节省成本的一定比例收费。",
    "整体交付，含 2 年免费运维；后续运维按年收费。",
    "面向中小企业提供标准版优惠价格，详情面议。",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢"
GIVEN_NAMES = [
    "志强",
    "建国",
    "晓明",
    "海燕",
    "丽娟",
    "文杰",
    "婷婷",
    "俊",
    "磊",
    "静",
    "敏",
    "洁",
    "涛",
    "鹏",
    "超",
    "颖",
    "欣怡",
    "子涵",
    "宇航",
    "浩然",
    "雨桐",
    "思远",
    "嘉怡",
    "明轩",
    "立新",
    "春华",
    "秋实",
    "雪梅",
    "国栋",
    "振华",
    "一鸣",
    "若溪",
    "晨",
    "阳",
    "帆",
    "琳",
    "博文",
    "佳琪",
    "天佑",
    "梓萱",
    "泽宇",
    "书瑶",
    "伟",
    "芳",
    "强",
    "娜",
    "军",
    "霞",
]

BRAND_SYLLABLES = [
    "智衡",
    "云栖",
    "澜舟",
    "星图",
    "深瞳",
    "极目",
    "数启",
    "瀚海",
    "擎宇",
    "睿桥",
    "锐驰",
    "知行",
    "青禾",
    "蓝鲸",
    "鸿拓",
    "衡准",
    "朗坤",
    "曜石",
    "凌霄",
    "北辰",
    "景行",
    "辰光",
    "明澈",
    "格致",
    "弘毅",
    "思源",
    "图灵湾",
    "远帆",
    "微澜",
    "山海",
    "泓川",
    "卓联",
    "科睿达",
    "华御",
    "皓月",
    "磐石",
    "观复",
    "九章衍",
    "森禾",
    "瑞丰",
    "长风",
    "聚能",
    "驭风",
    "晨曦",
    "峰行",
    "墨子湾",
    "沐阳",
    "启明星",
    "安澜",
    "和曜",
]

"""Demo 要素 (resources): what opened data sets, compute, models, test fields, pilot lines and funds look like."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceTemplate:
    type: str
    name: str
    description: str
    capacity: str
    domains: tuple[str, ...]
    tags: tuple[str, ...]
    terms: str
    access: str
    privacy_preserving: bool = False


def _r(
    kind: str,
    name: str,
    description: str,
    capacity: str,
    domains: str,
    tags: str,
    terms: str,
    access: str,
    privacy: bool = False,
) -> ResourceTemplate:
    return ResourceTemplate(
        kind, name, description, capacity, tuple(domains.split()), tuple(tags.split()), terms, access, privacy
    )


_DATA_TERMS = "仅限用于场景验证和模型训练，不得对外提供或用于其他用途；使用结束后删除本地副本。"
_DATA_ACCESS = "提交使用申请和数据安全承诺书，经数据主管部门审核后开通；需通过数据安全能力评估。"
_PRIVATE_ACCESS = "数据不出域，通过隐私计算平台以“可用不可见”方式使用，仅输出经审核的计算结果。"

TEMPLATES = (
    _r(
        "dataset",
        "{city}城市交通出行数据集",
        "汇集路口卡口、公交刷卡和网约车订单的脱敏数据，按 15 分钟粒度统计，可用于交通流预测和信号优化研究。",
        "近 3 年数据，约 12 亿条记录",
        "D08 D12",
        "big-data",
        _DATA_TERMS,
        _DATA_ACCESS,
    ),
    _r(
        "dataset",
        "{city}工业设备运行状态数据集",
        "来自园区百余家企业关键设备的振动、温度和电流数据，附带故障标注，适合训练预测性维护模型。",
        "2600 台设备，标注故障样本 1.8 万条",
        "D07",
        "industrial-internet-plus big-data",
        _DATA_TERMS,
        _DATA_ACCESS,
    ),
    _r(
        "dataset",
        "{city}医保结算与慢病管理数据",
        "包含区域内慢病患者的诊疗、用药和结算记录，已脱敏，仅支持联合建模和统计分析。",
        "覆盖慢病患者约 40 万人",
        "D15 D16",
        "privacy-computing big-data",
        _DATA_TERMS,
        _PRIVATE_ACCESS,
        True,
    ),
    _r(
        "dataset",
        "{city}农田遥感与气象数据集",
        "整合多年多源卫星影像、地面气象站和土壤墒情观测数据，按地块组织。",
        "覆盖耕地约 300 万亩",
        "D09 D21",
        "satellite-remote-sensing big-data",
        _DATA_TERMS,
        "注册后在线申请，审核通过后可下载。",
    ),
    _r(
        "dataset",
        "{city}企业经营与纳税信用数据",
        "融合市场监管、税务、社保和水电等部门数据，用于企业信用评价和融资风控。",
        "覆盖市场主体约 80 万户",
        "D21 D01",
        "privacy-computing",
        _DATA_TERMS,
        _PRIVATE_ACCESS,
        True,
    ),
    _r(
        "dataset",
        "{city}城市部件与事件图像标注集",
        "采集自城市公共视频，标注占道经营、暴露垃圾、井盖缺失等 30 余类城市管理事件。",
        "标注图像 25 万张",
        "D12 D02",
        "machine-vision ai-plus",
        _DATA_TERMS,
        _DATA_ACCESS,
    ),
    _r(
        "compute",
        "{city}智算中心算力券",
        "面向中小企业和科研团队开放智能算力，提供主流国产 AI 加速卡和训练框架，可申请算力券抵扣费用。",
        "300 PFLOPS（FP16）",
        "D02 D01",
        "intelligent-computing cloud-computing",
        "按卡时计费，算力券最高抵扣 50%；单个项目年度额度不超过 50 万元。",
        "在本地注册的企业和科研机构可申请，需提交项目说明。",
    ),
    _r(
        "compute",
        "{city}超算中心科学计算资源",
        "提供通用 CPU 集群、大内存节点和并行文件系统，适用于流体仿真、分子模拟和气象计算。",
        "峰值 20 PFLOPS",
        "D04 D11 D05",
        "cloud-computing",
        "按核时计费，科研项目享受优惠价格。",
        "在线注册，实名认证后即可使用。",
    ),
    _r(
        "compute",
        "{city}边缘计算节点开放资源",
        "依托 5G 基站机房部署的边缘计算节点，适用于低时延视频分析和车路协同应用。",
        "边缘节点 40 个，单节点 8 卡",
        "D08 D12",
        "5g-plus cloud-computing",
        "试点期间免费，正式运营后按月计费。",
        "需与运营方签署合作协议。",
    ),
    _r(
        "model",
        "{brand}行业大模型开放接口",
        "面向政务、制造和金融等行业微调的中文大模型，提供对话、摘要、信息抽取等接口，支持私有化部署。",
        "百亿参数，上下文 32K",
        "D02 D01 D21",
        "large-model ai-plus",
        "接口按调用量计费，私有化部署另行报价。",
        "注册开发者账号，完成实名认证。",
    ),
    _r(
        "model",
        "{brand}工业视觉缺陷检测预训练模型",
        "在数百万张工业图像上预训练的视觉模型，少量样本微调即可用于金属、纺织、电子等缺陷检测。",
        "覆盖 60 余类常见缺陷",
        "D07 D02",
        "machine-vision ai-plus",
        "非商业研究免费使用，商用需签订授权协议。",
        "提交使用申请，说明应用场景。",
    ),
    _r(
        "model",
        "{brand}气象与新能源功率预测模型",
        "融合数值预报与深度学习的区域气象模型，可输出风速、辐照度和新能源功率预测。",
        "空间分辨率 1 公里",
        "D06 D11",
        "new-energy ai-plus",
        "按站点年度授权。",
        "面向电力和新能源企业开放。",
    ),
    _r(
        "test_field",
        "{city}智能网联汽车测试场",
        "包含城市道路、高速环道和乡村道路等多种测试场景，部署 5G 和路侧感知设备，可开展封闭和半开放测试。",
        "封闭测试道路 12 公里",
        "D08",
        "intelligent-connected-vehicles autonomous-driving 5g-plus",
        "按天租用场地，提供安全员和测试数据记录。",
        "需提交测试方案和车辆安全评估材料。",
    ),
    _r(
        "test_field",
        "{city}低空飞行测试基地",
        "划设专用空域和起降场，配备低空监视和通信设施，可开展无人机和电动垂直起降飞行器试飞。",
        "试飞空域 50 平方公里",
        "D03",
        "low-altitude-economy beidou-plus",
        "按架次或时段收费。",
        "需提交飞行计划，符合空域管理要求。",
    ),
    _r(
        "test_field",
        "{city}城市生命线工程验证场",
        "模拟燃气、供水、排水和热力管网的实体试验环境，可开展泄漏、爆管和内涝等场景测试。",
        "管网试验段 3 公里",
        "D12 D13 D11",
        "iot digital-twin",
        "按项目收费，可联合申报科研项目。",
        "需预约并签署安全协议。",
    ),
    _r(
        "test_field",
        "{city}海上试验场",
        "依托近岸海域设立的海洋装备试验场，具备海况观测和水下定位条件。",
        "试验海域 20 平方公里",
        "D05",
        "iot robot-plus",
        "按天收费，提供试验船只。",
        "需提交试验方案，经海事部门备案。",
    ),
    _r(
        "pilot_line",
        "{city}生物制造中试平台",
        "配备 5 升至 5000 升发酵罐和下游分离纯化设备，按 GMP 要求管理，可承接工艺放大和样品生产。",
        "发酵总容积 2 万升",
        "D04",
        "biomanufacturing synthetic-biology",
        "按批次收费，知识产权归委托方所有。",
        "需签订保密协议和技术服务合同。",
    ),
    _r(
        "pilot_line",
        "{city}柔性电子与传感器中试线",
        "提供印刷电子、薄膜沉积和封装测试工艺，可完成传感器样品试制和小批量生产。",
        "年产能 50 万片",
        "D07 D15",
        "new-materials iot",
        "按工艺步骤计费。",
        "提交工艺需求，经技术评估后排期。",
    ),
    _r(
        "pilot_line",
        "{city}新型储能电芯中试线",
        "覆盖电极制备、电芯装配和化成检测全流程，支持钠离子和固态电池工艺验证。",
        "日产电芯 2000 只",
        "D06",
        "new-energy-storage new-materials",
        "按批次收费，提供检测报告。",
        "需签订保密协议。",
    ),
    _r(
        "fund",
        "{city}场景创新应用专项资金",
        "支持首次在本地落地的新技术应用场景，对通过验收的项目按投入的一定比例给予补助。",
        "年度规模 2 亿元，单项最高 500 万元",
        "D02 D07 D12",
        "ai-plus",
        "按项目实际投入的 30% 给予补助，分期拨付。",
        "申报单位须与场景方签订合作协议，项目在本地实施。",
    ),
    _r(
        "fund",
        "{brand}早期科技成果转化基金",
        "投资高校院所科技成果转化项目和早期科技企业，提供投后管理和产业资源对接。",
        "基金规模 10 亿元",
        "D04 D15 D06",
        "",
        "股权投资，单笔 500 万至 3000 万元。",
        "提交商业计划书，经投资决策委员会审议。",
    ),
    _r(
        "fund",
        "{city}首台（套）保险补偿资金",
        "对首台（套）重大技术装备的保险费用给予补贴，降低用户单位的应用风险。",
        "年度补贴上限 5000 万元",
        "D07 D22 D10",
        "robot-plus",
        "按保费的 80% 给予补贴。",
        "须进入首台（套）推广目录。",
    ),
)

TYPE_PROVIDERS = {
    "dataset": ("government_agency", "public_institution", "local_soe"),
    "compute": ("new_rd_institution", "local_soe", "central_soe"),
    "model": ("new_rd_institution", "private_enterprise", "research_institute"),
    "test_field": ("local_soe", "research_institute", "new_rd_institution"),
    "pilot_line": ("research_institute", "new_rd_institution", "university"),
    "fund": ("investor", "government_agency"),
}

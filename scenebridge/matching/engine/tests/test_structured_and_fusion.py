import numpy as np

from scenebridge.matching.engine.documents import document_from_record
from scenebridge.matching.engine.fusion import FusionWeights, fuse, normalise_features, zscore
from scenebridge.matching.engine.records import NeedRecord, OfferRecord
from scenebridge.matching.engine.structured import domain_agreement, maturity_fit, tag_agreement


def test_domain_agreement_is_neutral_when_a_side_is_unknown():
    # given a need with a domain and offers with, without and with another domain
    need = document_from_record(NeedRecord(id="N", domain="养老"))
    same = document_from_record(OfferRecord(id="A", domains=("医疗健康", "养老")))
    unknown = document_from_record(OfferRecord(id="B"))
    other = document_from_record(OfferRecord(id="C", domains=("金融",)))

    # when agreement is measured
    # then it is 1, 0.5 and 0
    assert domain_agreement(need, same) == 1.0
    assert domain_agreement(need, unknown) == 0.5
    assert domain_agreement(need, other) == 0.0


def test_a_domain_written_short_agrees_with_its_full_name_and_short_levels_are_understood():
    # given a need filed under a short domain name and level, and offers under the full name and another domain
    need = document_from_record(NeedRecord(id="N", domain="低空经济", level="小切口"))
    full = document_from_record(OfferRecord(id="A", domains=("低空经济与全空间无人体系",), trl=3))
    other = document_from_record(OfferRecord(id="B", domains=("金融",), trl=5))

    # when compared
    # then the full name agrees, the other domain does not, and the level expects TRL 5 (高价值小切口场景)
    assert domain_agreement(need, full) == 1.0
    assert domain_agreement(need, other) == 0.0
    assert maturity_fit(need, full) == 0.5
    assert maturity_fit(need, other) == 1.0


def test_records_read_fields_as_other_systems_export_them():
    # given a need and an offer whose labels, lists and flags come as strings
    need = NeedRecord.from_mapping(
        {
            "id": 7,
            "title": "巡检",
            "domains": ["应急管理", "水利"],
            "tags": "无人机、北斗+,物联网",
            "confidential": "false",
        }
    )
    offer = OfferRecord.from_mapping(
        {
            "id": "F",
            "title": "巡检无人机",
            "domains": "应急管理；水利",
            "capabilities": "长航时；自主避障。夜间巡检",
            "cases": ["某市防汛"],
            "trl": "TRL 7",
            "confidential": "否",
        }
    )

    # when read
    # then labels are split, phrases are split, the TRL is the number and "false"/"否" are not confidential
    assert need.id == "7" and need.domains == ("应急管理", "水利")
    assert need.tags == ("无人机", "北斗+", "物联网")
    assert need.is_active and offer.is_active
    assert offer.domains == ("应急管理", "水利")
    assert offer.capabilities == ("长航时", "自主避障", "夜间巡检")
    assert offer.cases == ("某市防汛",)
    assert offer.trl == 7
    assert not NeedRecord.from_mapping({"id": "x", "confidential": "是"}).is_active
    assert OfferRecord.from_mapping({"id": "y", "trl": "未知"}).trl is None
    assert OfferRecord.from_mapping({"id": "z", "trl": float("nan")}).trl is None


def test_tag_agreement_ignores_the_plus_suffix():
    # given tags written with and without "+"
    need = document_from_record(NeedRecord(id="N", tags=("人工智能+", "物联网")))
    offer = document_from_record(OfferRecord(id="F", tags=("人工智能", "物联网")))

    # when compared
    # then they fully agree
    assert tag_agreement(need, offer) == 1.0


def test_maturity_fit_falls_with_each_missing_readiness_level():
    # given a major scenario expecting TRL 7
    need = document_from_record(NeedRecord(id="N", level="综合性重大场景"))

    # when offers of TRL 9, 6 and unknown are checked
    # then the ready one fits, the younger one less, the unknown one is neutral
    assert maturity_fit(need, document_from_record(OfferRecord(id="A", trl=9))) == 1.0
    assert maturity_fit(need, document_from_record(OfferRecord(id="B", trl=6))) == 0.75
    assert maturity_fit(need, document_from_record(OfferRecord(id="C"))) == 0.5


def test_fusion_normalises_scale_away():
    # given a signal in thousands and one in hundredths that rank the same way
    raw = {
        "lexical": np.array([1000.0, 2000.0, 3000.0], dtype=np.float32),
        "semantic": np.array([0.80, 0.81, 0.82], dtype=np.float32),
    }

    # when normalised
    normalised = normalise_features(raw)

    # then both carry the same information
    assert np.allclose(normalised["lexical"], normalised["semantic"], atol=1e-4)
    assert np.allclose(zscore(np.array([5.0, 5.0], dtype=np.float32)), 0)


def test_fusion_uses_only_present_signals_with_their_weights():
    # given a domain signal and weights that ignore everything else
    normalised = {"domain": np.array([1.0, 0.0], dtype=np.float32)}
    weights = FusionWeights(semantic=0, lexical=0, coverage=0, requirement_semantic=0, domain=2.0, tags=0, maturity=0)

    # when fused
    scores = fuse(normalised, weights)

    # then the score is the weighted domain signal
    assert list(scores) == [2.0, 0.0]

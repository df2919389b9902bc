"""The decision log verifier finds every tampering in a set of random ones and raises no false alarm."""

import random
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from hypothesis import given, settings
from hypothesis import strategies as st

from scenebridge.core import decisions
from scenebridge.core.models import DecisionEntry, DecisionLogHead

pytestmark = pytest.mark.django_db


def _log(n: int, actor: Any = None) -> None:
    domain = ContentType.objects.get_for_model(DecisionEntry)
    for i in range(n):
        decisions.decision_record(actor=actor, kind="selection", obj=domain, summary=f"决定{i}", payload={"i": i})


def test_an_untouched_log_verifies() -> None:
    _log(5)
    result = decisions.verify()
    assert result.ok and result.checked == 5
    assert decisions.head_hash() == DecisionEntry.objects.get(sequence=5).entry_hash


TAMPERINGS = ["edit_summary", "edit_payload", "delete_middle", "delete_last", "insert", "swap", "rehash_one"]


def _tamper(kind: str, rng: random.Random) -> int:
    entries = list(DecisionEntry.objects.order_by("sequence"))
    victim = rng.choice(entries[:-1]) if kind in ("delete_middle", "swap") else rng.choice(entries)
    if kind == "edit_summary":
        DecisionEntry.objects.filter(pk=victim.pk).update(summary=victim.summary + "改")
    elif kind == "edit_payload":
        DecisionEntry.objects.filter(pk=victim.pk).update(payload={"i": -1})
    elif kind == "delete_middle":
        victim.delete()
    elif kind == "delete_last":
        victim = entries[-1]
        victim.delete()
    elif kind == "insert":
        victim = entries[-1]
        forged = DecisionEntry(**{f.attname: getattr(victim, f.attname) for f in DecisionEntry._meta.concrete_fields})
        forged.pk, forged.sequence, forged.previous_hash = None, victim.sequence + 1, victim.entry_hash
        forged.summary = "伪造"
        forged.entry_hash = decisions.entry_hash(forged)
        forged.save()
        return forged.sequence
    elif kind == "swap":
        DecisionEntry.objects.filter(pk=victim.pk).update(kind="award")
    elif kind == "rehash_one":  # an editor who recomputes the edited entry's own hash still breaks the next link
        victim.summary = "改写"
        victim.entry_hash = decisions.entry_hash(victim)
        victim.save()
    return victim.sequence


@settings(max_examples=25, deadline=None)
@given(kind=st.sampled_from(TAMPERINGS), size=st.integers(min_value=2, max_value=8), seed=st.integers(0, 10_000))
def test_every_tampering_is_detected(kind: str, size: int, seed: int) -> None:
    # given
    DecisionEntry.objects.all().delete()
    DecisionLogHead.objects.all().delete()
    _log(size)
    assert decisions.verify().ok
    # when
    _tamper(kind, random.Random(seed))
    # then
    result = decisions.verify()
    assert not result.ok, kind
    assert result.first_bad_sequence is not None

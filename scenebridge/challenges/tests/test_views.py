"""The pages and the API, driven over HTTP: the whole loop, the seal crawl, idempotent apply, the public result."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.challenges import delivery, services
from scenebridge.challenges.models import Application, Challenge
from scenebridge.challenges.tests.factories import (
    another_supplier,
    apply,
    open_challenge,
    pass_deadline,
    published_scenario,
)

pytestmark = pytest.mark.django_db

API = "/api/test-challenges/challenges"
MARKER = "SEALED-MARKER-7f3a"


def client_for(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client: Client, name: str, *args: Any, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse(f"challenges:{name}", args=args), data or {})


def test_the_whole_loop_through_the_pages(owner: Any, operator: Any, supplier: Any, expert: Any) -> None:
    # given a published scenario
    scenario = published_scenario(owner, operator)
    as_owner, as_supplier, as_operator = client_for(owner), client_for(supplier), client_for(operator)
    deadline = (timezone.localtime() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    opens = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    # when the owner posts and publishes a challenge
    assert as_owner.get(reverse("challenges:create") + f"?scenario={scenario.uuid}").status_code == 200
    response = _post(
        as_owner,
        "create",
        data={
            "scenario": scenario.uuid,
            "title": "港区无人集卡揭榜",
            "goals": "完成三个月连续运行。",
            "indicators_text": "定位精度 | ≤5 | 厘米",
            "reward_wan": "300",
            "reward_text": "研发资金",
            "eligibility": "企业或高校",
            "opens_at": opens,
            "deadline": deadline,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    challenge = Challenge.objects.get()
    assert _post(as_owner, "publish", challenge.uuid).status_code == 302
    # and the supplier applies twice with the same form
    form = {"title": "无人集卡方案", "proposal": "融合定位", "team": "二十人", "budget_wan": "280", "plan": "两阶段"}
    assert as_supplier.get(reverse("challenges:apply", args=[challenge.uuid])).status_code == 200
    first = _post(as_supplier, "apply", challenge.uuid, data=form)
    second = _post(as_supplier, "apply", challenge.uuid, data=form)
    # then there is one application
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    # when the deadline passes, the operator forms a panel, the owner proposes and the operator approves
    pass_deadline(challenge)
    assert as_owner.get(reverse("challenges:applications", args=[challenge.uuid])).status_code == 200
    assert _post(as_operator, "review_start", challenge.uuid, data={"experts": [expert.pk]}).status_code == 302
    assert Challenge.objects.get().status == "under_review"
    assert _post(as_operator, "review_close", challenge.uuid).status_code == 302
    application = Application.objects.get()
    assert as_owner.get(reverse("challenges:award_propose", args=[challenge.uuid])).status_code == 200
    _post(as_owner, "award_propose", challenge.uuid, data={"application": application.uuid, "reasons": "方案最优"})
    assert as_operator.get(reverse("challenges:operator")).status_code == 200
    _post(as_operator, "award_decide", challenge.uuid, data={"decision": "approve"})
    assert Challenge.objects.get().status == "awarded"
    # and the delivery runs to the final acceptance
    _post(
        as_owner,
        "milestone_add",
        challenge.uuid,
        data={"title": "样机", "deliverables": "样机一台", "due_on": "2027-06-30"},
    )
    milestone = Challenge.objects.get().milestones.get()
    _post(as_supplier, "milestone_submit", challenge.uuid, milestone.pk, data={"submission": "样机已交付"})
    _post(as_owner, "milestone_review", challenge.uuid, milestone.pk, data={"decision": "accept"})
    _post(as_owner, "accept", challenge.uuid, data={"note": "验收通过"})
    # then
    assert Challenge.objects.get().status == "accepted"
    public = client_for(None).get(reverse("challenges:result", args=[challenge.uuid])).content.decode()
    assert supplier.organization.name in public and "无人集卡方案" in public
    for page in ("mine", "my_applications", "list"):
        for client in (as_owner, as_supplier, as_operator):
            assert client.get(reverse(f"challenges:{page}")).status_code == 200
    assert as_supplier.get(reverse("challenges:detail", args=[challenge.uuid])).status_code == 200


def _crawl(client: Client, challenge: Challenge, application: Application) -> str:
    """Every page and API answer that could show an application, concatenated (searches echo their query, so
    the search pages are checked apart)."""
    urls = [
        reverse("challenges:list"),
        reverse("challenges:detail", args=[challenge.uuid]),
        reverse("challenges:applications", args=[challenge.uuid]),
        reverse("challenges:application_detail", args=[application.uuid]),
        reverse("challenges:apply", args=[challenge.uuid]),
        reverse("challenges:my_applications"),
        reverse("challenges:mine"),
        reverse("challenges:operator"),
        reverse("challenges:result", args=[challenge.uuid]),
        reverse("notifications:inbox"),
        reverse("analytics:audit"),
        reverse("analytics:console"),
        reverse("analytics:workbench"),
        f"{API}",
        f"{API}/{challenge.uuid}",
        f"{API}/{challenge.uuid}/applications",
        f"{API}/applications/{application.uuid}",
        f"{API}/{challenge.uuid}/my-application",
        f"{API}/{challenge.uuid}/award",
        "/api/v1/audit-events",
    ]
    return "\n".join(client.get(url).content.decode() for url in urls)


def test_before_the_deadline_only_the_author_reads_an_application_anywhere(
    owner: Any, org_admin: Any, operator: Any, supplier: Any, expert: Any, outsider: Any
) -> None:
    # given an application with a marker in every part, and a rival's
    challenge = open_challenge(owner, operator)
    application = apply(
        supplier, challenge, title=f"方案{MARKER}", proposal=f"融合定位方案 {MARKER}", team=MARKER, plan=MARKER
    )
    services.application_submit(
        actor=supplier, challenge_id=challenge.pk, data={"title": f"无人集卡方案{MARKER}", "proposal": f"修改 {MARKER}"}
    )
    rival = another_supplier()
    apply(rival, challenge)
    # when every role crawls
    viewers = {
        "public": None,
        "operator": operator,
        "owner": owner,
        "org_admin": org_admin,
        "rival": rival,
        "expert": expert,
        "outsider": outsider,
    }
    # then only the author sees the marker
    for name, user in viewers.items():
        assert MARKER not in _crawl(client_for(user), challenge, application), name
    assert MARKER in _crawl(client_for(supplier), challenge, application)
    # and after the deadline the owner does, the rival still does not
    pass_deadline(challenge)
    assert MARKER in _crawl(client_for(owner), challenge, application)
    assert MARKER not in _crawl(client_for(rival), challenge, application)
    assert MARKER not in _crawl(client_for(None), challenge, application)
    found = client_for(owner).get(reverse("challenges:list"), {"q": "融合定位方案"}).context["page_obj"]
    assert list(found) == []


def test_owner_sees_only_the_count_before_the_deadline(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    apply(supplier, challenge, title="无人集卡方案甲")
    # when
    response = client_for(owner).get(reverse("challenges:detail", args=[challenge.uuid]))
    page = response.content.decode()
    listing = client_for(owner).get(reverse("challenges:applications", args=[challenge.uuid]))
    api = client_for(owner).get(f"{API}/{challenge.uuid}/applications").json()
    # then
    assert response.context["application_count"] == 1 and response.context["sealed"] is True
    assert "无人集卡方案甲" not in page
    assert listing.status_code == 403
    assert api["count"] == 1 and api["results"] == [] and api["sealed"] is True


def test_api_apply_twice_creates_one_then_reports_it(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    client = client_for(supplier)
    body = json.dumps({"title": "方案", "proposal": "内容", "budget_wan": "100"})
    # when
    first = client.post(f"{API}/{challenge.uuid}/apply", body, content_type="application/json")
    second = client.post(f"{API}/{challenge.uuid}/apply", body, content_type="application/json")
    # then
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["uuid"] == second.json()["uuid"] and Application.objects.count() == 1
    mine = client.get(f"{API}/{challenge.uuid}/my-application").json()
    assert mine["proposal"] == "内容"


def test_api_create_publish_and_award_with_two_accounts(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    scenario = published_scenario(owner, operator)
    as_owner, as_operator = client_for(owner), client_for(operator)
    now = timezone.now()
    payload = {
        "scenario": str(scenario.uuid),
        "title": "智慧港口揭榜",
        "goals": "目标",
        "indicators": [{"name": "精度", "target": "≤5", "unit": "厘米"}],
        "opens_at": now.isoformat(),
        "deadline": (now + datetime.timedelta(days=5)).isoformat(),
    }
    # when
    created = as_owner.post(API, json.dumps(payload), content_type="application/json")
    uuid = created.json()["uuid"]
    as_owner.post(f"{API}/{uuid}/publish")
    application = apply(supplier, Challenge.objects.get())
    pass_deadline(Challenge.objects.get())
    denied = client_for(supplier).post(
        f"{API}/{uuid}/award/propose",
        json.dumps({"application": str(application.uuid), "reasons": "我"}),
        content_type="application/json",
    )
    proposed = as_owner.post(
        f"{API}/{uuid}/award/propose",
        json.dumps({"application": str(application.uuid), "reasons": "最优"}),
        content_type="application/json",
    )
    self_approve = as_owner.post(f"{API}/{uuid}/award/approve", "{}", content_type="application/json")
    approved = as_operator.post(f"{API}/{uuid}/award/approve", "{}", content_type="application/json")
    # then
    assert created.status_code == 201 and created.json()["indicators"][0]["unit"] == "厘米"
    assert denied.status_code == 403 and proposed.status_code == 200 and self_approve.status_code == 403
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    result = client_for(None).get(f"{API}/{uuid}/result").json()
    assert result["winner"] == supplier.organization.name and len(result["decision_head_hash"]) == 64
    assert client_for(None).get(f"{API}/{uuid}/award").json()["winner"] == supplier.organization.name


def test_public_result_never_shows_losing_applications(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    winner = apply(supplier, challenge, title="胜出方案")
    loser_user = UserFactory(role=Role.SUPPLIER, organization=OrganizationFactory(name="落选科技有限公司"))
    apply(loser_user, challenge, title="落选方案LOSER")
    pass_deadline(challenge)
    delivery.award_propose(actor=owner, challenge_id=challenge.pk, application_id=winner.pk, reasons="最优")
    delivery.award_approve(actor=operator, challenge_id=challenge.pk)
    # when
    anonymous = client_for(None)
    pages = [
        anonymous.get(reverse("challenges:detail", args=[challenge.uuid])).content.decode(),
        anonymous.get(reverse("challenges:result", args=[challenge.uuid])).content.decode(),
        anonymous.get(f"{API}/{challenge.uuid}/result").content.decode(),
        anonymous.get(f"{API}/{challenge.uuid}/applications").content.decode(),
    ]
    # then
    assert "胜出方案" in pages[1]
    assert not any("落选方案LOSER" in p or "落选科技有限公司" in p for p in pages)


@pytest.mark.parametrize("stage", ["draft", "open", "closed", "under_review", "proposed", "submitted"])
def test_every_role_gets_the_challenge_page_in_every_state(
    stage: str, owner: Any, org_admin: Any, operator: Any, supplier: Any
) -> None:
    # given
    from scenebridge.challenges.tests.test_permissions import build

    world = build(stage, owner, org_admin, operator, supplier)
    url = reverse("challenges:detail", args=[world.challenge.uuid])
    # when
    statuses = {
        role: client_for(None if role == "public" else user).get(url).status_code for role, user in world.users.items()
    }
    # then
    visible = {"owner", "org_admin", "operator"} if stage == "draft" else set(statuses)
    assert statuses == {role: 200 if role in visible else 404 for role in statuses}


def _pdf(name: str = "方案.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def test_application_files_are_sealed_like_the_application(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    attachment = services.application_attach(actor=supplier, application_id=application.pk, upload=_pdf())
    url = reverse("challenges:application_attachment", args=[application.uuid, attachment.uuid])
    rival = another_supplier()
    # when / then
    assert client_for(supplier).get(url).status_code == 200
    assert client_for(owner).get(url).status_code == 404
    assert client_for(operator).get(url).status_code == 404
    pass_deadline(challenge)
    assert client_for(owner).get(url).status_code == 200
    assert client_for(rival).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_list_pages_use_a_fixed_number_of_queries(
    owner: Any, operator: Any, supplier: Any, django_assert_max_num_queries: Any
) -> None:
    # given several challenges with applications
    challenges = [open_challenge(owner, operator, title=f"揭榜挂帅项目{n}") for n in range(4)]
    for challenge in challenges:
        apply(supplier, challenge)
    pages = [
        (client_for(None), reverse("challenges:list")),
        (client_for(owner), reverse("challenges:mine")),
        (client_for(supplier), reverse("challenges:my_applications")),
        (client_for(None), API),
    ]
    # when / then
    for client, url in pages:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_challenges_of_one_scenario_for_the_scenario_page(owner: Any, operator: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    open_challenge(owner, operator, title="另一个揭榜项目")
    # when
    listed = client_for(None).get(reverse("challenges:list"), {"scenario": str(challenge.scenario.uuid)})
    api = client_for(None).get(API, {"scenario": str(challenge.scenario.uuid)}).json()
    # then
    assert [c.pk for c in listed.context["page_obj"]] == [challenge.pk]
    assert [c["uuid"] for c in api["results"]] == [str(challenge.uuid)]
    assert client_for(None).get(reverse("challenges:list"), {"scenario": "nonsense"}).status_code == 200

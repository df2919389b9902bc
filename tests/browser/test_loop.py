"""The whole scenario loop of issue 4 in a real browser: call → submission → expert scoring → list published →
challenge → two suppliers apply → sealed until the deadline → review → award (two accounts) → milestones and final
acceptance → pilot with KPI values and feedback → typical case → catalogue → replication in another province.

At each step a fresh anonymous page checks that the public sees exactly the published parts."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.calls.models import Call, CallStatus, CallSubmission, Decision, ListStatus, ScenarioList
from scenebridge.calls.tests.factories import published_scenario
from scenebridge.challenges.models import Application, Award, AwardStatus, Challenge, ChallengeStatus
from scenebridge.pilots.models import Case, CaseStatus, CatalogueBatch, Pilot, PilotStatus, Replication
from scenebridge.pilots.tests.factories import published_offer
from scenebridge.reviews.models import Panel, PanelStatus, Score
from scenebridge.taxonomy.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"

SCENARIO_TITLE = "港区集装箱水平运输无人化验证"
CALL_TITLE = "2027年人工智能+港航场景征集"
LIST_TITLE = "2027年第一批人工智能+港航应用场景清单"
CHALLENGE_TITLE = "港区无人集卡水平运输揭榜挂帅"
WINNER_TITLE = "甲方案：激光雷达与北斗融合的无人集卡"
LOSER_TITLE = "乙方案：纯视觉无人集卡编队"
WINNER_MARKER = "SEALED-PROPOSAL-ALPHA-7731"
LOSER_MARKER = "SEALED-PROPOSAL-BETA-4420"
PILOT_TITLE = "青岛港无人集卡三个月验证"
PILOT_PLAN_MARKER = "PILOT-PLAN-INTERNAL-5521"
FEEDBACK_MARKER = "FEEDBACK-OWNER-INTERNAL-8812"
PUBLIC_SUMMARY = "无人集卡在两个泊位连续运行三个月，作业效率达到人工的96%。"
CASE_TITLE = "港区无人集卡水平运输典型案例"
BATCH_TITLE = "2027年第一批成果推荐目录"


@dataclass
class Cast:
    operator: Any
    owner: Any
    expert1: Any
    expert2: Any
    winner: Any
    loser: Any
    adopter: Any
    publisher: Any


# --- browser helpers ----------------------------------------------------------------------------------------------


def _open(page_for: Any) -> Any:
    """A fresh context; confirm() dialogs (data-confirm forms) are accepted as a person would."""
    page = page_for()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("main input[name=password]").count() == 0, f"log-in failed for {username}"


def _user_page(page_for: Any, user: Any) -> Any:
    page = _open(page_for)
    _log_in(page, user.username)
    return page


def _go(page: Any, path: str) -> Any:
    response = page.goto(page.base + path)
    _open_details(page)
    return response


def _open_details(page: Any) -> None:
    """Forms folded into <details> must be visible before they can be filled."""
    page.locator("details").evaluate_all("nodes => nodes.forEach(n => n.open = true)")


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    _open_details(page)
    errors = page.locator("main .message.error, main .errorlist").all_inner_texts()
    assert not errors, f"{page.url}: {errors}"


def _public(visitor: Any, path: str) -> tuple[int, str]:
    response = visitor.goto(visitor.base + path)
    return response.status, visitor.locator("body").inner_text()


def _today() -> datetime.date:
    return timezone.localdate()


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- the cast -----------------------------------------------------------------------------------------------------


def _cast() -> Cast:
    shandong = Region.objects.get(code="370200")
    guangdong = Region.objects.get(code="440300")
    return Cast(
        operator=UserFactory(username="operator1", role=Role.OPERATOR, organization=None, password=PASSWORD),
        owner=UserFactory(
            username="port_owner",
            role=Role.OWNER,
            organization=OrganizationFactory(name="青岛港口集团", region=shandong),
            password=PASSWORD,
        ),
        expert1=UserFactory(
            username="expert_li",
            role=Role.EXPERT,
            organization=OrganizationFactory(name="某交通大学"),
            password=PASSWORD,
        ),
        expert2=UserFactory(
            username="expert_zhao",
            role=Role.EXPERT,
            organization=OrganizationFactory(name="某交通研究院"),
            password=PASSWORD,
        ),
        winner=UserFactory(
            username="supplier_alpha",
            role=Role.SUPPLIER,
            organization=OrganizationFactory(name="甲智能驾驶科技有限公司"),
            password=PASSWORD,
        ),
        loser=UserFactory(
            username="supplier_beta",
            role=Role.SUPPLIER,
            organization=OrganizationFactory(name="乙视觉科技有限公司"),
            password=PASSWORD,
        ),
        adopter=UserFactory(
            username="shenzhen_owner",
            role=Role.OWNER,
            organization=OrganizationFactory(name="深圳港集团", region=guangdong),
            password=PASSWORD,
        ),
        publisher=OrganizationFactory(name="某市工业和信息化局"),
    )


# --- the steps ----------------------------------------------------------------------------------------------------


def _call_and_selection(page_for: Any, cast: Cast, visitor: Any, scenario: Any) -> Call:
    operator = _user_page(page_for, cast.operator)
    # the operator opens a call with the default weighted rubric
    _go(operator, "/calls/new/")
    operator.fill("main [name=title]", CALL_TITLE)
    operator.fill("main [name=theme]", "人工智能+港航物流")
    operator.fill("main [name=description]", "面向港口与航运企业征集人工智能应用场景。")
    operator.fill("main [name=opens_on]", _today().isoformat())
    operator.fill("main [name=closes_on]", (_today() + datetime.timedelta(days=30)).isoformat())
    _submit(operator, "main form[method=post] button[type=submit]")
    call = Call.objects.get(title=CALL_TITLE)
    assert call.status == CallStatus.DRAFT and len(call.rubric) == 4
    assert _public(visitor, f"/calls/{call.uuid}/")[0] == 404  # a draft call is not public
    _submit(operator, "main form[action$='/actions/open/'] button")
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    status, text = _public(visitor, f"/calls/{call.uuid}/")
    assert status == 200 and CALL_TITLE in text and SCENARIO_TITLE not in text

    # the owner submits the scenario
    owner = _user_page(page_for, cast.owner)
    _go(owner, f"/calls/{call.uuid}/")
    owner.select_option("main select[name=scenario]", str(scenario.pk))
    _submit(owner, "main form[action$='/submit/'] button")
    submission = CallSubmission.objects.get(call=call, scenario=scenario)
    assert SCENARIO_TITLE in owner.locator("main").inner_text()
    assert SCENARIO_TITLE not in _public(visitor, f"/calls/{call.uuid}/")[1]  # submissions are not public

    # the closing date passes; the scheduler closes the call
    Call.objects.filter(pk=call.pk).update(closes_on=_today() - datetime.timedelta(days=1))
    call_command("close_call_deadlines")
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED

    # the operator forms the panel with two experts
    _go(operator, f"/calls/{call.uuid}/")
    operator.check(f"main input[name=experts][value='{cast.expert1.pk}']")
    operator.check(f"main input[name=experts][value='{cast.expert2.pk}']")
    _submit(operator, "main form[action$='/panel/'] button")
    panel = Panel.objects.get()
    assert panel.members.count() == 2 and panel.items.count() == 1

    # two experts score by the rubric, blind to each other
    _score_queue(page_for, cast.expert1, {SCENARIO_TITLE: "9"}, comment="EXPERT-ONE-COMMENT-1187")
    expert2 = _score_queue(page_for, cast.expert2, {SCENARIO_TITLE: "8"}, comment="EXPERT-TWO-COMMENT")
    assert Score.objects.filter(item__panel=panel).count() == 2
    item = panel.items.get()
    _go(expert2, f"/reviews/items/{item.uuid}/")
    assert "EXPERT-ONE-COMMENT-1187" not in expert2.content()

    # the operator closes the panel and decides
    _go(operator, f"/calls/{call.uuid}/")
    with operator.expect_navigation():
        operator.click("main a[href*='/reviews/panels/']")
    _submit(operator, "main form[action$='/close/'] button")
    panel.refresh_from_db()
    assert panel.status == PanelStatus.CLOSED
    assert "85.00" in operator.locator("main").inner_text()  # (90 + 80) / 2 on the 100-point scale
    _go(operator, f"/calls/{call.uuid}/")
    operator.check(f"main input[name=selected][value='{submission.pk}']")
    _submit(operator, "main form[action$='/decide/'] button")
    call.refresh_from_db()
    submission.refresh_from_db()
    assert call.status == CallStatus.DECIDED and submission.decision == Decision.SELECTED
    _compose_and_publish_list(operator, cast, visitor, call)
    return call


def _score_queue(page_for: Any, expert: Any, values: dict[str, str], comment: str) -> Any:
    """The expert scores each item of their queue; every rubric criterion gets the value for the item's label."""
    page = _user_page(page_for, expert)
    _go(page, "/reviews/")
    links = [
        page.base + href
        for href in page.locator("main a[href*='/reviews/items/']").evaluate_all(
            "nodes => nodes.map(n => n.getAttribute('href'))"
        )
    ]
    assert len(links) == len(values), f"{expert.username} sees {len(links)} items"
    for link in links:
        page.goto(link)
        label = page.locator("main h1").inner_text().strip()
        for field in page.locator("main form[method=post] input[type=number]").all():
            field.fill(values[label])
        page.fill("main form[method=post] textarea[name=comment]", comment)
        _submit(page, "main form[method=post]:not([action]) button[type=submit]")
    return page


def _compose_and_publish_list(operator: Any, cast: Cast, visitor: Any, call: Call) -> None:
    with operator.expect_navigation():
        operator.click("main a[href*='/calls/lists/new/?call=']")
    operator.fill("main [name=title]", LIST_TITLE)
    operator.fill("main [name=year]", "2027")
    operator.fill("main [name=batch_number]", "1")
    operator.select_option("main select[name=publisher]", str(cast.publisher.pk))
    operator.fill("main [name=changelog]", "首次发布")
    _submit(operator, "main form[method=post] button[type=submit]")
    scenario_list = ScenarioList.objects.get(title=LIST_TITLE)
    assert scenario_list.call_id == call.pk and scenario_list.entries.count() == 1
    # a draft list is not public
    assert _public(visitor, f"/calls/lists/{scenario_list.uuid}/")[0] == 404
    assert LIST_TITLE not in _public(visitor, "/calls/lists/")[1]
    _submit(operator, "main form[action$='/publish/'] button")
    scenario_list.refresh_from_db()
    assert scenario_list.status == ListStatus.PUBLISHED
    status, text = _public(visitor, f"/calls/lists/{scenario_list.uuid}/")
    assert status == 200 and LIST_TITLE in text and SCENARIO_TITLE in text and cast.publisher.name in text
    assert LIST_TITLE in _public(visitor, "/calls/lists/")[1]


def _challenge_to_award(page_for: Any, cast: Cast, visitor: Any, scenario: Any) -> tuple[Challenge, Any]:
    owner = _user_page(page_for, cast.owner)
    _go(owner, f"/challenges/new/?scenario={scenario.uuid}")
    now = timezone.now()
    owner.fill("main [name=title]", CHALLENGE_TITLE)
    owner.fill("main [name=goals]", "在真实港区完成无人集卡水平运输验证，连续运行三个月。")
    owner.fill("main [name=indicators_text]", "定位精度 | ≤5 | 厘米\n单车效率 | ≥90 | %")
    owner.fill("main [name=reward_wan]", "300")
    owner.fill("main [name=reward_text]", "揭榜成功后给予研发资金支持。")
    owner.fill("main [name=eligibility]", "具备自动驾驶研发能力的企业。")
    owner.fill("main [name=opens_at]", _local(now - datetime.timedelta(minutes=5)))
    owner.fill("main [name=deadline]", _local(now + datetime.timedelta(days=7)))
    _submit(owner, "main form[method=post] button[type=submit]")
    challenge = Challenge.objects.get(title=CHALLENGE_TITLE)
    assert challenge.status == ChallengeStatus.DRAFT
    assert _public(visitor, f"/challenges/{challenge.uuid}/")[0] == 404  # a draft is not public
    _submit(owner, "main form[action$='/publish/'] button")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.OPEN
    status, text = _public(visitor, f"/challenges/{challenge.uuid}/")
    assert status == 200 and CHALLENGE_TITLE in text

    # two suppliers apply
    winner = _apply(page_for, cast.winner, challenge, WINNER_TITLE, WINNER_MARKER, "280")
    loser = _apply(page_for, cast.loser, challenge, LOSER_TITLE, LOSER_MARKER, "250")
    win_app = Application.objects.get(title=WINNER_TITLE)
    lose_app = Application.objects.get(title=LOSER_TITLE)
    assert Application.objects.filter(challenge=challenge).count() == 2
    assert WINNER_MARKER in winner.content()  # the author reads its own application

    # sealed until the deadline: the public, the other supplier and the owner cannot read the content
    _assert_sealed(visitor, challenge, win_app, WINNER_MARKER, WINNER_TITLE)
    _assert_sealed(loser, challenge, win_app, WINNER_MARKER, WINNER_TITLE)
    _assert_sealed(owner, challenge, win_app, WINNER_MARKER, WINNER_TITLE)
    _assert_sealed(owner, challenge, lose_app, LOSER_MARKER, LOSER_TITLE)
    _go(owner, f"/challenges/{challenge.uuid}/")
    assert "2" in owner.locator("#applications-h + p").inner_text()  # the owner sees only how many

    # the deadline passes; the scheduler closes the challenge
    Challenge.objects.filter(pk=challenge.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    call_command("close_challenge_deadlines")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.CLOSED
    assert WINNER_MARKER not in _public(visitor, f"/challenges/applications/{win_app.uuid}/")[1]
    assert WINNER_MARKER not in _go(loser, f"/challenges/applications/{win_app.uuid}/").text()

    # the operator starts the expert review; an expert scores; the operator closes it
    operator = _user_page(page_for, cast.operator)
    _go(operator, f"/challenges/{challenge.uuid}/")
    operator.check(f"main input[name=experts][value='{cast.expert1.pk}']")
    _submit(operator, "main form[action$='/review/start/'] button")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.UNDER_REVIEW
    expert = _score_queue(page_for, cast.expert1, {WINNER_TITLE: "9", LOSER_TITLE: "6"}, comment="方案评审意见")
    _go(expert, f"/challenges/applications/{win_app.uuid}/")
    assert WINNER_MARKER in expert.content()  # the assigned expert reads it after the deadline
    _go(operator, f"/challenges/{challenge.uuid}/")
    _submit(operator, "main form[action$='/review/close/'] button")
    win_app.refresh_from_db()
    assert win_app.review_rank == 1

    # the owner proposes the award; the operator (another account) approves
    _go(owner, f"/challenges/{challenge.uuid}/applications/")
    assert WINNER_TITLE in owner.content() and LOSER_TITLE in owner.content()
    _go(owner, f"/challenges/{challenge.uuid}/award/propose/")
    owner.select_option("main select[name=application]", str(win_app.uuid))
    owner.fill("main [name=reasons]", "专家评审排名第一，方案成熟可行。")
    _submit(owner, "main form[method=post] button[type=submit]")
    award = Award.objects.get(challenge=challenge)
    assert award.status == AwardStatus.PROPOSED and award.proposed_by_id == cast.owner.pk
    assert _public(visitor, f"/challenges/{challenge.uuid}/result/")[0] == 404  # not decided yet
    _go(operator, f"/challenges/{challenge.uuid}/")
    _submit(operator, "main button[name=decision][value=approve]")
    award.refresh_from_db()
    challenge.refresh_from_db()
    assert award.status == AwardStatus.APPROVED and award.decided_by_id == cast.operator.pk
    assert challenge.status == ChallengeStatus.AWARDED
    _assert_public_result(visitor, cast, challenge)

    # milestones: the owner adds one, the winner submits the deliverable, the owner accepts, final acceptance
    _go(owner, f"/challenges/{challenge.uuid}/")
    owner.fill("main form[action$='/milestones/'] [name=title]", "封闭场地测试")
    owner.fill("main form[action$='/milestones/'] [name=deliverables]", "测试报告与运行数据")
    owner.fill("main form[action$='/milestones/'] [name=due_on]", (_today() + datetime.timedelta(days=30)).isoformat())
    _submit(owner, "main form[action$='/milestones/'] button")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.IN_DELIVERY
    winner_page = _go(winner, f"/challenges/{challenge.uuid}/")
    assert winner_page.status == 200
    winner.fill("main form[action*='/submit/'] [name=submission]", "封闭场地测试报告：连续运行三十天，零事故。")
    _submit(winner, "main form[action*='/submit/'] button")
    _go(owner, f"/challenges/{challenge.uuid}/")
    _submit(owner, "main button[name=decision][value=accept]")
    _go(owner, f"/challenges/{challenge.uuid}/")
    owner.fill("main form[action$='/accept/'] [name=note]", "全部里程碑验收通过。")
    _submit(owner, "main form[action$='/accept/'] button")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ACCEPTED
    _assert_public_result(visitor, cast, challenge)
    assert "封闭场地测试报告" not in _public(visitor, f"/challenges/{challenge.uuid}/")[1]  # delivery is private
    return challenge, award


def _apply(page_for: Any, supplier: Any, challenge: Challenge, title: str, marker: str, budget: str) -> Any:
    page = _user_page(page_for, supplier)
    _go(page, f"/challenges/{challenge.uuid}/apply/")
    page.fill("main [name=title]", title)
    page.fill("main [name=proposal]", f"技术方案正文 {marker}")
    page.fill("main [name=team]", "团队二十人。")
    page.fill("main [name=budget_wan]", budget)
    page.fill("main [name=plan]", "第一阶段封闭测试，第二阶段混行测试。")
    _submit(page, "main form[method=post] button[type=submit]")
    return page


def _assert_sealed(page: Any, challenge: Challenge, application: Application, marker: str, title: str) -> None:
    """Every page this viewer can open about the challenge lacks the application's content (and its title)."""
    for path in (
        f"/challenges/{challenge.uuid}/",
        f"/challenges/{challenge.uuid}/applications/",
        f"/challenges/applications/{application.uuid}/",
        "/challenges/",
        f"/api/v1/challenges/{challenge.uuid}/applications",
        f"/api/v1/challenges/applications/{application.uuid}",
    ):
        page.goto(page.base + path)
        content = page.content()
        assert marker not in content and title not in content, f"{path} leaks the sealed application"
    # searching for a word of the sealed proposal does not find the challenge through it
    page.goto(page.base + f"/challenges/?q={marker}")
    assert challenge.title not in page.locator("main").inner_text(), "search reads the sealed application"


def _assert_public_result(visitor: Any, cast: Cast, challenge: Challenge) -> None:
    status, text = _public(visitor, f"/challenges/{challenge.uuid}/result/")
    assert status == 200
    assert cast.winner.organization.name in text and WINNER_TITLE in text
    assert LOSER_TITLE not in text and cast.loser.organization.name not in text
    assert WINNER_MARKER not in text and LOSER_MARKER not in text
    detail = _public(visitor, f"/challenges/{challenge.uuid}/")[1]
    assert LOSER_TITLE not in detail and LOSER_MARKER not in detail and WINNER_MARKER not in detail


def _pilot(page_for: Any, cast: Cast, visitor: Any, scenario: Any, award: Any) -> Pilot:
    offer = published_offer(cast.winner, cast.operator, name="甲无人集卡车队解决方案")
    owner = _user_page(page_for, cast.owner)
    _go(owner, f"/pilots/new/?scenario={scenario.uuid}")
    owner.fill("main [name=title]", PILOT_TITLE)
    owner.fill("main [name=plan]", f"两个泊位试运行三个月。{PILOT_PLAN_MARKER}")
    _submit(owner, "main form[method=post] button[type=submit]")
    pilot = Pilot.objects.get(title=PILOT_TITLE)

    # the winning offer, from the award; a KPI with its target
    owner.select_option("main form[action$='/offers/'] select[name=offer]", str(offer.uuid))
    owner.select_option("main form[action$='/offers/'] select[name=source]", "award")
    owner.select_option("main form[action$='/offers/'] select[name=award]", str(award.pk))
    _submit(owner, "main form[action$='/offers/'] button")
    assert pilot.pilot_offers.get().award_id == award.pk
    owner.fill("main form[action$='/kpis/'] [name=name]", "作业效率")
    owner.fill("main form[action$='/kpis/'] [name=unit]", "%")
    owner.fill("main form[action$='/kpis/'] [name=target_value]", "90")
    owner.select_option("main form[action$='/kpis/'] select[name=direction]", "higher")
    _submit(owner, "main form[action$='/kpis/'] button")
    _submit(owner, "main form[action$='/action/'] button")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.RUNNING
    _assert_pilot_hidden(visitor, pilot, scenario)

    # measured values from both sides, feedback from both sides
    supplier = _user_page(page_for, cast.winner)
    _go(supplier, f"/pilots/{pilot.uuid}/")
    _measure(supplier, pilot, "88", _today() - datetime.timedelta(days=10))
    _measure(owner, pilot, "96", _today())
    _feedback(supplier, "5", "港方配合积极，场地条件良好。")
    _feedback(owner, "4", f"效率达标，夜间作业稳定。{FEEDBACK_MARKER}")
    assert pilot.kpis.get().measurements.count() == 2 and pilot.feedback.count() == 2
    _assert_pilot_hidden(visitor, pilot, scenario)

    # completed and evaluated
    _go(owner, f"/pilots/{pilot.uuid}/")
    _submit(owner, "main form[action$='/action/'] button")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.COMPLETED
    _assert_pilot_hidden(visitor, pilot, scenario)
    _go(owner, f"/pilots/{pilot.uuid}/evaluate/")
    owner.select_option("main select[name=verdict]", "succeeded")
    owner.fill("main [name=text]", "全部指标达成，建议推广。")
    owner.fill("main [name=public_summary]", PUBLIC_SUMMARY)
    _submit(owner, "main form[method=post] button[type=submit]")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.EVALUATED and pilot.evaluation.all_attained

    status, text = _public(visitor, f"/pilots/{pilot.uuid}/")
    assert status == 200 and PUBLIC_SUMMARY in text and "作业效率" in text
    assert PILOT_PLAN_MARKER not in text and FEEDBACK_MARKER not in text
    return pilot


def _measure(page: Any, pilot: Pilot, value: str, on: datetime.date) -> None:
    _go(page, f"/pilots/{pilot.uuid}/")
    page.fill("main form[action$='/measurements/'] [name=value]", value)
    page.fill("main form[action$='/measurements/'] [name=measured_on]", on.isoformat())
    _submit(page, "main form[action$='/measurements/'] button")


def _feedback(page: Any, rating: str, text: str) -> None:
    form = "main form[action$='/feedback/']"
    page.fill(f"{form} [name=round]", "1")
    for name in ("effectiveness", "reliability", "cooperation", "cost"):
        page.select_option(f"{form} select[name={name}]", rating)
    page.fill(f"{form} [name=text]", text)
    _submit(page, f"{form} button")


def _assert_pilot_hidden(visitor: Any, pilot: Pilot, scenario: Any) -> None:
    status, text = _public(visitor, f"/pilots/{pilot.uuid}/")
    assert status == 404 and PILOT_PLAN_MARKER not in text
    scenario_text = _public(visitor, f"/scenarios/{scenario.uuid}/")[1]
    assert PILOT_TITLE not in scenario_text


def _case_catalogue_replication(page_for: Any, cast: Cast, visitor: Any, pilot: Pilot) -> None:
    owner = _user_page(page_for, cast.owner)
    _go(owner, f"/pilots/{pilot.uuid}/nominate/")
    owner.fill("main [name=title]", CASE_TITLE)
    owner.fill("main [name=problem_solved]", "夜间人手紧张、人工驾驶效率受限。")
    _submit(owner, "main form[method=post] button[type=submit]")
    case = Case.objects.get(title=CASE_TITLE)
    assert case.status == CaseStatus.NOMINATED
    assert _public(visitor, f"/catalogue/cases/{case.uuid}/")[0] == 404

    operator = _user_page(page_for, cast.operator)
    _go(operator, "/pilots/cases/review/")
    _submit(operator, f"main form[action$='/cases/{case.uuid}/review/'] button[value=approve]")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert _public(visitor, f"/catalogue/cases/{case.uuid}/")[0] == 404
    operator.fill("main form[action$='/batches/new/'] [name=title]", BATCH_TITLE)
    operator.fill("main form[action$='/batches/new/'] [name=year]", "2027")
    operator.fill("main form[action$='/batches/new/'] [name=number]", "1")
    _submit(operator, "main form[action$='/batches/new/'] button")
    batch = CatalogueBatch.objects.get(title=BATCH_TITLE)
    _submit(operator, "main form:has(input[name=operation][value=add]) button")
    assert batch.entries.count() == 1
    assert _public(visitor, f"/catalogue/batches/{batch.uuid}/")[0] == 404
    assert CASE_TITLE not in _public(visitor, "/catalogue/")[1]
    _submit(operator, "main form:has(input[name=operation][value=publish]) button")
    batch.refresh_from_db()
    case.refresh_from_db()
    assert batch.status == "published" and case.status == CaseStatus.PUBLISHED

    status, text = _public(visitor, "/catalogue/")
    assert status == 200 and BATCH_TITLE in text and CASE_TITLE in text and cast.winner.organization.name in text
    status, text = _public(visitor, f"/catalogue/cases/{case.uuid}/")
    assert status == 200 and CASE_TITLE in text and SCENARIO_TITLE in text and PILOT_TITLE in text
    assert FEEDBACK_MARKER not in text and PILOT_PLAN_MARKER not in text

    # an owner of another organization, in another province, records its adoption
    adopter = _user_page(page_for, cast.adopter)
    _go(adopter, f"/catalogue/cases/{case.uuid}/")
    shenzhen = Region.objects.get(code="440300")
    adopter.select_option("main form[action$='/replications/'] select[name=region]", str(shenzhen.pk))
    adopter.fill("main form[action$='/replications/'] [name=adopted_on]", _today().isoformat())
    adopter.fill("main form[action$='/replications/'] [name=scale_note]", "两个泊位")
    _submit(adopter, "main form[action$='/replications/'] button")
    replication = Replication.objects.get(case=case)
    assert replication.adopting_organization_id == cast.adopter.organization_id
    province = Region.objects.get(code="440000").name_zh
    visitor.goto(visitor.base + "/catalogue/")
    spread = visitor.locator("main table.spread").inner_text()
    assert province in spread and "1" in spread
    case_text = _public(visitor, f"/catalogue/cases/{case.uuid}/")[1]
    assert cast.adopter.organization.name in case_text and province in case_text


def test_the_whole_loop_in_the_browser(page_for: Any) -> None:
    cast = _cast()
    scenario = published_scenario(cast.owner, cast.operator, title=SCENARIO_TITLE)
    visitor = _open(page_for)

    _call_and_selection(page_for, cast, visitor, scenario)
    _challenge, award = _challenge_to_award(page_for, cast, visitor, scenario)
    pilot = _pilot(page_for, cast, visitor, scenario, award)
    _case_catalogue_replication(page_for, cast, visitor, pilot)

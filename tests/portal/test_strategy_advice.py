"""Structured advice on a 総合戦略 (#21 point 2): the bureau advises on a section with a
kind; the municipality answers each; each side is told; outside scope is 404."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.models import Advice, AdviceKind, Notification, StrategyKind
from portal.services import advice as services

from .strategies import build

pytestmark = pytest.mark.django_db


def test_the_bureau_advises_on_a_kpi_and_the_staff_are_told(sapporo_staff, ishikari_officer):
    strategy, _goal, _measure, kpi = build(sapporo_staff)
    advice = services.advice_give(
        owner=strategy,
        section=kpi,
        kind=AdviceKind.POINT,
        body="基準値の出典を",
        actor=ishikari_officer,
    )
    assert advice.section_label == "KPI: 誘致企業数"
    assert advice.author_bureau_id == ishikari_officer.bureau_id
    assert Notification.objects.filter(recipient=sapporo_staff, kind="advice_given").exists()


def test_the_staff_answer_and_the_adviser_is_told(sapporo_staff, ishikari_officer):
    strategy, goal, *_ = build(sapporo_staff)
    advice = services.advice_give(
        owner=strategy,
        section=goal,
        kind=AdviceKind.QUESTION,
        body="目標年度は？",
        actor=ishikari_officer,
    )
    answered = services.advice_answer(
        advice=advice, owner=strategy, answer="令和11年度です", actor=sapporo_staff
    )
    assert answered.answer == "令和11年度です" and answered.answered_by == sapporo_staff
    assert Notification.objects.filter(recipient=ishikari_officer, kind="advice_answered").exists()


@pytest.mark.parametrize("who", ["sapporo_staff", "oshima_officer", "ebetsu_staff"])
def test_only_the_bureau_and_hq_advise(sapporo_staff, who, request):
    strategy, *_ = build(sapporo_staff)
    with pytest.raises(PermissionDenied):
        services.advice_give(
            owner=strategy,
            section=strategy,
            kind=AdviceKind.POINT,
            body="x",
            actor=request.getfixturevalue(who),
        )


def test_hq_may_advise_too(sapporo_staff, hq_user):
    strategy, *_ = build(sapporo_staff)
    services.advice_give(
        owner=strategy, section=strategy, kind=AdviceKind.SUGGESTION, body="x", actor=hq_user
    )


def test_a_regional_policy_is_not_advised_on(ishikari_officer, hq_user):
    policy, *_ = build(ishikari_officer, kind=StrategyKind.REGIONAL)
    with pytest.raises(PermissionDenied):
        services.advice_give(
            owner=policy, section=policy, kind=AdviceKind.POINT, body="x", actor=hq_user
        )


@pytest.mark.parametrize("who", ["ishikari_officer", "ebetsu_staff"])
def test_only_the_staff_answer(sapporo_staff, ishikari_officer, who, request):
    strategy, *_ = build(sapporo_staff)
    advice = services.advice_give(
        owner=strategy, section=strategy, kind=AdviceKind.POINT, body="x", actor=ishikari_officer
    )
    with pytest.raises(PermissionDenied):
        services.advice_answer(
            advice=advice, owner=strategy, answer="y", actor=request.getfixturevalue(who)
        )


def test_a_section_of_another_strategy_is_refused(sapporo_staff, ebetsu_staff, ishikari_officer):
    strategy, *_ = build(sapporo_staff)
    _other, other_goal, *_ = build(ebetsu_staff)
    with pytest.raises(ValidationError) as error:
        services.advice_give(
            owner=strategy,
            section=other_goal,
            kind=AdviceKind.POINT,
            body="x",
            actor=ishikari_officer,
        )
    assert "section" in error.value.message_dict


@pytest.mark.parametrize(("length", "ok"), [(5000, True), (5001, False)])
def test_advice_is_at_most_5000_characters(sapporo_staff, ishikari_officer, length, ok):
    strategy, *_ = build(sapporo_staff)

    def give():
        return services.advice_give(
            owner=strategy,
            section=strategy,
            kind="point",
            body="あ" * length,
            actor=ishikari_officer,
        )

    if ok:
        give()
    else:
        with pytest.raises(ValidationError):
            give()


def test_empty_advice_and_an_unknown_kind_are_refused(sapporo_staff, ishikari_officer):
    strategy, *_ = build(sapporo_staff)
    for kind, body, field in (("point", "  ", "body"), ("praise", "x", "kind")):
        with pytest.raises(ValidationError) as error:
            services.advice_give(
                owner=strategy, section=strategy, kind=kind, body=body, actor=ishikari_officer
            )
        assert field in error.value.message_dict


def test_the_pages_carry_advice_and_answers(client, sapporo_staff, ishikari_officer):
    strategy, _goal, measure, _kpi = build(sapporo_staff)
    client.force_login(ishikari_officer)
    response = client.post(
        reverse("portal:advice_give", args=[strategy.pk]),
        {"section": f"measure-{measure.pk}", "kind": "suggestion", "body": "近隣町との連携を"},
    )
    assert response.status_code == 302
    advice = Advice.objects.get()
    assert advice.section_label == "施策: 企業誘致の推進"
    client.force_login(sapporo_staff)
    url = reverse("portal:advice_answer", args=[strategy.pk, advice.pk])
    empty = client.post(url, {f"answer-{advice.pk}-answer": ""})
    assert empty.status_code == 400
    answered = client.post(url, {f"answer-{advice.pk}-answer": "検討します"})
    assert answered.status_code == 302
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "近隣町との連携を" in html and "検討します" in html


def test_advice_with_no_section_comes_back_with_the_text(client, sapporo_staff, ishikari_officer):
    strategy, *_ = build(sapporo_staff)
    client.force_login(ishikari_officer)
    response = client.post(
        reverse("portal:advice_give", args=[strategy.pk]),
        {"section": "goal-999999", "kind": "point", "body": "残す文章"},
    )
    assert response.status_code == 400
    assert "残す文章" in response.content.decode()
    assert not Advice.objects.exists()


def test_answering_advice_of_another_strategy_is_404(client, sapporo_staff, ishikari_officer):
    strategy, *_ = build(sapporo_staff)
    other, *_ = build(sapporo_staff, start=2020, end=2024)
    advice = services.advice_give(
        owner=other, section=other, kind="point", body="x", actor=ishikari_officer
    )
    client.force_login(sapporo_staff)
    url = reverse("portal:advice_answer", args=[strategy.pk, advice.pk])
    assert client.post(url, {f"answer-{advice.pk}-answer": "y"}).status_code == 404


def test_advice_on_another_kind_of_document_with_the_same_id_is_404(
    client, sapporo_staff, ishikari_officer
):
    """Advice is found by its document's kind and id: advice on some other document whose id
    happens to be this strategy's is not answered through the strategy's page."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Municipality

    strategy, *_ = build(sapporo_staff)
    advice = services.advice_give(
        owner=strategy, section=strategy, kind="point", body="x", actor=ishikari_officer
    )
    Advice.objects.filter(pk=advice.pk).update(
        owner_type=ContentType.objects.get_for_model(Municipality)
    )
    client.force_login(sapporo_staff)
    url = reverse("portal:advice_answer", args=[strategy.pk, advice.pk])
    assert client.post(url, {f"answer-{advice.pk}-answer": "y"}).status_code == 404
    advice.refresh_from_db()
    assert advice.answer == ""

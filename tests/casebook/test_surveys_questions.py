"""Each question kind as the respondent fills it in, and the builder's checks of a question:
limits at, below and above; what is kept in the answers."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import QueryDict

from casebook.forms.survey_sheets import AnswerSheet
from casebook.forms.surveys import QuestionForm
from casebook.models.survey_questions import SHORT_TEXT_MAX
from casebook.rules.surveys import parse_columns, question_errors


def q(pk, kind, **extra):
    """A question as the form sees it (no database needed)."""
    defaults = {
        "help_text": "",
        "required": True,
        "unit": "",
        "min_value": None,
        "max_value": None,
        "max_length": None,
        "choices": [],
        "columns": [],
        "text": f"質問{pk}",
    }
    defaults.update(extra)
    question = SimpleNamespace(pk=pk, kind=kind, field_name=f"q{pk}", **defaults)
    from casebook.models.survey_questions import SurveyQuestion

    question.text_limit = SurveyQuestion.text_limit.fget(question)
    question.column_names = [c["name"] for c in question.columns]
    return question


def sheet(questions, data, strict=True):
    post = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            post.setlist(key, value)
        else:
            post[key] = value
    result = AnswerSheet(questions, data=post, strict=strict)
    return result, result.is_valid()


NUMBER = q(1, "number", min_value=Decimal("0"), max_value=Decimal("100"), unit="人")


@pytest.mark.parametrize(
    ("typed", "valid", "kept"),
    [
        ("0", True, "0"),  # at the minimum
        ("-1", False, None),  # below
        ("100", True, "100"),  # at the maximum
        ("100.5", False, None),  # above
        ("１２", True, "12"),  # full-width digits
        ("3.50", True, "3.5"),
        ("三", False, None),
    ],
)
def test_number_limits(typed, valid, kept):
    result, ok = sheet([NUMBER], {"q1": typed})
    assert ok is valid
    if valid:
        assert result.answers() == {"1": kept}
    else:
        assert result.form.errors["q1"]


def test_a_number_question_names_its_unit_and_limits():
    result, _ = sheet([NUMBER], {"q1": "1"})
    field = result.form["q1"]
    assert "人" in field.label
    assert "0" in str(field.help_text) and "100" in str(field.help_text)


@pytest.mark.parametrize(
    ("length", "valid"),
    [(SHORT_TEXT_MAX - 1, True), (SHORT_TEXT_MAX, True), (SHORT_TEXT_MAX + 1, False)],
)
def test_short_text_default_limit(length, valid):
    _, ok = sheet([q(1, "short_text")], {"q1": "あ" * length})
    assert ok is valid


@pytest.mark.parametrize(("length", "valid"), [(9, True), (10, True), (11, False)])
def test_long_text_with_the_authors_limit(length, valid):
    _, ok = sheet([q(1, "long_text", max_length=10)], {"q1": "あ" * length})
    assert ok is valid


def test_a_required_question_left_empty_is_refused_only_when_checking():
    question = q(1, "short_text")
    _, strict_ok = sheet([question], {"q1": ""}, strict=True)
    assert strict_ok is False
    result, draft_ok = sheet([question], {"q1": ""}, strict=False)
    assert draft_ok is True
    assert result.answers() == {"1": None}


def test_an_optional_question_may_stay_empty():
    _, ok = sheet([q(1, "short_text", required=False)], {"q1": ""})
    assert ok is True


@pytest.mark.parametrize(("typed", "kept"), [("yes", True), ("no", False)])
def test_yes_no(typed, kept):
    result, ok = sheet([q(1, "yes_no")], {"q1": typed})
    assert ok
    assert result.answers() == {"1": kept}


def test_yes_no_refuses_anything_else():
    _, ok = sheet([q(1, "yes_no")], {"q1": "maybe"})
    assert ok is False


def test_single_choice():
    question = q(1, "single_choice", choices=["A案", "B案"])
    result, ok = sheet([question], {"q1": "B案"})
    assert ok and result.answers() == {"1": "B案"}
    _, ok = sheet([question], {"q1": "C案"})
    assert ok is False


def test_multiple_choice():
    question = q(1, "multiple_choice", choices=["A", "B", "C"])
    result, ok = sheet([question], {"q1": ["A", "C"]})
    assert ok and result.answers() == {"1": ["A", "C"]}
    _, ok = sheet([question], {"q1": ["A", "Z"]})
    assert ok is False


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("2026-10-01", "2026-10-01"),
        ("令和8年10月1日", "2026-10-01"),
        ("２０２６/１０/０１", "2026-10-01"),
    ],
)
def test_date(typed, kept):
    result, ok = sheet([q(1, "date")], {"q1": typed})
    assert ok, result.form.errors
    assert result.answers() == {"1": kept}


def test_an_impossible_date_is_refused():
    _, ok = sheet([q(1, "date")], {"q1": "2026-02-30"})
    assert ok is False


TABLE = q(
    1,
    "table",
    columns=[{"name": "事業名", "kind": "text"}, {"name": "事業費", "kind": "number"}],
)


def _rows(*rows, total=None):
    data = {
        "q1-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "q1-INITIAL_FORMS": "0",
    }
    for index, (name, cost) in enumerate(rows):
        data[f"q1-{index}-c0"] = name
        data[f"q1-{index}-c1"] = cost
    return data


def test_table_rows_are_kept_by_column_name_and_empty_rows_left_out():
    result, ok = sheet([TABLE], _rows(("窓口DX", "1,200".replace(",", "")), ("", "")))
    assert ok
    assert result.answers() == {"1": [{"事業名": "窓口DX", "事業費": "1200"}]}


def test_a_table_number_column_refuses_words():
    result, ok = sheet([TABLE], _rows(("窓口DX", "たくさん")))
    assert ok is False
    assert result.table_errors()


def test_a_required_table_needs_a_row():
    _, ok = sheet([TABLE], _rows(("", "")))
    assert ok is False


def test_a_removed_row_is_left_out():
    data = _rows(("残す", "1"), ("消す", "2"))
    data["q1-1-DELETE"] = "on"
    result, ok = sheet([TABLE], data)
    assert ok
    assert result.answers()["1"] == [{"事業名": "残す", "事業費": "1"}]


def test_adding_a_row_keeps_what_was_typed_and_shows_no_error():
    data = _rows(("窓口DX", "たくさん"))
    data["add_row"] = "1"
    post = QueryDict(mutable=True)
    post.update(data)
    result = AnswerSheet([TABLE], data=post)
    result.quiet()
    formset = result.tables[0][1]
    assert formset.total_form_count() == 2
    assert formset.forms[0]["c0"].value() == "窓口DX"
    assert formset.forms[0]["c1"].value() == "たくさん"
    assert not result.has_errors


def test_a_table_has_at_most_100_rows():
    _result, ok = sheet([TABLE], _rows(*[("x", "1")] * 101))
    assert ok is False


# --- The builder's checks -----------------------------------------------------------------------


def _probe(kind, **extra):
    return SimpleNamespace(
        kind=kind,
        choices=extra.get("choices", []),
        columns=extra.get("columns", []),
        min_value=extra.get("min_value"),
        max_value=extra.get("max_value"),
        unit=extra.get("unit", ""),
        max_length=extra.get("max_length"),
    )


@pytest.mark.parametrize(
    ("choices", "ok"),
    [(["A"], False), (["A", "B"], True), (["A", "A"], False), ([str(i) for i in range(51)], False)],
)
def test_choices_need_two_distinct(choices, ok):
    assert (question_errors(_probe("single_choice", choices=choices)) == {}) is ok


def test_a_table_needs_distinct_columns():
    assert question_errors(_probe("table")) != {}
    columns = parse_columns("事業名\n事業名")
    assert question_errors(_probe("table", columns=columns)) != {}
    assert question_errors(_probe("table", columns=parse_columns("事業名\n事業費:数値"))) == {}


def test_columns_are_read_with_their_kind():
    assert parse_columns("事業名\n事業費：数値\n人数:number") == [
        {"name": "事業名", "kind": "text"},
        {"name": "事業費", "kind": "number"},
        {"name": "人数", "kind": "number"},
    ]


@pytest.mark.parametrize(("low", "high", "ok"), [(1, 1, True), (1, 2, True), (2, 1, False)])
def test_minimum_not_above_maximum(low, high, ok):
    errors = question_errors(_probe("number", min_value=Decimal(low), max_value=Decimal(high)))
    assert (errors == {}) is ok


def test_a_unit_belongs_to_a_number_question():
    assert question_errors(_probe("short_text", unit="人")) != {}


@pytest.mark.django_db
def test_the_builder_form_keeps_choices_and_columns_as_json():
    form = QuestionForm(
        {
            "order": "1",
            "kind": "multiple_choice",
            "text": "手続",
            "required": "on",
            "choices_text": "転入\n\n転出\n",
        }
    )
    assert form.is_valid(), form.errors
    assert form.instance.choices == ["転入", "転出"]
    form = QuestionForm({"order": "1", "kind": "table", "text": "事業", "columns_text": ""})
    assert not form.is_valid()
    assert "columns_text" in form.errors


def test_answers_read_as_people_write_them():
    from casebook.selectors.survey_answers import answer_rows

    questions = [
        q(1, "number", unit="円"),
        q(2, "date"),
        q(3, "yes_no"),
        q(4, "multiple_choice", choices=["A", "B"]),
        TABLE,
    ]
    questions[-1] = q(5, "table", columns=TABLE.columns)
    response = SimpleNamespace(
        answers={
            "1": "1200000",
            "2": "2026-10-01",
            "3": False,
            "4": ["A", "B"],
            "5": [{"事業名": "窓口DX", "事業費": "1500"}],
        }
    )
    rows = answer_rows(response, questions=questions, files={})
    assert rows[0]["text"] == "1,200,000 円"
    assert "2026" in rows[1]["text"] and "-" not in rows[1]["text"]
    assert rows[3]["text"] == "A、B"
    assert rows[4]["table"]["rows"] == [["窓口DX", "1,500"]]

"""Answers as people type them, feedback on judgements, readable tables, and no leaks
(issue 15, points 1–4)."""
import re

import pandas as pd
import pytest

from finlit.workshop import exercises
from finlit.workshop.answers import Choice, Money, Percent, Plain, YesNo, parse_number
from finlit.workshop.tables import readable_scenario


def test_unquoted_digit_groups_read_as_the_number_typed():
    m = Money("millions")
    assert m.judge((383, 285), 383_285e6).status == "correct"       # answer = 383,285
    assert parse_number((1, 234.5)).value == 1234.5                 # answer = 1,234.5
    assert parse_number((1, 5, 0)).value == 1_005_000
    assert m.judge((1, 2000), 383_285e6).status == "unreadable"    # not digit groups


def test_percent_never_needs_an_unquoted_percent_sign():
    p = Percent(0.5)
    assert [p.judge(a, 0.4413).status for a in (44, "44%", 0.44, 44.13)] == ["correct"] * 4
    for q in exercises.all_exercises():
        assert not re.search(r"answer = \d+(\.\d+)?%", q.question), q.id   # a SyntaxError


def test_a_currency_mismatch_is_pointed_out():
    v = Money("millions").judge("£383.3bn", 383_285e6)
    assert v.status == "incorrect" and "GBP" in v.message and "USD" in v.message
    assert Money("millions").judge("$383.3bn", 383_285e6).status == "correct"
    assert Money("millions").judge("383.3 billion dollars", 383_285e6).status == "correct"


def test_tolerance_follows_the_precision_shown():
    m = Money("ones")
    assert m.judge("-$0.90m", -901_033).status == "correct"        # what the chart says
    assert m.judge("$0.14m", 143_300).status == "correct"
    assert m.judge("$0.1m", 143_300).status == "incorrect"        # one digit is not enough
    assert m.judge("$0m", 143_300).status == "incorrect"


def test_small_numbers_are_never_shown_as_zero():
    v = Money("ones").judge(0.06, 143_300)
    assert v.status == "incorrect" and "$0.06" in v.message and "$0 " not in v.message + " "


def test_text_answers_accept_synonyms_and_casing():
    q7 = exercises.get("w2", 7)
    for answer in ("Google", "alphabet", "GOOGL", "b", "(B)"):
        assert q7.judge(answer).status == "correct", answer
    q8 = exercises.get("w3", 8)
    for answer in ("on-prem", "On premises", "onpremise", "a"):
        assert q8.judge(answer).status == "correct", answer
    assert exercises.get("w3", 9).judge("Operating expense").status == "correct"


def test_durations_in_years_and_months():
    y = Plain("years", 0.05)
    for answer in ("4 years 9 months", "4.75 years", "57 months", "4y 9m", 4.75):
        assert y.judge(answer, 4.76).status == "correct", answer
    assert y.judge("4 years 2 months", 4.76).status == "incorrect"


@pytest.mark.parametrize("answer, says", [("12bn", "no thousands or millions"), ("banana", "no number"),
                                          ([1, 2], "list")])
def test_every_refusal_says_what_was_understood(answer, says):
    v = Percent().judge(answer, 0.44)
    assert v.status == "unreadable" and says in v.message


def test_a_third_are_judgements_and_every_wrong_option_is_explained():
    qs = exercises.all_exercises()
    kinds = [q.kind for q in qs]
    assert set(kinds) <= {"look-up", "calculation", "judgement"}
    assert kinds.count("judgement") * 3 >= len(qs)
    for q in qs:
        if isinstance(q.answer_type, Choice):
            right = q.expected_value()
            for letter in q.answer_type.options:
                if letter == right:
                    continue
                v = q.judge(letter)
                assert v.status == "incorrect" and len(v.message) > 60, (q.id, letter, v.message)
                assert q.answer_type.why.get(letter), (q.id, letter)


def test_judgements_agree_with_finlits_own_verdicts():
    from finlit.judge import assess
    import finlit

    liquidity = assess(finlit.load("AAPL"), 2023)["liquidity"].level
    assert (exercises.get("w2", 9).expected_value() == "b") == (liquidity in ("adequate", "strong"))
    level = assess(finlit.load("LARKSPUR"), 2025)["leverage"].level
    assert exercises.get("w2", 11).expected_value() == {"heavy": "a", "moderate": "b", "low": "c"}[level]


def test_yes_no_feedback_explains():
    v = exercises.get("w2", 8).judge("no" if exercises.get("w2", 8).expected_value() else "yes")
    assert v.status == "incorrect" and "margin" in v.message


def test_tables_students_read_are_formatted():
    from finlit.workshop.exercises import cloud_scenario

    t = readable_scenario(cloud_scenario().frame)
    text = t.to_string()
    assert "_" not in text and "e+" not in text and "On-premises: Free cash flow (USD)" in t.index
    assert t.loc["On-premises: Free cash flow (USD)", "Year 1"] == "-1,260,000"
    assert isinstance(t, pd.DataFrame)

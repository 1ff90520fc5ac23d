"""The workshop catalogue: four workshops of exercises on the bundled data.

Every expected answer is COMPUTED from the bundled data by finlit itself (the statements,
the ratio engine, the IT view, the scenario functions), never typed in: if the data or a
formula changes, the answers, the notebooks' checks and the facilitator's answer key
change with it. The words (titles, questions, hints, explanations, the options of a multiple
choice, the nudges for known mistakes) are data, in data/workshop/exercises.toml: a
facilitator edits them without touching this code.

>>> from finlit.workshop import exercises
>>> [w.key for w in exercises.WORKSHOPS.values()]
['w1', 'w2', 'w3', 'w4']
>>> q = exercises.get("w1", 2)
>>> q.title, q.expected_text()
("Apple's gross margin, FY2023", '44.13%')
>>> exercises.get("ratios", 1).id     # a workshop by its key, number, name or a word of it
'w2_q1'
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib.resources import files
from typing import Any, Callable

from ..errors import InputError
from .answers import Choice, Money, Percent, Plain, YesNo
from .exercise import Exercise, Progress

# --- the data, loaded once per kernel -------------------------------------------------------


@lru_cache(maxsize=None)
def company(ticker: str):
    from ..sources import load

    return load(ticker)


@lru_cache(maxsize=None)
def ratios(ticker: str):
    return company(ticker).ratios()


def value(ticker: str, item: str, year: int) -> float:
    return company(ticker).value(item, year)


def ratio(ticker: str, key: str, year: int) -> float:
    return ratios(ticker).value(key, year)


@lru_cache(maxsize=None)
def it_view(ticker: str):
    from ..itspend import it_view as view

    return view(company(ticker))


def example_budget_path() -> str:
    """The example IT budget in TOML that ships with finlit (data/it_budgets/example.toml)."""
    return str(files("finlit.data") / "it_budgets" / "example.toml")


@lru_cache(maxsize=None)
def example_budget_totals():
    from ..itbudget import load_it_budget, totals

    return totals(load_it_budget(example_budget_path()))


# Inputs of the scenarios: stated in the questions (assumptions, not answers), through the
# placeholders of exercises.toml (PLACEHOLDERS below).
LAPTOP_LIFE_YEARS = 4
CLOUD = {"hardware_cost": 1_200_000, "useful_life": 4, "cloud_cost_per_year": 380_000,
         "onprem_running_cost_per_year": 60_000, "years": 4}


@lru_cache(maxsize=None)
def erp_case():
    """Larkspur's ERP project, every cost counted, from the one source of its figures
    (data/teaching/larkspur_erp.toml and larkspur_erp_case.toml; notebooks 06 and 07 use
    the same `finlit.itspend.business_case.larkspur_erp`)."""
    from ..itspend.business_case import larkspur_erp

    return larkspur_erp()


ERP_SAVINGS, ERP_SAVING_YEARS, ERP_RATE = erp_case().yearly_saving, erp_case().saving_years, erp_case().rate


@lru_cache(maxsize=None)
def cloud_scenario():
    from ..itspend.scenarios import cloud_vs_onprem

    return cloud_vs_onprem(**CLOUD)


def erp_cashflows() -> list[float]:
    """The ERP project's net cash per fiscal year, FY2022 first (costs negative)."""
    return erp_case().cashflows()


@lru_cache(maxsize=None)
def erp_project():
    return erp_case().project()


def erp_capex_only():
    """The known mistake: the case with only the licences and implementation before go-live
    (the capex of FY2023 and FY2024), leaving out the preliminary work and the costs of the
    go-live year and after."""
    from ..itspend.scenarios import project

    case = erp_case()
    before = [y for y in sorted(case.costs) if y < case.go_live and case.costs[y].get("development")]
    flows = [-float(case.costs[y]["development"]) for y in before] + [case.yearly_saving] * case.saving_years
    return project(flows, case.rate, start_year=before[0])


@lru_cache(maxsize=None)
def verdicts(ticker: str, year: int):
    """finlit's own verdicts (`finlit.judge.assess`): the judgement exercises take their right
    option from them, so the workshop never contradicts the briefings."""
    from ..judge import assess

    return assess(company(ticker), year)


def weakest_cash_year() -> int:
    return min(company("LARKSPUR").years, key=lambda y: value("LARKSPUR", "operating_cash_flow", y))


def why_cash_was_low() -> str:
    """a) a loss, b) cash tied up in stock and unpaid bills, c) capex (never in operations)."""
    year = weakest_cash_year()
    grew = sum(value("LARKSPUR", item, year) - value("LARKSPUR", item, year - 1)
               for item in ("inventory", "receivables"))
    return "a" if value("LARKSPUR", "net_income", year) < 0 else ("b" if grew > 0 else "c")


# --- the workshops ----------------------------------------------------------------------------

@dataclass
class Workshop:
    """A workshop: its exercises q1, q2 … and its progress table."""

    key: str                  # "w1"
    slug: str                 # "reading_the_statements"
    title: str
    setup_code: str           # the notebook's setup cell (names the solution code uses)
    questions: list

    @property
    def notebook(self) -> str:
        return f"{self.key}_{self.slug}.ipynb"

    def __getattr__(self, name):
        if name.startswith("q") and name[1:].isdigit():
            number = int(name[1:])
            if 1 <= number <= len(self.questions):
                return self.questions[number - 1]
        raise AttributeError(name)

    def __iter__(self):
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def reset(self) -> None:
        for q in self.questions:
            q.reset()

    def progress(self) -> Progress:
        return Progress(f"{self.key.upper()}: {self.title}", self.questions)

    def __repr__(self) -> str:
        return (f"{self.key.upper()}: {self.title} — {len(self)} exercises. Write each answer after "
                "`answer =`, run the cell, and the check tells you at once.")

    def _repr_html_(self) -> str:
        import html

        from ..markup import no_math_html

        return no_math_html(
            f"<p><strong>{html.escape(self.key.upper())}: {html.escape(self.title)}</strong> — "
            f"{len(self)} exercises. Write each answer after <code>answer =</code>, run the cell, "
            "and the check tells you at once. Stuck? <code>q1.hint()</code>; "
            "still stuck? <code>q1.solution()</code>.</p>")


# --- the exercises: their words come from data/workshop/exercises.toml ----------------------

# What {placeholders} in the words stand for: the inputs the answers are computed with.
def _erp_placeholders() -> dict:
    """The ERP case's inputs, and what would have to change for it to break even (for the
    words shown with the solutions; computed, never typed)."""
    from ..itspend.business_case import break_even

    case, b = erp_case(), break_even(erp_case())
    return {"erp_savings": int(case.yearly_saving), "erp_saving_years": case.saving_years, "erp_rate": case.rate,
            "erp_first_year": case.years[0], "erp_go_live": case.go_live, "erp_total_cost": int(case.total_cost),
            "erp_break_even_saving": b["yearly_saving"], "erp_break_even_years": b["saving_years"]}


KINDS = ("look-up", "calculation", "judgement")   # what an exercise asks the participant to do
PLACEHOLDERS = {"laptop_life_years": LAPTOP_LIFE_YEARS, **CLOUD, **_erp_placeholders()}
WORDS_FILE = "data/workshop/exercises.toml"


@lru_cache(maxsize=None)
def words() -> dict:
    """The words of every exercise, as written in data/workshop/exercises.toml."""
    text = (files("finlit.data") / "workshop" / "exercises.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _fill(text: str, where: str, **more) -> str:
    """`text` with its {placeholders} filled in; a clear error names the table at fault."""
    try:
        return text.format(**PLACEHOLDERS, **more)
    except (KeyError, IndexError, ValueError) as error:
        raise ValueError(f"{WORDS_FILE} {where}: cannot fill in the placeholders ({error!r}); "
                         f"known: {', '.join(sorted([*PLACEHOLDERS, *more]))}") from None


@dataclass
class Answer:
    """The code side of an exercise: how to read the participant's answer (`kind`), the
    answer computed from the bundled data, the notebook's solution code, and the wrong
    values behind known mistakes, keyed as in the exercise's [wN.qM.mistakes] table.
    `kind` is the class `Choice` for multiple choice: the options are words, in the TOML."""

    kind: Any
    expected: Callable[[], Any]
    code: str
    mistakes: dict[str, Callable[[], Any]]


def _a(kind, expected, code, **mistakes) -> Answer:
    """An `Answer`; each keyword names a known mistake and computes its wrong value."""
    return Answer(kind, expected, code, mistakes)


def _exercise(key: str, number: int, answer: Answer) -> Exercise:
    """Exercise `number` of workshop `key`: the code side joined with its words."""
    where = f"[{key}.q{number}]"
    text = words()[key].get(f"q{number}")
    if text is None:
        raise ValueError(f"{WORDS_FILE} has no table {where}")
    choices = text.get("choices", {})
    if (answer.kind is Choice) != bool(choices):
        raise ValueError(f"{WORDS_FILE} {where}: a choices table goes with multiple choice only")
    if set(text.get("mistakes", {})) != set(answer.mistakes):
        raise ValueError(f"{WORDS_FILE} {where}: the mistakes table needs exactly the keys "
                         f"{sorted(answer.mistakes)} (exercises.py computes their values)")
    listing = "\n".join(f"- {letter}) {option}" for letter, option in choices.items())
    fill = partial(_fill, where=where, choices=listing)
    why = {key: fill(reason) for key, reason in text.get("why", {}).items()}
    if answer.kind is Choice:
        kind = Choice(choices, synonyms=text.get("synonyms", {}), why=why)
    elif isinstance(answer.kind, YesNo):
        kind = YesNo(why=why)
    else:
        kind = answer.kind
    category = text.get("kind", "judgement" if isinstance(kind, (Choice, YesNo)) else "calculation")
    if category not in KINDS:
        raise ValueError(f"{WORDS_FILE} {where}: kind must be one of {', '.join(KINDS)}")
    hints = tuple(fill(hint) for hint in text.get("hints", ()))
    mistakes = tuple((wrong, fill(text["mistakes"][name])) for name, wrong in answer.mistakes.items())
    return Exercise(key, number, fill(text["title"]), fill(text["question"]), kind, answer.expected,
                    answer.code, hints, fill(text.get("explanation", "")), mistakes, kind=category)


def _workshop(key: str, slug: str, setup: str, answers: list[Answer]) -> Workshop:
    """Workshop `key` from its setup code, its exercises' code sides and their words."""
    tables = [name for name in words()[key] if name.startswith("q")]
    if len(tables) != len(answers):
        raise ValueError(f"{WORDS_FILE}: [{key}] has {len(tables)} exercise tables, but "
                         f"exercises.py computes {len(answers)} answers")
    return Workshop(key, slug, _fill(words()[key]["title"], f"[{key}]"), setup,
                    [_exercise(key, number, a) for number, a in enumerate(answers, 1)])


SETUP_COMMON = "import finlit\nfrom finlit.workshop import start, progress\n"


def _w1() -> Workshop:
    """Workshop 1: the three statements of Apple and Larkspur."""
    answers = [
        _a(Money("millions"), lambda: value("AAPL", "revenue", 2023),
           'answer = apple.value("revenue", 2023) / 1e6   # value() gives dollars; / 1e6 gives millions'),
        _a(Percent(0.5), lambda: ratio("AAPL", "gross_margin", 2023),
           'answer = apple.value("gross_profit", 2023) / apple.value("revenue", 2023)',
           net_margin=lambda: ratio("AAPL", "net_margin", 2023),
           cost_share=lambda: value("AAPL", "cost_of_revenue", 2023) / value("AAPL", "revenue", 2023)),
        _a(Percent(0.5), lambda: ratio("AAPL", "net_margin", 2023),
           'answer = apple.value("net_income", 2023) / apple.value("revenue", 2023)',
           gross_margin=lambda: ratio("AAPL", "gross_margin", 2023),
           operating_margin=lambda: ratio("AAPL", "operating_margin", 2023)),
        _a(Money("millions"), lambda: value("LARKSPUR", "operating_income", 2025),
           'answer = lark.value("operating_income", 2025) / 1e6',
           net_income=lambda: value("LARKSPUR", "net_income", 2025),
           gross_profit=lambda: value("LARKSPUR", "gross_profit", 2025)),
        _a(Percent(0.5), lambda: (value("LARKSPUR", "total_equity", 2025)
                                  / value("LARKSPUR", "total_assets", 2025)),
           'answer = lark.value("total_equity", 2025) / lark.value("total_assets", 2025)',
           liabilities_share=lambda: ratio("LARKSPUR", "liabilities_to_assets", 2025)),
        _a(Choice, lambda: "b", 'answer = "b"'),
        _a(Plain("fiscal year", 0), lambda: min(company("LARKSPUR").years,
                                               key=lambda y: value("LARKSPUR", "operating_cash_flow", y)),
           'cash = {y: lark.value("operating_cash_flow", y) for y in lark.years}\n'
           'answer = min(cash, key=cash.get)'),
        _a(Choice, why_cash_was_low,
           'y = min(lark.years, key=lambda y: lark.value("operating_cash_flow", y))\n'
           'tied_up = sum(lark.value(i, y) - lark.value(i, y - 1) for i in ("inventory", "receivables"))\n'
           'answer = "a" if lark.value("net_income", y) < 0 else ("b" if tied_up > 0 else "c")'),
    ]
    setup = (SETUP_COMMON + 'ws = start("w1")\nq1, q2, q3, q4, q5, q6, q7, q8 = ws\n\n'
             'apple = finlit.load("AAPL")\n'
             'lark = finlit.load("LARKSPUR")   # Larkspur Components, fictional\nws')
    return _workshop("w1", "reading_the_statements", setup, answers)


def _w2() -> Workshop:
    """Workshop 2: margins, liquidity, solvency, growth, percent of sales."""
    answers = [
        _a(Percent(0.1), lambda: ratio("LARKSPUR", "operating_margin", 2025),
           'answer = lark_ratios.value("operating_margin", 2025)',
           net_margin=lambda: ratio("LARKSPUR", "net_margin", 2025),
           gross_margin=lambda: ratio("LARKSPUR", "gross_margin", 2025)),
        _a(Plain("times", 0.05), lambda: ratio("LARKSPUR", "current_ratio", 2025),
           'answer = lark.value("current_assets", 2025) / lark.value("current_liabilities", 2025)'),
        _a(Plain("times", 0.02), lambda: ratio("LARKSPUR", "debt_to_equity", 2025),
           'answer = lark.value("total_debt", 2025) / lark.value("total_equity", 2025)',
           total_liabilities=lambda: (value("LARKSPUR", "total_liabilities", 2025)
                                      / value("LARKSPUR", "total_equity", 2025))),
        _a(Percent(0.1), lambda: ratio("LARKSPUR", "revenue_growth", 2025),
           'answer = lark.value("revenue", 2025) / lark.value("revenue", 2024) - 1',
           ratio_not_growth=lambda: value("LARKSPUR", "revenue", 2025) / value("LARKSPUR", "revenue", 2024)),
        _a(Percent(0.1), lambda: (value("LARKSPUR", "selling_general_administrative", 2025)
                                  / value("LARKSPUR", "revenue", 2025)),
           'answer = lark.value("selling_general_administrative", 2025) / lark.value("revenue", 2025)'),
        _a(Percent(1.0), lambda: ratio("AAPL", "return_on_equity", 2023),
           'answer = apple.ratios().value("return_on_equity", 2023)',
           return_on_assets=lambda: ratio("AAPL", "return_on_assets", 2023)),
        _a(Choice, lambda: max(zip("abcd", ("AAPL", "GOOGL", "WMT", "XOM")),
                               key=lambda p: ratio(p[1], "net_margin", 2024))[0],
           'margins = finlit.compute_ratios([finlit.load(t) for t in ("AAPL", "GOOGL", "WMT", "XOM")],\n'
           '                                ["net_margin"])\n'
           'best = max(("AAPL", "GOOGL", "WMT", "XOM"),\n'
           '           key=lambda t: margins.value("net_margin", 2024, company=t))\n'
           'answer = {"AAPL": "a", "GOOGL": "b", "WMT": "c", "XOM": "d"}[best]'),
        _a(YesNo(), lambda: (ratio("LARKSPUR", "operating_margin", 2025)
                             < ratio("LARKSPUR", "operating_margin", 2024)),
           'answer = lark_ratios.value("operating_margin", 2025) < '
           'lark_ratios.value("operating_margin", 2024)'),
        _a(Choice, lambda: "b" if verdicts("AAPL", 2023)["liquidity"].level in ("adequate", "strong") else "a",
           'from finlit.judge import assess\n'
           'level = assess(apple, 2023)["liquidity"].level   # finlit\'s own verdict\n'
           'answer = "b" if level in ("adequate", "strong") else "a"'),
        _a(Choice, lambda: "b" if any(n.startswith("Buybacks") for n in verdicts("AAPL", 2023)["returns"].notes)
           else "a",
           'from finlit.judge import assess\n'
           'notes = assess(apple, 2023)["returns"].notes\n'
           'answer = "b" if any(n.startswith("Buybacks") for n in notes) else "a"'),
        _a(Choice, lambda: {"heavy": "a", "moderate": "b", "low": "c"}[verdicts("LARKSPUR", 2025)["leverage"].level],
           'from finlit.judge import assess\n'
           'answer = {"heavy": "a", "moderate": "b", "low": "c"}[assess(lark, 2025)["leverage"].level]'),
    ]
    setup = (SETUP_COMMON + 'ws = start("w2")\nq1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11 = ws\n\n'
             'apple = finlit.load("AAPL")\nlark = finlit.load("LARKSPUR")\nlark_ratios = lark.ratios()\nws')
    return _workshop("w2", "ratios_that_matter", setup, answers)


def _w3() -> Workshop:
    """Workshop 3: free cash flow, working capital, capex versus opex, cloud or on-premises."""
    answers = [
        _a(Money("millions"), lambda: value("AAPL", "free_cash_flow", 2023),
           'answer = (apple.value("operating_cash_flow", 2023)\n'
           '          - apple.value("capital_expenditure", 2023)) / 1e6',
           operating_cash_flow=lambda: value("AAPL", "operating_cash_flow", 2023),
           net_income=lambda: value("AAPL", "net_income", 2023)),
        _a(Percent(0.5), lambda: ratio("AAPL", "free_cash_flow_margin", 2023),
           'answer = apple.value("free_cash_flow", 2023) / apple.value("revenue", 2023)',
           operating_cash_flow=lambda: ratio("AAPL", "operating_cash_flow_margin", 2023)),
        _a(Plain("times", 0.05), lambda: ratio("LARKSPUR", "cash_conversion", 2025),
           'answer = lark.value("operating_cash_flow", 2025) / lark.value("net_income", 2025)',
           upside_down=lambda: (value("LARKSPUR", "net_income", 2025)
                                / value("LARKSPUR", "operating_cash_flow", 2025))),
        _a(Money("millions"), lambda: ratio("LARKSPUR", "working_capital", 2025),
           'answer = (lark.value("current_assets", 2025) - lark.value("current_liabilities", 2025)) / 1e6'),
        _a(Percent(0.1), lambda: ratio("LARKSPUR", "capex_to_revenue", 2025),
           'answer = lark.value("capital_expenditure", 2025) / lark.value("revenue", 2025)'),
        _a(Money("ones"), lambda: example_budget_totals().loc[2025, "hardware"] / LAPTOP_LIFE_YEARS,
           f'answer = example.loc[2025, "hardware"] / {LAPTOP_LIFE_YEARS}',
           whole_purchase=lambda: example_budget_totals().loc[2025, "hardware"]),
        _a(Money("ones"), lambda: -cloud_scenario().frame.loc[1, "onprem_free_cash_flow"],
           'answer = -scenario.frame.loc[1, "onprem_free_cash_flow"]',
           hardware_only=lambda: CLOUD["hardware_cost"],
           operating_income=lambda: -cloud_scenario().frame.loc[1, "onprem_operating_income"]),
        _a(Choice, lambda: "a" if cloud_scenario().frame.loc[1, "onprem_ebitda"]
           > cloud_scenario().frame.loc[1, "cloud_ebitda"] else "b",
           'year1 = scenario.frame.loc[1]\n'
           'answer = "a" if year1["onprem_ebitda"] > year1["cloud_ebitda"] else "b"'),
        _a(Choice, lambda: "b", 'answer = "b"   # a subscription buys no asset: opex'),
        _a(Choice, lambda: "a" if (value("LARKSPUR", "operating_cash_flow", 2025) > value("LARKSPUR", "net_income", 2025)
                                   and value("LARKSPUR", "depreciation_amortization", 2025) > 0) else "b",
           'answer = "a"   # depreciation is a cost in profit that used no cash this year'),
    ]
    setup = (SETUP_COMMON + "from finlit.itbudget import load_it_budget, totals\n"
             "from finlit.itspend.scenarios import cloud_vs_onprem\n"
             "from finlit.workshop.exercises import example_budget_path\n"
             "from finlit.workshop.tables import profit_and_cash, readable_budget, readable_scenario\n"
             'ws = start("w3")\nq1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = ws\n\n'
             'apple = finlit.load("AAPL")\nlark = finlit.load("LARKSPUR")\n'
             "example = totals(load_it_budget(example_budget_path()))   # the example IT budget\n"
             f"scenario = cloud_vs_onprem(hardware_cost={CLOUD['hardware_cost']:_}, useful_life={CLOUD['useful_life']},\n"
             f"                           cloud_cost_per_year={CLOUD['cloud_cost_per_year']:_},\n"
             f"                           onprem_running_cost_per_year={CLOUD['onprem_running_cost_per_year']:_}, "
             f"years={CLOUD['years']})\nws")
    return _workshop("w3", "cash_and_capex", setup, answers)


def _w4() -> Workshop:
    """Workshop 4: IT spend against revenue and benchmarks; the ERP project's payback, NPV, IRR."""
    answers = [
        _a(Money("millions"), lambda: it_view("LARKSPUR").value("it_spend", 2025),
           'answer = view.value("it_spend", 2025) / 1e6',
           opex_only=lambda: it_view("LARKSPUR").value("it_opex", 2025)),
        _a(Percent(0.05), lambda: it_view("LARKSPUR").value("it_pct_revenue", 2025),
           'answer = view.value("it_spend", 2025) / lark.value("revenue", 2025)',
           pct_opex=lambda: it_view("LARKSPUR").value("it_pct_opex", 2025)),
        _a(YesNo(), lambda: (it_view("LARKSPUR").value("it_pct_revenue", 2025)
                             > it_view("LARKSPUR").benchmarks.estimate.value),
           'answer = view.value("it_pct_revenue", 2025) > view.benchmarks.estimate.value'),
        _a(Money("ones"), lambda: it_view("LARKSPUR").value("it_per_employee", 2025),
           'answer = view.value("it_spend", 2025) / lark.value("employees", 2025)'),
        _a(Plain("points", 0.03, either_sign=True), lambda: -margin_effect(),
           'answer = 0.10 * view.value("it_spend", 2025) / lark.value("revenue", 2025) * 100'),
        _a(Money("ones"), lambda: erp_project().npv, f"answer = npv({ERP_RATE}, erp_flows)",
           undiscounted=lambda: sum(erp_cashflows()), capex_only=lambda: erp_capex_only().npv),
        _a(Plain("years", 0.05), lambda: erp_project().payback_years,
           f"answer = project(erp_flows, rate={ERP_RATE}).payback_years",
           capex_only=lambda: erp_capex_only().payback_years),
        _a(Percent(0.1), lambda: erp_project().irr, "answer = irr(erp_flows)",
           capex_only=lambda: erp_capex_only().irr),
        _a(Choice, lambda: "a" if erp_project().npv < 0 < sum(erp_cashflows()) else ("b" if erp_project().npv < 0 else "c"),
           'p = project(erp_flows, rate=erp.rate)\n'
           'answer = "a" if p.npv < 0 < sum(erp_flows) else ("b" if p.npv < 0 else "c")'),
        _a(Choice, lambda: "b", 'answer = "b"   # a survey median is a guide, never a target'),
    ]
    setup = (SETUP_COMMON + "from finlit.itspend import it_view\n"
             "from finlit.itspend.business_case import break_even_table, larkspur_erp\n"
             "from finlit.itspend.scenarios import irr, npv, project\n"
             "from finlit.workshop.tables import it_table\n"
             'ws = start("w4")\nq1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = ws\n\n'
             'lark = finlit.load("LARKSPUR")\n'
             "view = it_view(lark)              # the bundled IT budget, beside the statements\n"
             "erp = larkspur_erp()              # the ERP project, every cost counted (data/teaching)\n"
             f"erp_flows = erp.cashflows()       # FY{erp_case().years[0]} first; costs negative\nws")
    return _workshop("w4", "it_spend_and_roi", setup, answers)


def margin_effect() -> float:
    from ..itspend import margin_sensitivity

    return margin_sensitivity(it_view("LARKSPUR"), 0.10, 2025).effect_pp


WORKSHOPS: dict[str, Workshop] = {w.key: w for w in (_w1(), _w2(), _w3(), _w4())}


def workshop(name) -> Workshop:
    """A workshop by key ("w1"), number (1), notebook name or a word of its title ("ratios")."""
    text = str(name).strip().lower()
    if text.isdigit():
        text = f"w{int(text)}"
    if text in WORKSHOPS:
        return WORKSHOPS[text]
    for w in WORKSHOPS.values():
        if text in (w.slug, w.notebook, w.notebook[:-6]) or (len(text) >= 3 and text in w.slug):
            return w
    raise InputError(f"unknown workshop {name!r}: use one of {', '.join(WORKSHOPS)}")


def get(name, number: int) -> Exercise:
    """One exercise: `get("w1", 2)` is workshop 1's Q2."""
    w = workshop(name)
    if not isinstance(number, int) or not 1 <= number <= len(w):
        raise InputError(f"{w.key} has exercises 1 to {len(w)}, not {number!r}")
    return w.questions[number - 1]


def all_exercises() -> list[Exercise]:
    return [q for w in WORKSHOPS.values() for q in w.questions]


def answer_key_markdown() -> str:
    """The answer key, computed: one table per workshop (for FACILITATOR.md)."""
    every = all_exercises()
    count = {k: sum(q.kind == k for q in every) for k in ("look-up", "calculation", "judgement")}
    lines = ["Generated by `python scripts/build_workshop.py` from the answers finlit computes "
             "from the bundled data; do not edit by hand.", "",
             f"{len(every)} exercises: {count['look-up']} look-ups (read a figure off a table), "
             f"{count['calculation']} calculations and {count['judgement']} judgements (multiple choice "
             "or yes/no, with feedback on every option).", ""]
    for w in WORKSHOPS.values():
        lines += [f"### {w.key.upper()} — {w.title} (`{w.notebook}`)", "",
                  "| # | exercise | answer | accepted | kind |", "|---|---|---|---|---|"]
        for q in w.questions:
            lines.append(f"| {q.number} | {q.title} | {q.expected_text()} | {q.answer_type.describe()} "
                         f"| {q.kind} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["WORKSHOPS", "Workshop", "all_exercises", "answer_key_markdown", "get", "workshop"]

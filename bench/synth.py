"""A seeded synthetic news corpus for benchmarks: many outlets reporting on many projects.

Each story (one per ~5 articles) is a project with its own place, officials and figures; each
article reports a story in ~4 KB of sentences drawn from templates, sometimes with a misreported
figure or the amount in rupees, mixed with generic sentences about other entities.  So evidence
exists across articles (and clusters stay the same size as the corpus grows), as in real news.
Generic sentences combine 20 templates with qualified or local topics ("unpaid wage arrears",
"land acquisition at the Kotwal bypass"), names, places and times, so verbatim twins stay rare
(about 93 % of sentence texts are distinct); it is still far more formulaic than real news.
``make_corpus(n, seed)`` is deterministic; texts are plain strings with sentence offsets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ONSETS = ["k", "t", "g", "b", "m", "n", "r", "s", "sh", "d", "z", "p", "q", "h", "l", "j", "ch"]
VOWELS = ["a", "i", "o", "u", "e", "aa", "ai"]
CODAS = ["r", "n", "l", "m", "b", "d", "k", "s", "z", "", "", "wal", "pur", "abad", "garh", "kot"]
FIRST = [
    "Ahmed",
    "Sana",
    "Bilal",
    "Ayesha",
    "Farhan",
    "Zara",
    "Imran",
    "Nadia",
    "Omar",
    "Hina",
    "Tariq",
    "Maria",
    "Usman",
    "Rabia",
    "Kamran",
    "Sadia",
    "Wang",
    "Li",
    "Zhang",
    "Chen",
    "Asad",
    "Mehwish",
    "Naveed",
    "Saima",
    "Junaid",
    "Fatima",
    "Hamza",
    "Amna",
    "Yasir",
    "Iqra",
]
TITLES = [
    "the planning minister",
    "the finance secretary",
    "the project director",
    "the chief executive of the authority",
    "an adviser to the prime minister",
    "the provincial energy minister",
    "the chairman of the board",
    "a senior engineer",
]
KINDS = [
    ("Power Project", "MW"),
    ("Motorway", "km"),
    ("Fibre Network", "villages"),
    ("Special Economic Zone", "jobs"),
    ("Railway Upgrade", "km"),
    ("Solar Park", "MW"),
    ("Water Scheme", "households"),
    ("Port Expansion", "tonnes"),
]
OUTLETS = [
    "Indus Ledger",
    "Silk Route Monitor",
    "Karakoram Post",
    "Harbour Times",
    "Frontier Business Review",
    "Lahore Economic Digest",
    "Capital Wire",
    "Delta Herald",
]
ORGS = [
    "ministry of planning",
    "energy ministry",
    "railways ministry",
    "provincial IT board",
    "investment board",
    "highway authority",
    "water authority",
    "port authority",
]

FACT_TEMPLATES = [
    "The {project} will cost {money}, according to {org_the}.",
    "Officials said the {project} near {place} had been budgeted at {money}.",
    "{person}, {title}, said the {project} would add {amount} by {end}.",
    "Work on the {project} began in {start} and is due to finish in {end}.",
    "According to {org_the}, the {project} has so far delivered {amount} around {place}.",
    "The {project} was approved by the cabinet in {start} with {partner} as lead contractor.",
    "{partner} signed an agreement worth {money} to build the {project}.",
    "“The {project} will change life in {place},” {person} told reporters.",
    "Critics in {place} say the {project} has cost more than the promised {money}.",
    "Only {pct} per cent of the {project} was complete by the end of {start}, the audit said.",
    "The {project} is expected to create {jobs} jobs in {place} and nearby districts.",
    "{person} said {partner} had committed {money} to the {project} in {place}.",
]
FILLER_TEMPLATES = [
    "{person2} said the talks on {topic} would continue next week in {city}.",
    "Traders in {city} complained about {topic} and rising costs.",
    "The {org2} held a meeting on {topic} in {city} on Monday.",
    "Residents of {city} said they had not been consulted about {topic}.",
    "A report by the {org2} on {topic} is expected before the end of the year.",
    "Analysts said {topic} remained the main risk for investors in {city}.",
    "The {org2} said {n} officials would visit {city} to review {topic}.",
    "Local media in {city} reported that {topic} had delayed several schemes.",
    "“We need clarity on {topic},” {person2} told a seminar in {city}.",
    "Prices of cement and steel in {city} rose {pct} per cent last month.",
    "{person2} warned that {topic} could slow work on several schemes around {city}.",
    "Farmers near {city} asked the {org2} to settle claims linked to {topic}.",
    "The {org2} denied reports that {topic} had stalled its plans for {city}.",
    "Lawmakers from {city} raised {topic} during question hour in the assembly.",
    "Bankers in {city} said lending had slowed because of {topic}.",
    "A delegation from {city} met {person2} to discuss {topic} and compensation.",
    "Transporters in {city} went on strike for {n} days over {topic}.",
    "{person2} blamed {topic} for the slow pace of work in {city}.",
    "The chamber of commerce in {city} called for a review of {topic}.",
    "Students in {city} protested against {topic} outside the {org2} offices.",
]
TAILS = [
    ", officials said",
    ", according to local reports",
    " as the government weighs its options",
    " amid concerns about financing",
    ", a statement from the ministry said",
    " despite repeated delays",
    " after months of negotiations",
    " according to documents seen by the paper",
    ", people familiar with the matter said",
    " as lenders press for guarantees",
    " while opposition lawmakers demand an inquiry",
    " in a move welcomed by business groups",
    " before the monsoon season",
    " as donors watch closely",
    " in a closed-door session",
    " according to minutes of the meeting",
    " though no timeline was given",
    " ahead of the budget",
    " after a court hearing",
    " amid protests by contractors",
    " according to an internal memo",
    " as prices climb",
    " despite objections from the province",
    " in a letter to the federal government",
]
TOPICS = [
    "security arrangements",
    "land acquisition",
    "tariff payments",
    "loan repayments",
    "customs clearance",
    "water sharing",
    "electricity arrears",
    "skills training",
    "freight rates",
    "provincial royalties",
    "environmental permits",
    "local hiring",
    "power outages",
    "gas shortages",
    "debt servicing",
    "currency swings",
    "fuel prices",
    "visa delays",
    "cargo insurance",
    "toll rates",
    "resettlement plans",
    "wage arrears",
    "transmission losses",
    "import duties",
    "cross-border trade",
    "road safety",
    "flood protection",
    "groundwater depletion",
    "tax exemptions",
    "procurement rules",
    "labour unrest",
    "data localisation",
    "spectrum auctions",
    "mining leases",
    "coastal erosion",
    "waste management",
]


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 2)))
    return (word + rng.choice(CODAS)).capitalize()


@dataclass(frozen=True)
class Story:
    project: str
    place: str
    person: str
    title: str
    org: str
    partner: str
    usd_bn: float
    amount: float
    unit: str
    start: int
    end: int
    pct: int
    jobs: int


@dataclass(frozen=True)
class SynthArticle:
    """One article: text, its sentences as (start, end) offsets and paragraph numbers."""

    title: str
    outlet: str
    text: str
    sentences: list[tuple[int, int, int]]  # (start, end, paragraph)


def _story(rng: random.Random, people: list[str], places: list[str]) -> Story:
    kind, unit = rng.choice(KINDS)
    place = rng.choice(places)
    amount = {
        "MW": rng.randrange(100, 5000, 10),
        "km": rng.randrange(20, 1800, 2),
        "villages": rng.randrange(500, 30000, 100),
        "jobs": rng.randrange(1000, 90000, 500),
        "households": rng.randrange(2000, 400000, 1000),
        "tonnes": rng.randrange(1, 40) * 1e6,
    }[unit]
    start = rng.randint(2012, 2024)
    return Story(
        project=f"{place} {kind}",
        place=place,
        person=rng.choice(people),
        title=rng.choice(TITLES),
        org=rng.choice(ORGS),
        partner=f"{_name(rng)} {rng.choice(['Group', 'Holdings', 'Engineering', 'Construction'])}",
        usd_bn=round(rng.uniform(0.2, 12.0), 1),
        amount=float(amount),
        unit=unit,
        start=start,
        end=start + rng.randint(2, 8),
        pct=rng.randint(5, 95),
        jobs=rng.randrange(500, 60000, 500),
    )


def _fmt_amount(value: float, unit: str) -> str:
    if unit == "tonnes":
        return f"{value / 1e6:g} million tonnes"
    return f"{int(value):,} {unit}" if unit not in ("MW", "km") else f"{int(value):,} {unit}"


def _fact(rng: random.Random, s: Story) -> str:
    usd = s.usd_bn * rng.choice([1, 1, 1, 1, 0.6, 1.5])  # some outlets misreport the figure
    money = (
        f"Rs {usd * 280:,.0f} billion"
        if rng.random() < 0.15
        else rng.choice([f"${usd:.1f} billion", f"${usd:.1f}bn", f"about ${usd:.1f} billion"])
    )
    amount = s.amount * rng.choice([1, 1, 1, 0.8, 1.1])
    return rng.choice(FACT_TEMPLATES).format(
        project=s.project,
        money=money,
        org_the=f"the {s.org}",
        place=s.place,
        person=s.person,
        title=s.title,
        amount=_fmt_amount(amount, s.unit),
        start=s.start,
        end=s.end,
        partner=s.partner,
        pct=s.pct,
        jobs=f"{s.jobs:,}",
    )


QUALIFIERS = [
    "delayed",
    "unpaid",
    "disputed",
    "rising",
    "new",
    "federal",
    "provincial",
    "informal",
    "seasonal",
    "cross-border",
    "rural",
    "urban",
    "overdue",
    "revised",
    "proposed",
    "stalled",
    "local",
    "foreign",
    "private",
    "municipal",
    "costly",
    "long-running",
    "emergency",
    "illegal",
]
WHENS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "last week",
    "this month",
    "earlier this year",
    "late on Sunday",
    "in March",
    "in October",
]


def _topic(rng: random.Random, locals_: list[str]) -> str:
    """A topic phrase: most are qualified, some name a local thing ("the Kotwal bypass")."""
    base = rng.choice(TOPICS)
    roll = rng.random()
    if roll < 0.45:
        return f"{rng.choice(QUALIFIERS)} {base}"
    if roll < 0.75:
        return f"{base} at the {rng.choice(locals_)}"
    return base


def _filler(rng: random.Random, people: list[str], places: list[str], locals_: list[str]) -> str:
    """A generic sentence: template x qualified or local topic x people x places x time, so
    (unlike a fixed template list) verbatim twins stay rare as the corpus grows."""
    text = rng.choice(FILLER_TEMPLATES).format(
        person2=rng.choice(people),
        topic=_topic(rng, locals_),
        city=rng.choice(places),
        org2=rng.choice(ORGS),
        n=rng.randint(2, 40),
        pct=rng.randint(2, 30),
    )
    if rng.random() < 0.4 and text.endswith(".") and not text.endswith("”."):
        text = text[:-1] + f" {rng.choice(WHENS)}."
    return text


def make_corpus(n: int, seed: int = 20251118, target: int = 4000) -> list[SynthArticle]:
    """``n`` articles of about ``target`` characters, one story per ~5 articles."""
    rng = random.Random(seed)
    places = sorted({_name(rng) for _ in range(max(400, n // 4))})
    people = [f"{rng.choice(FIRST)} {_name(rng)}" for _ in range(max(600, n // 3))]
    locals_ = [
        f"{_name(rng)} {rng.choice(['bypass', 'dam', 'canal', 'depot', 'bridge', 'plant'])}"
        for _ in range(max(300, n // 5))
    ]
    stories = [_story(rng, people, places) for _ in range(max(1, n // 5))]
    out: list[SynthArticle] = []
    for i in range(n):
        story = stories[rng.randrange(len(stories))]
        outlet = OUTLETS[i % len(OUTLETS)]
        parts: list[str] = []
        sentences: list[tuple[int, int, int]] = []
        pos, para = 0, 0
        while pos < target:
            for _ in range(rng.randint(2, 4)):
                if rng.random() < 0.4:
                    sent = _fact(rng, story)
                else:
                    sent = _filler(rng, people, places, locals_)
                if rng.random() < 0.6 and sent.endswith(".") and not sent.endswith("”."):
                    sent = sent[:-1] + rng.choice(TAILS) + "."
                if parts and not parts[-1].endswith("\n\n"):
                    parts.append(" ")
                    pos += 1
                sentences.append((pos, pos + len(sent), para))
                parts.append(sent)
                pos += len(sent)
            parts.append("\n\n")
            pos += 2
            para += 1
        text = "".join(parts).rstrip("\n")
        out.append(SynthArticle(f"{story.project}: report {i}", outlet, text, sentences))
    return out

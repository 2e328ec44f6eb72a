"""Sentences for synthetic corpora, composed from forms with slots (all our own writing).

A story has a ``Scene`` (its topic, town, bodies, people, main subject); ``body_sentence``
fills one of many sentence forms with the scene's words and fresh numbers, so two stories on
the same topic share a few short phrases, never whole passages (``tests/test_corpus_synth.py``
measures it). Quotes are lists of clauses (so a drifted copy can drop or gain one); claims
are facts (measure, place, figure, year) with several wordings, so a paraphrase keeps the
figures and changes the words.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .synth_names import BODY_KINDS, COMPANIES, FIRST_NAMES, MONTHS, PLACES, REGIONS, SURNAMES, WEEKDAYS
from .synth_topics import TOPICS, Topic


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Scene:
    topic: Topic
    place: str
    region: str
    orgs: list[str]
    company: str
    thing: str
    people: list[Person] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # sentence forms this story has used (never twice)


def new_person(rng: random.Random, scene: Scene, taken: set[str]) -> Person:
    """A person whose surname and first name are not ``taken`` (so "Ortega said" names one
    person in a story)."""
    last = rng.choice(SURNAMES)
    while last in taken:
        last = rng.choice(SURNAMES)
    first = rng.choice(FIRST_NAMES)
    while first in taken:
        first = rng.choice(FIRST_NAMES)
    for _ in range(10):  # and a role of their own
        role = rng.choice(scene.topic.roles).format(org=rng.choice(scene.orgs), company=scene.company, place=scene.place)
        if role not in taken:
            break
    taken.update((first, last, role))
    return Person(first, last, role)


def new_scene(rng: random.Random, n_people: int, topic: Topic | None = None) -> Scene:
    topic = topic or rng.choice(TOPICS)
    place = rng.choice(PLACES)
    kinds = rng.sample(BODY_KINDS[topic.name], 3)
    orgs = [f"the {place} {k}" for k in kinds[:2]] + [f"the {rng.choice(REGIONS)} {kinds[2]}"]
    scene = Scene(topic, place, rng.choice(REGIONS), orgs, rng.choice(COMPANIES), rng.choice(topic.things))
    taken: set[str] = set()
    scene.people = [new_person(rng, scene, taken) for _ in range(n_people)]
    return scene


class _Slots(dict):  # type: ignore[type-arg]
    """Slot values drawn on first use, so a form costs only the slots it names."""

    def __init__(self, rng: random.Random, scene: Scene) -> None:
        super().__init__()
        self.rng = rng
        self.scene = scene

    def __missing__(self, key: str) -> str:
        r, s, t = self.rng, self.scene, self.scene.topic
        if key == "org":
            v = r.choice(s.orgs)
        elif key == "org2":
            v = r.choice([o for o in s.orgs if o != self.get("org")] or s.orgs)
        elif key == "company":
            v = s.company
        elif key == "place":
            v = s.place
        elif key == "place2":
            v = r.choice([p for p in PLACES if p != s.place])
        elif key == "region":
            v = s.region
        elif key == "thing":
            v = s.thing
        elif key == "thing2":
            v = r.choice([x for x in t.things if x != s.thing])
        elif key == "problem":
            v = r.choice(t.problems)
        elif key == "measure":
            v = r.choice(t.measures)
        elif key in ("act", "acted"):
            verb = r.choice(t.actions)
            self["act"], self["acted"] = verb
            return str(self[key])
        elif key == "group":
            v = r.choice(t.groups)
        elif key == "n":
            v = str(r.randint(3, 60))
        elif key == "nth":
            v = r.choice(("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "twelfth"))
        elif key == "big":
            v = f"{r.randint(2, 95) * 100:,}"
        elif key == "pct":
            v = f"{r.randint(2, 380) / 10:g}"
        elif key == "money":
            v = f"{r.randint(12, 950) / 10:g} million crowns"
        elif key == "day":
            v = r.choice(WEEKDAYS)
        elif key == "month":
            v = r.choice(MONTHS)
        elif key == "year":
            v = str(r.randint(2015, 2026))
        elif key == "months":
            v = str(r.randint(2, 18))
        elif key == "person":
            p = r.choice(s.people) if s.people else None
            v = p.last if p else "the minister"
        else:
            raise KeyError(key)
        self[key] = v
        return v


_CHOICE = re.compile(r"\[([^\]]+)\]")


def fill(rng: random.Random, scene: Scene, form: str) -> str:
    """``form`` with its slots filled and each ``[a|b|c]`` replaced by one of its words."""
    if "[" in form:
        form = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), form)
    text = form.format_map(_Slots(rng, scene))
    return text[0].upper() + text[1:]


BODY_FORMS: tuple[str, ...] = (
    "{org} [said|confirmed|announced] on {day} that it would {act} {thing} within {months} months.",
    "The decision [follows|comes after|ends] {months} months of [talks|negotiations|wrangling] between {org} and {org2}.",
    "{measure} in {place} [rose|climbed|went up] by {pct} percent last year, according to figures [published|released] by {org}.",
    "{measure} fell by {pct} percent in the [first|second] half of {year}, {org} said.",
    "[Critics|Opponents|Several councillors] say the plan does little to [address|tackle|fix] {problem}.",
    "The council has set aside {money} for {thing}, less than {org} had [asked for|requested|hoped for].",
    "Residents of {place} have [complained|protested|written to the council] for years about {problem}.",
    "A report commissioned by {org} found that {n} of the {big} cases it [examined|reviewed] involved {problem}.",
    "Work on {thing} is expected to [begin|start] in {month} and to last about {months} months.",
    "{org2} did not respond to a request for comment [on {day}|by the time of publication|this week].",
    "The proposal will be put to a vote of the [full council|assembly|regional board] in {month}.",
    "{group} in {place2} faced similar problems when {thing2} was {acted} in {year}.",
    "[Opposition members|Two independent councillors|Campaigners] called for {thing} to be {acted} until an independent review is complete.",
    "About {big} {group} signed a petition asking {org} to [think again|reconsider|hold a public hearing].",
    "The last time {thing2} was {acted}, the work ran {months} months over [schedule|time|budget].",
    "Officials at {org} said the figures were provisional and could be revised [in {month}|later this year].",
    "{thing} was first proposed in {year} but stalled after a change of leadership at {org}.",
    "In {place2}, a similar scheme cost {money} and was [abandoned|scaled back] after [two|three] years.",
    "The region of {region} has the highest rate of {problem} in the country, a [survey|study] found.",
    "Some {group} said they had not been [consulted|told] before the announcement.",
    "The plan was drawn up after {problem} left {group} without [help|support] for weeks.",
    "Of the {big} responses to the consultation, {pct} percent [opposed|supported] the changes.",
    "A public meeting in {place} on {day} evening drew more than {n}0 people.",
    "{org} blamed {problem} on [a lack of investment|years of neglect|the pandemic] over the past decade.",
    "Supporters of {thing} say it will ease {problem} within a year.",
    "The cost of {thing} has risen from {money} to almost [double|three times] that since {year}.",
    "{company} has been named as the preferred contractor for {thing}.",
    "The ministry in the capital has promised to match any money raised [locally|in {region}].",
    "[Local shops|Traders|Cafe owners] near the site said trade had fallen since {month}.",
    "It is the {nth} time in {months} months that {thing} has been discussed at a public meeting.",
    "No figure for {measure} has been published since {month} {year}, when {org} changed its methods.",
    "An earlier attempt to {act} {thing2} was blocked by the courts in {year}.",
    "The chair of {org2} described the timetable as [ambitious|unrealistic|tight but possible].",
    "{group} who spoke to reporters [outside the town hall|at the station|in the market square] were divided.",
    "Under the new rules, {group} will have {n} days to lodge an objection.",
    "The money will come partly from {region} and partly from a loan, {org} said.",
    "A spokesperson for {company} declined to comment on the contract.",
    "Figures seen by reporters suggest that {measure} in {place} lags behind {place2}.",
    "The scheme has been paused twice, in {year} and again last {month}.",
    "Engineers will inspect the site on {day}, [weeks|a month] later than planned.",
    "{n} staff at {org} are expected to work on {thing} full time.",
    "Campaigners plan to march from {place} station to the town hall on {day}.",
    "The row over {thing} has split the governing coalition in {region}.",
    "Neither {org} nor {org2} has said who will pay if costs rise again.",
    "The question of {problem} has become [one of the main issues|a central issue] ahead of the local elections in {month}.",
    "Both sides agree that the problem of {problem} is getting worse; they disagree about why.",
    "An independent panel will report on {thing} by the end of {month}.",
    "The town of {place2}, {n} kilometres away, will be watching closely.",
    "Insurers have warned that {problem} could raise premiums for {group}.",
    "The full plan is expected to go before the council on {day}.",
    "Auditors found {money} in contracts that had not been put out to tender.",
    "{org} has hired {n} extra staff since {month} to deal with complaints about {problem}.",
    "A freedom of information request showed that {org} knew about {problem} in {year}.",
    "The mayor of {place2} has offered to share what the town learned from {thing2}.",
    "Similar disputes in {region} have ended up in court, at great expense.",
    "Turnout at the last local election in {place} was just {pct} percent.",
    "Data from {org2} show {big} complaints about {problem} in {year} alone.",
    "A pilot in {place2} ran for {months} months before it was quietly dropped.",
    "{company} said the delay was caused by a shortage of materials.",
    "The town's population has grown by about {big} since {year}.",
    "Letters seen by reporters show {org} warned {org2} as early as {month} {year}.",
    "Neighbouring {place2} voted against a similar proposal in {year}.",
    "[Most|Many] of the {big} objections came from {group}.",
    "Several {group} said they would move away if nothing changed.",
)

LEAD_FORMS: tuple[str, ...] = (
    "{org} has decided to {act} {thing}, ending months of uncertainty for {group} in {place}.",
    "Plans to {act} {thing} in {place} have drawn criticism from {group} and from {org2}.",
    "{group} in {place} will have to wait longer after {org} said {thing} would be {acted}.",
    "The future of {thing} in {place} was thrown into doubt on {day} after {org} said it had run out of money.",
    "{org} on {day} unveiled a plan to {act} {thing}, promising relief from {problem}.",
    "A row over {thing} deepened in {place} this week as {org} and {org2} traded accusations.",
    "{measure} in {place} has reached its highest level in {n} years, prompting calls to {act} {thing}.",
    "After years of {problem}, {place} is to {act} {thing}, {org} announced on {day}.",
)

TITLE_FORMS: tuple[str, ...] = (
    "{place} to {act} {thing}",
    "{org} under pressure over {problem}",
    "Anger in {place} as {thing} is {acted}",
    "{thing} {acted} after months of delay",
    "{group} in {place} fear {problem}",
    "What the {thing} row means for {place}",
    "{org} promises answers on {problem}",
    "{place} council split over {thing}",
    "Doubts grow over {thing} in {place}",
    "{measure} in {place} at {n}-year high",
    "{region} bets {money} on {thing}",
    "{place} residents demand action on {problem}",
)

OPINION_FORMS: tuple[str, ...] = (
    "Once again the people in charge of {place} have shown how little they think of [ordinary families|{group}|anyone without a lawyer].",
    "Read the stories below and ask yourself who is really paying for {thing}.",
    "We have been warning about {problem} since {year}, and nobody [listened|cared|wrote back].",
    "The officials will tell you that {thing} is a [triumph|success|bargain]; the numbers tell another story.",
    "This week's news from {place} is a reminder of how decisions get made [behind closed doors|over our heads|without us].",
    "If you live in {region}, [these stories should worry you|you should read every word below|this is your money].",
    "Nobody in {place} voted for {problem}, yet here we are.",
    "We collected this week's coverage of {thing} so you can judge for yourselves.",
    "[Every one of these stories|Each story below|All of this] has the same lesson: follow the {money}.",
    "The big outlets reported on {thing} and then moved on; [we will not|we are still here|we kept reading].",
    "Ask your councillor where they stand on {thing} before the elections in {month}.",
    "[Three stories|A few stories|Several reports], one pattern: {org} decides and {group} pay.",
    "Remember when {org} promised that {problem} would be solved by {year}?",
    "Our readers in {place2} sent us [the first story|these links|the reports below] within an hour of each other.",
    "It took {months} months for anyone to notice, and it was not the [council|ministry|board] that noticed.",
    "Somebody at {org} should be asked, under oath, what happened to the {money}.",
    "We are not against {thing}; we are against being lied to about it.",
    "{group} in {place} deserve better than {problem} and a press release.",
    "The timing of this week's announcements, just before {day}'s vote, is no accident.",
    "You will not hear about {problem} on the evening news, so read it here.",
    "Here is what the [press releases|official statements|glossy brochures] left out about {thing}.",
    "Count how many times the word 'temporary' appears in the reports on {thing}.",
    "If {place2} can manage it, why can't {place}?",
    "The {big} people who signed the petition in {place} were ignored, again.",
    "Judge for yourselves whether {org} has earned your trust on {problem}.",
)

BRIEF_FORMS: tuple[str, ...] = (
    "{org} will hold an open day on {day} from [ten until four|nine until noon|two until six].",
    "Roadworks on the [high street|ring road|harbour road] in {place} will continue until {month}.",
    "The library in {place} is closed on {day} for [repairs|a staff training day|a stock check].",
    "Tickets for the {place} [summer fair|winter market|food festival] go on sale in {month}.",
    "The {place} [choir|brass band|drama club] is looking for new members; rehearsals are on {day} evenings.",
    "A lost [dog|cat|tortoise] was reunited with its owner in {place2} after {n} days.",
    "{org} has a new phone number for enquiries from {month}.",
    "The swimming pool in {place} reopens on {day} after a {months}-month refit.",
    "Volunteers are needed to clear litter along the [river|beach|canal] in {place} on {day}.",
    "The market in {place2} moves to the car park while the square is resurfaced.",
    "Bin collections in {place} move from {day} to the following day during the holidays.",
    "The [museum|art gallery|heritage centre] in {place2} has free entry every {day} in {month}.",
    "A blood donation session will be held at {place} community hall on {day}.",
    "The footbridge over the [river|railway|canal] at {place} is closed for {n} days for inspection.",
    "Entries for the {place} [photography|poetry|baking] competition close at the end of {month}.",
    "The {place2} [running club|cycling club|walking group] meets at the station every {day} at seven.",
    "{company} is recruiting {n} [seasonal staff|apprentices|drivers] at its {place} site.",
    "The post office in {place} will open late on {day} because of a staff meeting.",
    "A charity quiz in {place} raised {money} for the [hospice|food bank|lifeboat station].",
    "Parking on the seafront in {place2} will be free after six from {month}.",
)


def _fresh(rng: random.Random, scene: Scene, forms: tuple[str, ...]) -> str:
    """A form the story has not used yet (any form once all are used)."""
    for _ in range(8):
        form = rng.choice(forms)
        if form not in scene.used:
            break
    else:
        fresh = [f for f in forms if f not in scene.used]
        form = rng.choice(fresh) if fresh else rng.choice(forms)
    scene.used.add(form)
    return form


def body_sentence(rng: random.Random, scene: Scene) -> str:
    return fill(rng, scene, _fresh(rng, scene, BODY_FORMS))


def lead_sentence(rng: random.Random, scene: Scene) -> str:
    return fill(rng, scene, _fresh(rng, scene, LEAD_FORMS))


def title(rng: random.Random, scene: Scene) -> str:
    return fill(rng, scene, rng.choice(TITLE_FORMS))


def opinion_sentence(rng: random.Random, scene: Scene) -> str:
    return fill(rng, scene, _fresh(rng, scene, OPINION_FORMS))


def brief_sentence(rng: random.Random, scene: Scene) -> str:
    return fill(rng, scene, _fresh(rng, scene, BRIEF_FORMS))


def join_clauses(clauses: tuple[str, ...]) -> str:
    """"A, and B; C" with the first letter upper case and no final stop."""
    if not clauses:
        return ""
    text = clauses[0]
    for i, c in enumerate(clauses[1:]):
        text += (", and " if i % 2 == 0 else "; ") + c
    return text[0].upper() + text[1:]


# --- claims: facts with several wordings --------------------------------------------------

CLAIM_MEASURES: tuple[tuple[str, str], ...] = (
    ("unemployment", "percent"), ("the rate of child poverty", "percent"), ("average rents", "percent"),
    ("violent crime", "percent"), ("hospital waiting times", "percent"), ("the number of empty shops", "percent"),
    ("bus ridership", "percent"), ("household energy bills", "percent"), ("school absences", "percent"),
)

CLAIM_FORMS: tuple[str, ...] = (
    "{Measure} in {place} rose by {value} percent in {year}, the biggest increase in {span} years.",
    "According to official figures, {measure} in {place} went up {value} percent in {year}.",
    "{place} saw {measure} climb {value} percent in {year}, more than anywhere else in {region}.",
    "Figures show {measure} in {place} increased by {value} percent over {year}.",
    "In {year}, {measure} in {place} grew by {value} percent, a rise not seen for {span} years.",
)


def new_claim(rng: random.Random) -> dict[str, str]:
    measure, _ = rng.choice(CLAIM_MEASURES)
    return {"measure": measure, "Measure": measure[0].upper() + measure[1:], "place": rng.choice(PLACES),
            "region": rng.choice(REGIONS), "value": f"{rng.randint(31, 399) / 10:g}", "year": str(rng.randint(2018, 2025)),
            "span": str(rng.randint(8, 30))}


def claim_sentence(fact: dict[str, str], form: int) -> str:
    text = CLAIM_FORMS[form % len(CLAIM_FORMS)].format(**fact)
    return text[0].upper() + text[1:]

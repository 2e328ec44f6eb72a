"""Topic banks for synthetic corpora: what each kind of local news story talks about.

A topic gives the noun phrases, problems, measures, actions, affected groups, roles and quote
clauses that ``synth_text`` composes into sentences. All our own writing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    name: str
    things: tuple[str, ...]  # what the story is about ("the night bus network")
    problems: tuple[str, ...]  # what people complain about
    measures: tuple[str, ...]  # what figures count
    actions: tuple[tuple[str, str], ...]  # (infinitive, past participle)
    groups: tuple[str, ...]  # who is affected (plural)
    roles: tuple[str, ...]  # a speaker's role ("{org}" is filled in)
    clauses: tuple[str, ...]  # quote clauses ("{thing}", "{place}", "{group}" are filled in)


_COMMON_ACTIONS = (("review", "reviewed"), ("delay", "delayed"), ("expand", "expanded"), ("scrap", "scrapped"),
                   ("fund", "funded"), ("overhaul", "overhauled"), ("pause", "paused"), ("approve", "approved"))

TOPICS: tuple[Topic, ...] = (
    Topic(
        "transport",
        ("the night bus network", "the tram extension", "the new ring road", "the harbour ferry service",
         "the cycle lane programme", "the rail link to the airport", "the bridge repairs", "the off-peak fare scheme"),
        ("overcrowded trains", "cancelled morning services", "potholes on the main roads", "rising ticket prices",
         "the lack of step-free stations", "traffic jams near the schools", "late ferries"),
        ("bus ridership", "average journey times", "the number of cancelled trains", "ferry passenger numbers",
         "road casualties", "season ticket sales"),
        _COMMON_ACTIONS + (("electrify", "electrified"), ("reroute", "rerouted"), ("freeze", "frozen")),
        ("commuters", "drivers", "cyclists", "shift workers", "pensioners who rely on the buses", "ferry passengers"),
        ("the transport minister", "a spokesperson for {org}", "the head of {org}", "a bus driver for {org}",
         "the chair of {org}", "a regular commuter", "the deputy mayor for transport"),
        ("we will not raise fares on the night routes this winter", "the timetable was written for a city that no longer exists",
         "nobody should wait forty minutes for a bus in the rain", "the money for {thing} is already in the budget",
         "we asked for more drivers and got more consultants", "every delay costs {group} a day's wages",
         "the repairs will be finished before the school year starts", "this plan puts {group} first for once",
         "the numbers do not add up and everybody in {place} knows it", "we have listened to {group} and changed the plan"),
    ),
    Topic(
        "housing",
        ("the riverside housing scheme", "the rent cap", "the council's empty-homes register", "the new planning code",
         "the student flats on the old mill site", "the social housing waiting list", "the demolition of the tower blocks"),
        ("damp in council flats", "soaring rents", "families living in temporary rooms", "slow repairs",
         "empty properties left to rot", "evictions without notice"),
        ("average rents", "the housing waiting list", "the number of empty homes", "house prices", "new building permits"),
        _COMMON_ACTIONS + (("cap", "capped"), ("demolish", "demolished"), ("rezone", "rezoned")),
        ("tenants", "young families", "first-time buyers", "landlords", "students", "residents of the estate"),
        ("the housing minister", "the director of {org}", "a spokesperson for {org}", "a tenant organiser",
         "the chair of {org}", "a local estate agent", "the councillor for housing"),
        ("families cannot keep paying half their income in rent", "the scheme will bring four hundred homes to {place}",
         "the flats were damp when we moved in and they are damp today", "{thing} is the wrong answer to a real problem",
         "we will not sell public land to the highest bidder", "landlords have had years to fix this",
         "nobody in {place} should sleep in a car", "the rules were written by people who own three houses",
         "we want the work started before the winter", "the waiting list has doubled and nobody is counting"),
    ),
    Topic(
        "health",
        ("the new maternity unit", "the walk-in clinic", "the ambulance response target", "the hospital parking fee",
         "the mental health hotline", "the vaccination drive", "the closure of the night pharmacy"),
        ("long waits in the emergency department", "a shortage of nurses", "cancelled operations", "ambulances queuing outside",
         "clinics closing at weekends", "rising prescription costs"),
        ("waiting times", "the number of hospital beds", "ambulance response times", "vacancies for nurses",
         "vaccination rates", "admissions for heat stroke"),
        _COMMON_ACTIONS + (("staff", "staffed"), ("relocate", "relocated"), ("reopen", "reopened")),
        ("patients", "nurses", "junior doctors", "carers", "expectant mothers", "older residents"),
        ("the health minister", "a nurse at {org}", "the chief executive of {org}", "a spokesperson for {org}",
         "a consultant at {org}", "the chair of {org}", "a paramedic"),
        ("we are running a hospital on goodwill and overtime", "{thing} will save lives in {place}",
         "no patient should wait twelve hours on a trolley", "the staff are exhausted and the managers know it",
         "the clinic will stay open at weekends", "we need two hundred more nurses by the spring",
         "the figures show a service at breaking point", "this is the best news {place} has had in years",
         "the money must follow the patients", "we warned about this every winter for five years"),
    ),
    Topic(
        "energy",
        ("the offshore wind farm", "the district heating plan", "the solar programme for school roofs", "the new gas turbine",
         "the water price review", "the grid upgrade", "the insulation grant scheme"),
        ("power cuts", "rising heating bills", "leaking water mains", "smog on still days", "delays to grid connections"),
        ("household energy bills", "the share of wind power", "water leaks", "carbon emissions", "the number of power cuts"),
        _COMMON_ACTIONS + (("connect", "connected"), ("subsidise", "subsidised"), ("decommission", "decommissioned")),
        ("households", "pensioners", "small businesses", "farmers", "renters"),
        ("the energy minister", "the chief executive of {org}", "an engineer at {org}", "a spokesperson for {org}",
         "the chair of {org}", "a climate campaigner"),
        ("the turbines will power every home in {place}", "bills will fall, but not this year",
         "we cannot insulate our way out of a broken market", "{thing} is ten years late and twice the price",
         "the grid was built for the last century", "households should not pay for the company's mistakes",
         "we will publish the full contract next week", "the leaks waste enough water to fill a lake every day"),
    ),
    Topic(
        "education",
        ("the school meals programme", "the merger of the two secondary schools", "the new exam timetable",
         "the college's engineering course", "the teacher pay deal", "the school bus contract", "the library closure plan"),
        ("crowded classrooms", "leaking school roofs", "a shortage of maths teachers", "rising tuition fees",
         "children travelling two hours to school"),
        ("class sizes", "exam pass rates", "teacher vacancies", "school attendance", "college applications"),
        _COMMON_ACTIONS + (("merge", "merged"), ("extend", "extended"), ("rebuild", "rebuilt")),
        ("pupils", "teachers", "parents", "students", "head teachers", "school cooks"),
        ("the education minister", "a head teacher in {place}", "the general secretary of {org}", "a parent governor",
         "the chair of {org}", "a maths teacher", "the principal of {org}"),
        ("no child in {place} should learn in a leaking classroom", "{thing} will be ready in September",
         "we are losing good teachers to better-paid jobs", "the merger was decided before the consultation began",
         "every pupil deserves a hot meal at lunchtime", "the exam results speak for themselves",
         "we will not close a single library this year", "parents were told nothing until the letters arrived"),
    ),
    Topic(
        "courts",
        ("the fraud trial", "the new sentencing code", "the court backlog", "the inquiry into the warehouse fire",
         "the appeal against the planning ruling", "the police body camera scheme", "the legal aid budget"),
        ("cases waiting two years for trial", "burglaries on the east side", "overcrowded cells", "witnesses who never testify",
         "thefts from parked cars"),
        ("recorded crime", "the court backlog", "the number of burglaries", "conviction rates", "prison places"),
        _COMMON_ACTIONS + (("appeal", "appealed"), ("adjourn", "adjourned"), ("prosecute", "prosecuted")),
        ("victims", "witnesses", "defendants", "shop owners", "night-time workers"),
        ("the justice minister", "a lawyer for the defendants", "the chief constable of {org}", "a spokesperson for {org}",
         "the chair of {org}", "a retired judge", "the prosecutor"),
        ("justice delayed is justice denied for every victim in {place}", "the evidence was never put before the jury",
         "we will appeal the ruling", "my client has always maintained his innocence", "{thing} will make the streets safer",
         "the backlog will be cleared by the end of next year", "the inquiry must be allowed to finish its work",
         "officers cannot be everywhere at once"),
    ),
    Topic(
        "environment",
        ("the river clean-up", "the ban on garden bonfires", "the new nature reserve", "the landfill extension",
         "the tree-planting programme", "the flood defence scheme", "the coastal erosion plan"),
        ("sewage in the river", "flooded basements", "dying fish in the estuary", "illegal dumping", "crumbling cliffs"),
        ("river pollution", "recycling rates", "the number of flood warnings", "bird counts", "air quality readings"),
        _COMMON_ACTIONS + (("protect", "protected"), ("dredge", "dredged"), ("plant", "planted")),
        ("anglers", "residents near the river", "dog walkers", "volunteers", "homeowners on the coast"),
        ("the environment minister", "a volunteer with {org}", "the director of {org}", "an ecologist at {org}",
         "the chair of {org}", "a local fisherman"),
        ("the river was full of salmon when I was a boy", "{thing} will protect a thousand homes from flooding",
         "we will plant ten thousand trees before the end of the decade", "the company has been fined and nothing has changed",
         "the sea does not wait for a planning decision", "the figures are worse than anyone predicted",
         "volunteers have done the work the council should have done", "{place} deserves clean water"),
    ),
    Topic(
        "business",
        ("the factory closure", "the new distribution centre", "the minimum wage rise", "the takeover bid",
         "the high street rent relief", "the port expansion", "the four-day week trial"),
        ("empty shops on the high street", "job losses at the factory", "late payments to suppliers", "rising energy costs",
         "a shortage of warehouse workers"),
        ("unemployment", "retail sales", "the number of business closures", "average wages", "exports from the port"),
        _COMMON_ACTIONS + (("hire", "hired"), ("close", "closed"), ("relocate", "relocated")),
        ("shop owners", "factory workers", "suppliers", "delivery drivers", "young job seekers"),
        ("the business minister", "the chief executive of {company}", "a spokesperson for {company}", "the president of {org}",
         "a union representative at {company}", "an economist at the University of {place}", "a cafe owner"),
        ("the factory has been the heart of {place} for sixty years", "we will create three hundred jobs in the first year",
         "small shops cannot survive another rent rise", "{thing} is good news for {group}",
         "the workers found out from the newspaper", "we expect sales to recover by the summer",
         "the takeover would put profits before people", "nobody is closing anything this year"),
    ),
    Topic(
        "budget",
        ("the council budget", "the new parking charge", "the property tax rise", "the library funding",
         "the audit of the stadium contract", "the spending review", "the pay rise for council staff"),
        ("cuts to street cleaning", "rising council tax", "overspending on consultants", "closed public toilets",
         "unrepaired street lights"),
        ("council tax", "the budget deficit", "spending on consultants", "reserves", "parking revenue"),
        _COMMON_ACTIONS + (("cut", "cut"), ("raise", "raised"), ("audit", "audited")),
        ("ratepayers", "council staff", "residents", "pensioners", "local charities"),
        ("the mayor of {place}", "the leader of the opposition on {org}", "the chair of {org}", "a spokesperson for {org}",
         "the finance director of {org}", "an independent councillor"),
        ("we have balanced the books without closing a single library", "{thing} is a tax on people who can least afford it",
         "the council spent more on consultants than on street lights", "every penny will be accounted for",
         "we will publish the audit in full", "residents of {place} are paying more and getting less",
         "the reserves are there for a rainy day and it is raining", "there will be no rise in council tax this year"),
    ),
    Topic(
        "farming",
        ("the drought relief fund", "the new fishing quota system", "the dairy price deal", "the ban on hedge cutting",
         "the farmers' market", "the grain export contract", "the irrigation scheme"),
        ("the dry summer", "falling milk prices", "flooded fields", "empty fishing nets", "the rising cost of feed"),
        ("grain yields", "milk prices", "the fish catch", "farm incomes", "rainfall"),
        _COMMON_ACTIONS + (("irrigate", "irrigated"), ("export", "exported"), ("subsidise", "subsidised")),
        ("farmers", "fishermen", "dairy producers", "seasonal workers", "market traders"),
        ("the agriculture minister", "a dairy farmer near {place}", "the president of {org}", "a spokesperson for {org}",
         "the chair of {org}", "a trawler skipper"),
        ("we have not seen a summer this dry in forty years", "{thing} comes too late for most of us",
         "the quotas were set by people who have never been to sea", "milk is cheaper than bottled water",
         "we will pay the first grants before the harvest", "young people will not farm for these prices",
         "the market brings the whole of {place} together", "nobody is listening to the people who grow the food"),
    ),
)

#: Words a drifted quote swaps (either way): a word changed, the rest verbatim.
DRIFT_SWAPS: dict[str, str] = {
    "will": "would", "not": "never", "every": "each", "nobody": "no one", "must": "should", "cannot": "can't",
    "should": "must", "best": "biggest", "heart": "soul", "warned": "said", "full": "part", "first": "main",
    "good": "great", "wrong": "worst", "years": "decades", "before": "by", "more": "less", "two": "three",
    "ten": "twenty", "four": "five", "twelve": "ten", "forty": "thirty", "sixty": "fifty", "hundred": "thousand",
    "wages": "pay", "jobs": "posts", "homes": "houses", "money": "cash", "plan": "scheme", "staff": "workers",
}

#: Clauses a drifted quote gains at its end.
DRIFT_ADDITIONS: tuple[str, ...] = (
    "that is not going to change", "whatever the ministers say", "we will say it again",
    "everybody knows it", "we have the figures to prove it", "whatever happens next week",
)

"""The 14 persuasion techniques of SemEval-2020 Task 11, explained in plain language.

Names are spelled exactly as in the task (they are the labels of the ``techniques`` layer
and of the SemEval export). Definitions and examples are our own writing; the examples are
invented sentences, not quotations. Used by the HTML report's legend and by
``newsprobe techniques list``. Standard library only.
"""

from __future__ import annotations

from typing import Any

_ENTRIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "Appeal_to_Authority",
        "Appeal to authority",
        "Claims that something is true because an expert, official or famous person says so, "
        "with no other evidence offered. Citing experts is normal reporting; it becomes a technique "
        "when the authority's word is meant to settle the question by itself, or when the authority "
        "is not an expert on the matter.",
        "\u201cThe plan will fail,\u201d said the former minister, and that should be the end of the debate.",
    ),
    (
        "Appeal_to_fear-prejudice",
        "Appeal to fear or prejudice",
        "Tries to win support for an idea by making the reader afraid of the alternative, or by "
        "playing on existing prejudice against a group. The emotion does the work that reasons "
        "should do.",
        "If this bill passes, criminals will be roaming every street in your town by Christmas.",
    ),
    (
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon / guilt by association",
        "Two related moves: urging the reader to join in because \u201ceveryone\u201d already does "
        "(bandwagon), or rejecting an idea because a hated group or person is said to support it "
        "(reductio ad hitlerum).",
        "Millions of families have already switched; only the stubborn are left. And who else liked this policy? Dictators.",
    ),
    (
        "Black-and-White_Fallacy",
        "Black-and-white fallacy",
        "Presents two options as the only possible ones when more exist, so that rejecting one "
        "seems to force the other. Dictatorship-style versions tell the reader exactly which "
        "option to take.",
        "Either we close the border tomorrow or we give up on having a country at all.",
    ),
    (
        "Causal_Oversimplification",
        "Causal oversimplification",
        "Blames a complex outcome on a single cause, or assumes that because one thing followed "
        "another, the first caused the second.",
        "Prices went up the week the new mayor took office, so the mayor is why your groceries cost more.",
    ),
    (
        "Doubt",
        "Casting doubt",
        "Questions the credibility of a person or institution, often by insinuation rather than "
        "evidence, so the reader stops trusting them.",
        "Can we really believe a committee that has been wrong before?",
    ),
    (
        "Exaggeration,Minimisation",
        "Exaggeration or minimisation",
        "Makes something seem far bigger, better or worse than it is, or shrinks a serious matter "
        "into something trivial.",
        "The so-called scandal was nothing more than a clerical hiccup, while their proposal is the worst disaster in history.",
    ),
    (
        "Flag-Waving",
        "Flag-waving",
        "Justifies an idea by appeal to group identity or patriotism (the nation, the party, the "
        "faith), so that opposing it feels like betraying the group.",
        "Any true patriot knows that supporting this plan is our duty to the nation.",
    ),
    (
        "Loaded_Language",
        "Loaded language",
        "Uses words and phrases with strong emotional colour to sway the reader, where neutral "
        "words would say the same thing.",
        "The council rammed through its outrageous scheme in a shameful midnight vote.",
    ),
    (
        "Name_Calling,Labeling",
        "Name-calling / labelling",
        "Attaches a label the audience fears, hates or (sometimes) loves to a person or group, so "
        "that the label replaces an argument.",
        "The clueless bureaucrats and their radical cheerleaders have struck again.",
    ),
    (
        "Repetition",
        "Repetition",
        "Repeats the same word, phrase or message again and again so that it sticks and starts "
        "to feel true.",
        "This is a rigged process. Rigged from the start, rigged in the middle, rigged at the end.",
    ),
    (
        "Slogans",
        "Slogans",
        "A short, punchy phrase, often a rallying cry or label, that stands in for an argument "
        "and is easy to repeat.",
        "Hands off our harbour!",
    ),
    (
        "Thought-terminating_Cliches",
        "Thought-terminating clich\u00e9",
        "A stock phrase that discourages further thinking about a question by making it seem "
        "settled or not worth discussing.",
        "It is what it is, and that's all there is to say about the layoffs.",
    ),
    (
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism / straw man / red herring",
        "Deflects from the point: answering criticism with a counter-accusation (whataboutism), "
        "attacking a distorted version of the opponent's view (straw man), or changing the "
        "subject to something irrelevant (red herring).",
        "They complain about our spending, but what about the money they wasted ten years ago?",
    ),
)

#: Technique name (as in SemEval-2020 Task 11) -> ``{"name", "short", "definition", "example"}``.
CATALOG: dict[str, dict[str, str]] = {
    name: {"name": name, "short": short, "definition": definition, "example": example}
    for name, short, definition, example in _ENTRIES
}

#: The 14 labels in the task's (alphabetical) order.
TECHNIQUES: tuple[str, ...] = tuple(CATALOG)


def catalog_json() -> list[dict[str, Any]]:
    """The catalog as a JSON-ready list, in label order."""
    return [dict(CATALOG[name]) for name in TECHNIQUES]

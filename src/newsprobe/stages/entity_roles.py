"""Role words the entities stage reads before a person's name (moved here from ``entity_labels``
and ``entity_surnames`` in version 47, when the first began to read the second's list too)."""

#: Role words the tagger takes into a person's name as a title ("Supervisor Ana Ruiz", "Rabbi Ana
#: Ruiz"). Honorifics that the name cleaning strips anyway ("Mr.", "Senator") are not needed here.
TITLE_WORDS = frozenset(
    """supervisor treasurer secretary founder co-founder cofounder chairman chairwoman chair director
    commissioner councilman councilwoman councillor councilor alderman alderwoman assemblyman
    assemblywoman delegate representative rabbi pastor reverend bishop cardinal imam moderator coach
    detective officer sergeant lieutenant captain deputy sheriff chief inspector trooper chancellor
    ambassador minister premier vice executive editor anchor host professor attorney general
    spokesman spokeswoman spokesperson trustee principal superintendent nurse""".split()
)

#: Role words right before a full name that show it is a person's (entities version 44): the
#: title words, and common roles news writes in lower case before a name ("defence lawyer [Name]")
#: or capitalised when a sentence opens with them ("Organiser [Name] said", version 47).
ROLE_WORDS = TITLE_WORDS | frozenset(
    """lawyer prosecutor counsel judge solicitor barrister advocate manager teacher worker resident student
    doctor surgeon farmer owner analyst economist scientist researcher activist organiser organizer
    driver pilot engineer player striker goalkeeper midfielder defender actor actress singer writer
    author novelist journalist reporter photographer historian mother father son daughter
    wife husband sister brother widow neighbour neighbor colleague""".split()
)

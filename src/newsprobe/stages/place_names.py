"""Names of countries and of US states, for the entities stage: the small English model
tags some of them as people or organisations ("Antigua" PERSON, "Belarus" ORG), and every
later mention then followed the wrong kind. Lower case, as written in English news; a name
that is also a common first name ("Georgia", "Jordan", "Chad") is left out, because there the
tagger's PERSON may be right."""

#: One-word names of sovereign states, a few territories and the parts of the United Kingdom.
COUNTRIES = frozenset(
    """afghanistan albania algeria andorra angola antigua barbuda argentina armenia australia austria
    azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
    herzegovina botswana brazil brunei bulgaria burundi cambodia cameroon canada colombia comoros congo
    croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia
    fiji finland france gabon gambia germany ghana greece grenada guatemala guinea guinea-bissau guyana
    haiti honduras hungary iceland india indonesia iran iraq ireland italy jamaica japan kazakhstan kenya
    kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania
    luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia
    moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands
    holland nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines
    poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia
    slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand
    togo tonga trinidad tobago tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan
    vanuatu venezuela vietnam yemen zambia zimbabwe britain england scotland wales greenland macau
    gibraltar bermuda""".split()
)

#: Names of more than one word.
MULTI_WORD_PLACES = frozenset(
    (
        "antigua and barbuda", "bosnia and herzegovina", "burkina faso", "cape verde", "central african republic",
        "costa rica", "czech republic", "dominican republic", "east timor", "el salvador", "equatorial guinea",
        "ivory coast", "marshall islands", "new zealand", "north korea", "north macedonia", "papua new guinea",
        "saint lucia", "san marino", "saudi arabia", "sierra leone", "solomon islands", "south africa",
        "south korea", "south sudan", "sri lanka", "trinidad and tobago", "united arab emirates",
        "united kingdom", "united states", "great britain", "northern ireland", "puerto rico", "hong kong",
        "new york", "new jersey", "new mexico", "new hampshire", "north carolina", "south carolina",
        "north dakota", "south dakota", "west virginia", "rhode island",
    )
)

#: US states whose names are not also common first names.
US_STATES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
    illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
    vermont wisconsin wyoming""".split()
)

#: Every place name above, lower case, one entry per whole name.
PLACE_NAMES = COUNTRIES | MULTI_WORD_PLACES | US_STATES

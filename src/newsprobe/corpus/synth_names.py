"""Word banks for synthetic corpora: invented people, places, organisations and outlets.

Every name here is made up for newsprobe's synthetic corpora (``corpus/synth.py``); any
likeness to a real person, town or outlet is chance. People are composed from a first name
and a surname, organisations from a place and a kind of body, so a corpus of 100,000
articles has tens of thousands of distinct people and bodies.
"""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = (
    "Maria", "Daniel", "Aisha", "Tomas", "Helena", "Marcus", "Ingrid", "Samuel", "Lucia", "Oskar",
    "Priya", "Jonas", "Amara", "Felix", "Rosa", "Viktor", "Nadia", "Elliot", "Clara", "Rafael",
    "Sofia", "Benedict", "Leila", "Hugo", "Marta", "Gideon", "Yasmin", "Anton", "Irene", "Mateo",
    "Greta", "Kwame", "Elena", "Bruno", "Farah", "Lorenzo", "Agnes", "Tobias", "Mirela", "Ruben",
    "Selma", "Caspar", "Noor", "Emil", "Beatrice", "Dmitri", "Ottilie", "Kenji", "Lydia", "Idris",
    "Paloma", "Stellan", "Halima", "Cyrus", "Wilhelmina", "Teodor", "Zainab", "Ambrose", "Ines", "Leopold",
    "Annika", "Desmond", "Thea", "Florian", "Esther", "Malik", "Vera", "Linus", "Celeste", "Ansel",
    "Juno", "Rowan", "Imogen", "Soren", "Delphine", "Arjun", "Magda", "Corin", "Odile", "Piet",
)

SURNAMES: tuple[str, ...] = (
    "Ortega", "Kovac", "Lindqvist", "Mbeki", "Varga", "Okafor", "Halloran", "Petrov", "Ferreira", "Nakamura",
    "Brandt", "Castellano", "Adeyemi", "Sorensen", "Marchetti", "Quayle", "Dufresne", "Abernathy", "Ilves", "Moreau",
    "Szabo", "Whitcombe", "Rahimi", "Delacroix", "Tanaka", "Oyelaran", "Bergstrom", "Vasquez", "Kowalczyk", "Ashdown",
    "Novak", "Haddad", "Engstrom", "Caruso", "Mwangi", "Fairbairn", "Lachance", "Petrescu", "Osei", "Vandermeer",
    "Albescu", "Grimaldi", "Thorne", "Yilmaz", "Mansour", "Kirkby", "Esposito", "Lindgren", "Obradovic", "Carvalho",
    "Strand", "Holmqvist", "Achebe", "Fontaine", "Ruskin", "Baptiste", "Ekwueme", "Dragomir", "Lockhart", "Sauvage",
    "Brennan", "Ivanova", "Kaminski", "Olsen", "Markovic", "Soto", "Pellegrini", "Hartley", "Aguilar", "Radu",
    "Nygaard", "Ferraro", "Kimura", "Bellamy", "Mendoza", "Tarkington", "Valdez", "Ostrowski", "Keane", "Zoller",
    "Amsel", "Corcoran", "Dunleavy", "Galloway", "Hemsworth", "Iversen", "Jovanovic", "Kellerman", "Lundberg", "Maddox",
)

#: Invented towns and cities (never a surname above).
PLACES: tuple[str, ...] = (
    "Corvale", "Brenmouth", "Ashgrove", "Tallis Bay", "Marrowfield", "Kelby", "Dunmere", "Port Elsin",
    "Wexcombe", "Linford Cross", "Ravensholt", "Orrinford", "Saltby", "Greyhaven", "Emberton", "Fallowmere",
    "Quillan", "Harwick Vale", "Stonemarsh", "Tern Harbour", "Alderby", "Cresswold", "Norvain", "Pellham Ridge",
    "Westmarch", "Bramcote Hill", "Ivybridge Down", "Sallowfield", "Cinderford Vale", "Mossley End", "Rookhaven",
    "Thistlecombe", "Varden", "Wickenholt", "Yarrowby", "Zennor Point", "Oldcastle Moor", "Lowmere", "Duncaster",
    "Hollin Bay", "Kestrel Point", "Farrowmouth", "Glenvarra", "Heathmoor", "Juniper Falls", "Larkspur",
)

#: Invented regions ("the Calder region").
REGIONS: tuple[str, ...] = (
    "Calder", "North Vessary", "Ambleshire", "Southern Lakes", "Orrin Valley", "Marl Coast", "Eastfold",
    "Greymoor", "Tamsin Delta", "Westerhold",
)

#: Kinds of public bodies; an organisation is "the <Place> <kind>".
BODY_KINDS: dict[str, tuple[str, ...]] = {
    "transport": ("Transit Authority", "Rail Partnership", "Port Authority", "Cyclists' Association", "Bus Company"),
    "housing": ("Housing Association", "Tenants' Union", "Planning Board", "Landlords' Federation", "Building Society"),
    "health": ("Health Trust", "General Hospital", "Nurses' Council", "Patients' Forum", "Ambulance Service"),
    "energy": ("Energy Cooperative", "Grid Company", "Water Board", "Climate Commission", "Power Station"),
    "education": ("School Board", "Teachers' Union", "Parents' Association", "College", "Education Office"),
    "courts": ("District Court", "Police Service", "Bar Association", "Prison Service", "Legal Aid Centre"),
    "environment": ("Rivers Trust", "Wildlife Society", "Forestry Commission", "Clean Air Campaign", "Coastal Agency"),
    "business": ("Chamber of Commerce", "Small Business Forum", "Workers' Union", "Trade Council", "Savings Bank"),
    "budget": ("District Council", "City Council", "Audit Office", "Finance Committee", "Ratepayers' Association"),
    "farming": ("Farmers' Union", "Grain Cooperative", "Market Board", "Fisheries Council", "Dairy Cooperative"),
}

#: Invented companies.
COMPANIES: tuple[str, ...] = (
    "Velmora Foods", "Brightline Logistics", "Kestrel Energy", "Halvard Construction", "Orison Telecom",
    "Tamber Steel", "Glasswing Software", "Northwind Freight", "Copperleaf Pharmaceuticals", "Mariner Shipping",
    "Fenwick Insurance", "Luma Textiles", "Stoneway Cement", "Bluecrest Water", "Averly Motors", "Quarry Hill Mining",
)

#: Invented outlets: (name, domain). Every name has an outlet word (Ledger, Courier, ...), as
#: ``stages/stories.py`` wants of a dateline's source.
OUTLETS: tuple[tuple[str, str], ...] = (
    ("Harbor Ledger", "harborledger.example"),
    ("Northfield Courier", "northfieldcourier.example"),
    ("Calder Valley Times", "caldervalleytimes.example"),
    ("Brightwater Post", "brightwaterpost.example"),
    ("Eastmoor Gazette", "eastmoorgazette.example"),
    ("Lakeshore Herald", "lakeshoreherald.example"),
    ("Pinecrest Chronicle", "pinecrestchronicle.example"),
    ("Westbrook Tribune", "westbrooktribune.example"),
    ("Saltmarsh Observer", "saltmarshobserver.example"),
    ("Granton Daily News", "grantondaily.example"),
    ("Ashby Monitor", "ashbymonitor.example"),
    ("Kestrel Press Agency", "kestrelpress.example"),
    ("Meridian Journal", "meridianjournal.example"),
    ("Holloway Review", "hollowayreview.example"),
    ("Silverton Telegraph", "silvertontelegraph.example"),
    ("Coldwater Report", "coldwaterreport.example"),
    ("Oakhaven Media", "oakhavenmedia.example"),
    ("Regional Wire Service", "regionalwire.example"),
    ("Marl Coast Radio", "marlcoastradio.example"),
    ("Vessary Online", "vessaryonline.example"),
)

#: Outlets whose posts stitch other outlets' stories under an opinion paragraph.
BLOGS: tuple[tuple[str, str], ...] = (
    ("The Lantern Blog", "lanternblog.example"),
    ("Plain Speaking Daily", "plainspeaking.example"),
    ("Common Ground Network", "commonground.example"),
    ("The Back Bench Blog", "backbench.example"),
)

#: Section names for a site's navigation bar.
SECTIONS: tuple[str, ...] = (
    "Home", "News", "Local", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Travel", "Science",
    "Health", "Education", "Letters", "Obituaries", "Podcasts", "Video", "Puzzles", "Archive", "Jobs",
)

WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)

"""Words and sentence shapes for generated news copy.

Sentences are assembled from these lists by a seeded random generator, so the same seed
always gives the same text. The frequency of `COMMON_TERM` is set by its weight among the
subjects; `RARE_TERM` appears only in a sentence added to a small share of articles.
"""

COMMON_TERM = "government"
RARE_TERM = "hydrofoil"

# (subject, weight): "The government" is weighted so that roughly a third of the articles
# mention the common term at least once.
SUBJECTS = [
    ("The ministry", 6), ("Officials", 8), ("The central bank", 4), ("Analysts", 6),
    ("Residents", 5), ("The committee", 4), ("Opposition leaders", 4), ("The company", 6),
    ("Investors", 4), ("Police", 4), ("Health authorities", 3), ("The prime minister", 4),
    ("Local officials", 5), ("Union representatives", 3), ("Researchers", 4), ("The court", 3),
    ("Lawmakers", 4), ("Environmental groups", 3), ("Farmers", 3), ("The regulator", 3),
    ("Diplomats", 4), ("The mayor's office", 3), ("A spokesperson", 5), ("Economists", 4),
    ("Shipping companies", 2), ("Organisers", 3), ("The board", 3), ("Teachers", 2),
    ("Emergency services", 3), ("The finance minister", 3), ("Airport operators", 2),
    ("The electoral commission", 2), ("Hospital managers", 2), ("Energy companies", 3),
    ("The government", 1),
]  # fmt: skip

REPORTING_VERBS = [
    "said", "announced", "warned", "confirmed", "denied", "expected", "reported", "estimated",
    "argued", "agreed", "noted", "insisted", "suggested", "acknowledged", "predicted",
]  # fmt: skip

ADJECTIVES = [
    "new", "revised", "annual", "proposed", "regional", "national", "temporary", "long-term",
    "joint", "emergency", "disputed", "delayed", "expanded", "local", "federal", "municipal",
    "cross-border", "digital", "public", "private", "first", "second", "final", "interim",
    "controversial", "ambitious", "modest", "record", "planned", "agreed", "special", "costly",
    "initial", "updated", "overdue", "independent", "seasonal", "urgent", "formal", "fresh",
]  # fmt: skip

NOUNS = [
    "budget", "agreement", "investigation", "programme", "deal", "plan", "reform", "strategy",
    "contract", "election", "framework", "project", "tariff", "subsidy", "policy", "report",
    "inquiry", "ceasefire", "treaty", "licence", "tender", "review", "settlement", "ban",
    "levy", "census", "audit", "merger", "pipeline", "railway", "bridge", "harbour", "vaccine",
    "curriculum", "strike", "blockade", "referendum", "loan", "survey", "forecast", "dam",
    "runway", "reactor", "corridor", "quota", "pension", "wage", "satellite", "summit", "tunnel",
    "market", "exhibition", "festival", "tournament", "stadium", "ferry", "highway", "grid",
    "airport", "clinic",
]  # fmt: skip

MODALS = ["would", "could", "might", "will", "should", "is expected to", "is set to"]

ACTIONS = [
    "expand", "delay", "review", "approve", "reduce", "increase", "reopen", "suspend", "finance",
    "support", "replace", "extend", "cancel", "restore", "overhaul", "accelerate", "limit",
    "protect", "modernise", "simplify", "strengthen", "relocate", "complete", "test",
    "challenge", "renegotiate", "publish", "investigate", "halt", "resume", "double", "cut",
    "stabilise", "monitor", "open", "close", "upgrade", "inspect", "fund", "debate",
]  # fmt: skip

OBJECTS = [
    "border crossings", "fuel prices", "public transport", "the water supply", "school meals",
    "grain exports", "the power grid", "housing projects", "rural clinics", "port capacity",
    "steel imports", "tourist visas", "the night train", "coastal defences", "broadband access",
    "small businesses", "the fishing fleet", "wind farms", "cargo flights", "the old bridge",
    "hospital wards", "irrigation channels", "customs checks", "the rail link", "bus routes",
    "research grants", "forest patrols", "solar panels", "cross-border trade", "the harbour",
    "the city centre", "mining permits", "export licences", "flood barriers", "the metro line",
    "tax relief", "the housing market", "wheat stocks", "the airport terminal", "refugee camps",
]  # fmt: skip

TIMES = [
    "next month", "by the end of the year", "on Monday", "on Tuesday", "on Wednesday",
    "on Thursday", "on Friday", "over the weekend", "within weeks", "before the winter",
    "this spring", "next year", "in the coming days", "after the holidays", "by March",
    "later this week", "before the summer", "within two years", "in the autumn", "by 2030",
]  # fmt: skip

CONNECTORS = [
    "Meanwhile,", "However,", "In addition,", "Earlier,", "At the same time,", "Separately,",
    "Last year,", "According to the statement,", "In a separate move,", "Previously,",
]  # fmt: skip

PLACE_SENTENCES = [
    "In {place}, officials said the measures would take effect {time}.",
    "Talks in {place} were expected to {action} {object} {time}.",
    "Residents of {place} said they had not been consulted about the {noun}.",
    "The delegation travelled to {place} to discuss the {adjective} {noun}.",
    "Authorities in {place} said the {noun} would {action} {object}.",
    "Officials from {place} attended the meeting on the {adjective} {noun}.",
    "Traders in {place} reported little change {time}.",
    "The announcement was welcomed in {place}, where the {noun} had been delayed.",
]  # fmt: skip

HEADLINES = [
    "{place} to {action} {object}",
    "{place} Agrees {adjective} {noun} After Long Talks",
    "{place} Delays {noun} Amid Dispute Over Costs",
    "Officials in {place} Move to {action} {object}",
    "{place} Unveils {adjective} {noun} for {object}",
    "Protests in {place} Over Plans to {action} {object}",
    "{place} Signs {noun} to {action} {object}",
    "{place} Reports Record Demand for {object}",
]  # fmt: skip

UNPLACED_HEADLINES = [
    "{subject} Plan to {action} {object}",
    "{adjective} {noun} Expected to {action} {object}",
    "Debate Grows Over {adjective} {noun}",
]  # fmt: skip

RARE_SENTENCE = (
    "A prototype " + RARE_TERM + " ferry completed sea trials, the operator said, and could "
    "enter service {time}."
)

FIRST_NAMES = [
    "Anna", "David", "Maria", "Ahmed", "Li", "Sofia", "James", "Olga", "Carlos", "Yuki",
    "Fatima", "Peter", "Aisha", "Lukas", "Elena", "Kwame", "Priya", "Tomas", "Nadia", "Ravi",
]  # fmt: skip

LAST_NAMES = [
    "Lee", "Novak", "Garcia", "Haddad", "Wang", "Petrova", "Brown", "Ivanova", "Silva",
    "Tanaka", "Okafor", "Schmidt", "Khan", "Rossi", "Dubois", "Mensah", "Sharma", "Kowalski",
    "Nielsen", "Costa",
]  # fmt: skip

# (name, slug) of editorial sections, with a weight for how often articles are filed there.
SECTIONS = [
    ("World", "world", 20), ("Politics", "politics", 14), ("Business", "business", 14),
    ("Sport", "sport", 10), ("Science", "science", 6), ("Technology", "technology", 7),
    ("Health", "health", 6), ("Culture", "culture", 5), ("Environment", "environment", 6),
    ("Opinion", "opinion", 3), ("Transport", "transport", 4), ("Energy", "energy", 5),
]  # fmt: skip

# (name, slug, kind, ISO country, domain, language, weight)
SOURCES = [
    ("Continental Press", "continental-press", "agency", "GB", "contipress.example", "en", 20),
    ("Meridian News Agency", "meridian", "agency", "FR", "meridian.example", "en", 14),
    ("Atlantic Wire", "atlantic-wire", "agency", "US", "atlanticwire.example", "en", 14),
    ("Pacific Daily", "pacific-daily", "newspaper", "AU", "pacificdaily.example", "en", 5),
    ("Northern Courier", "northern-courier", "newspaper", "NO", "courier.example", "en", 3),
    ("Andes Report", "andes-report", "online", "PE", "andesreport.example", "en", 3),
    ("Sahel Observer", "sahel-observer", "newspaper", "SN", "sahelobserver.example", "en", 2),
    ("Danube Post", "danube-post", "newspaper", "AT", "danubepost.example", "en", 3),
    ("Gulf Business Review", "gulf-business", "online", "AE", "gulfbiz.example", "en", 3),
    ("Caucasus Today", "caucasus-today", "online", "AM", "caucasustoday.example", "en", 2),
    ("Baltic Broadcast", "baltic-broadcast", "broadcaster", "LV", "balticbc.example", "en", 2),
    ("Monsoon Times", "monsoon-times", "newspaper", "IN", "monsoontimes.example", "en", 6),
    ("Harbour Herald", "harbour-herald", "newspaper", "SG", "harbourherald.example", "en", 3),
    ("Rift Valley News", "rift-valley-news", "online", "KE", "riftvalley.example", "en", 2),
    ("Pampas Wire", "pampas-wire", "agency", "AR", "pampaswire.example", "en", 2),
    ("Maple Broadcasting", "maple-broadcasting", "broadcaster", "CA", "maplebc.example", "en", 4),
    ("Yangtze Economic Daily", "yangtze-daily", "newspaper", "CN", "yangtze.example", "en", 4),
    ("Rising Sun Wire", "rising-sun-wire", "agency", "JP", "risingsun.example", "en", 4),
    ("Adriatic Voice", "adriatic-voice", "broadcaster", "HR", "adriatic.example", "en", 2),
    ("Nile Bulletin", "nile-bulletin", "newspaper", "EG", "nilebulletin.example", "en", 2),
    ("Outback Radio", "outback-radio", "broadcaster", "AU", "outbackradio.example", "en", 2),
    ("Rhine Gazette", "rhine-gazette", "newspaper", "DE", "rhinegazette.example", "en", 4),
    ("Iberian Dispatch", "iberian-dispatch", "online", "ES", "iberian.example", "en", 3),
    ("Amazonia Noticias", "amazonia-noticias", "online", "BR", "amazonia.example", "pt", 3),
    ("Ministry Bulletin", "ministry-bulletin", "government", "FI", "bulletin.example", "en", 1),
    ("Steppe Monitor", "steppe-monitor", "online", "KZ", "steppemonitor.example", "en", 1),
    ("Island Wire", "island-wire", "agency", "NZ", "islandwire.example", "en", 2),
    ("Savanna Standard", "savanna-standard", "newspaper", "NG", "savanna.example", "en", 3),
]  # fmt: skip

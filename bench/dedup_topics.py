"""Topic material for the near-duplicate labelled set (bench/dedup_corpus.py).

Each topic has its cast (slot values), headline, lead and body templates and background
paragraphs. `[slot]` is filled once per story (numbers differ per story); `{a|b|c}` picks
one wording per use, so two stories on one topic share names and vocabulary but are
written differently, as two reporters would write them.
"""

NAMES = [
    "Lena Okafor", "Tomas Varga", "Mira Haddad", "Daniel Achterberg", "Priya Raman",
    "Kofi Mensah", "Ines Carvalho", "Yuki Tanabe", "Oskar Lindqvist", "Amara Diallo",
    "Rafael Quintero", "Hana Novak", "Samir Khoury", "Elena Petrova", "Jonas Brandt",
]  # fmt: skip

TOPICS = {
    "port-strike": {
        "city": ["Rotterdam", "Antwerp", "Gdansk", "Valencia", "Piraeus", "Genoa"],
        "group": ["the dockworkers' union", "the port workers' federation", "crane operators"],
        "company": ["Harbour Logistics", "BlueQuay Terminals", "North Sea Stevedoring"],
        "headlines": [
            "Port strike in [city] enters day [n]",
            "{Dockworkers|Port workers} in [city] {extend|widen} walkout over pay",
            "[city] port {paralysed|halted} as [group] {strike|walk out}",
            "Ships queue off [city] as {strike|stoppage} drags on",
        ],
        "leads": [
            "[group] {kept|held} the gates of the port of [city] {closed|shut} on [day], "
            "leaving [big] containers {stranded|stuck} on the quays, {officials said|the port "
            "authority said}.",
            "{Cargo handling|Work} at [city] {stopped|came to a halt} for a [nth] day on [day] "
            "as [group] {refused|declined} a [pct] percent pay offer from [company].",
        ],
        "sentences": [
            "At least [n] vessels were {waiting|anchored} offshore, according to [company].",
            "The {union|strikers} {demand|are asking for} a [pct] percent raise and limits on "
            "night shifts.",
            "Talks with the {employers|terminal operators} are {due|set} to {resume|restart} "
            "on [day2] in [city].",
            "{Shipping lines|Carriers} have {begun|started} diverting cargo to [city2].",
            "The port handled [big] containers last year, {making it|which makes it} one of "
            "the busiest in Europe.",
            "{Retailers|Importers} warned that shelves could {empty|run short} within [n] "
            "weeks if the {dispute|strike} {continued|went on}.",
            "[person], who {leads|heads} the negotiating team, said the offer {fell short|"
            "was not enough}.",
            "Police {reported|said there were} no incidents at the picket lines.",
        ],
        "background": [
            "Pay at the port has been frozen since [year], when a previous agreement expired "
            "without renewal and inflation eroded wages.",
            "The last major stoppage at the port lasted [n] days and cost operators an "
            "estimated [money] million euros.",
        ],
    },
    "wildfire": {
        "city": ["Kamloops", "Penticton", "Kelowna", "Prince George", "Williams Lake"],
        "group": ["firefighters", "the provincial wildfire service", "emergency crews"],
        "company": ["the regional district", "the wildfire service", "BC Hydro"],
        "headlines": [
            "Wildfire forces {evacuation|evacuations} near [city]",
            "{Crews|Firefighters} battle {blaze|fire} as [big] flee [city] area",
            "Fire near [city] {grows|spreads} to [big] hectares",
            "[city] residents told to {leave|evacuate} as fire {jumps|crosses} highway",
        ],
        "leads": [
            "{About|Some|Nearly} [big] people were ordered to leave their homes near [city] on "
            "[day] as a wildfire {spread|grew} to [big2] hectares, [company] said.",
            "[group] {fought|battled} a {fast-moving|wind-driven} fire north of [city] on [day] "
            "after it {doubled|grew} in size overnight.",
        ],
        "sentences": [
            "[n] aircraft and [n2] ground crew members were {assigned|deployed} to the fire.",
            "{Strong winds|Gusts} of up to [n] kilometres an hour {pushed|drove} the flames "
            "toward the highway.",
            "An evacuation centre opened at the [city] {arena|community centre}.",
            "[person], a {fire information officer|spokesperson for the service}, said "
            "conditions {would|could} worsen on [day2].",
            "No injuries {had been|were} reported by [day2] evening.",
            "Smoke {prompted|led to} an air quality warning for [city2].",
            "The cause of the fire was under investigation, {officials said|authorities said}.",
            "Residents of [n] properties remained on evacuation alert.",
        ],
        "background": [
            "The province recorded its worst fire season on record in [year], when more than "
            "two million hectares burned.",
            "A drought declared in the spring has left forests in the interior unusually dry.",
        ],
    },
    "election": {
        "city": ["Tbilisi", "Batumi", "Kutaisi", "Rustavi", "Zugdidi"],
        "group": ["the ruling party", "the opposition alliance", "the election commission"],
        "company": ["the central election commission", "observers from the OSCE"],
        "headlines": [
            "{Voters|Residents} in [city] {choose|elect} a new mayor",
            "[person] {claims|declares} victory in [city] mayoral vote",
            "Opposition {disputes|contests} result of [city] election",
            "Turnout {reaches|hits} [pct] percent in [city] municipal vote",
        ],
        "leads": [
            "[person] {won|took} [pct] percent of the vote in the [city] mayoral election on "
            "[day], according to {preliminary|early} results from [company].",
            "{Voters|Residents} in [city] {went to the polls|cast ballots} on [day] in a "
            "municipal election seen as a test for [group].",
        ],
        "sentences": [
            "Turnout was [pct2] percent, {down|up} from the last election.",
            "[person2], the {runner-up|main challenger}, said {her|his} campaign would "
            "{challenge|contest} the count in [n] districts.",
            "{Observers|Monitors} reported [n] complaints of irregularities at polling stations.",
            "The new council will {take office|be sworn in} on [day2].",
            "{Final|Official} results are expected within [n] days.",
            "[group] {won|secured} [n2] of the [big] council seats.",
            "{Campaigning|The campaign} focused on public transport and housing costs.",
            "Hundreds of supporters gathered in the centre of [city] on [day] evening.",
        ],
        "background": [
            "Municipal elections have drawn increased attention since a disputed "
            "parliamentary vote in [year] led to months of street protests.",
            "The city has been governed by the same party for the past [n] years.",
        ],
    },
    "earthquake": {
        "city": ["Izmir", "Malatya", "Van", "Erzincan", "Denizli"],
        "group": ["rescue teams", "the disaster agency", "volunteers"],
        "company": ["the disaster and emergency management agency", "the Kandilli observatory"],
        "headlines": [
            "Magnitude [mag] earthquake {strikes|hits} near [city]",
            "{Quake|Earthquake} {damages|shakes} buildings in [city]",
            "[n] hurt as {tremor|earthquake} rocks [city] province",
            "Rescuers search rubble after [city] quake",
        ],
        "leads": [
            "An earthquake of magnitude [mag] {struck|hit} [city] province on [day], "
            "{damaging|destroying} [n] buildings and injuring [n2] people, [company] said.",
            "[group] {searched|combed} collapsed buildings in [city] on [day] after a "
            "magnitude [mag] {quake|earthquake} {shook|rattled} the region.",
        ],
        "sentences": [
            "The {quake|earthquake} was centred [n] kilometres {east|south|north} of [city] at "
            "a depth of [n2] kilometres.",
            "[n] aftershocks {followed|were recorded} within hours.",
            "Schools in the province will {remain|stay} closed until [day2].",
            "[person], the provincial governor, said tents had been set up for [big] people.",
            "Residents spent the night {outdoors|in their cars} fearing {aftershocks|further "
            "tremors}.",
            "The tremor was felt as far away as [city2].",
            "Hospitals {treated|admitted} [n] people, [n2] of them in serious condition.",
            "Power was {cut|out} in several districts for {hours|much of the day}.",
        ],
        "background": [
            "The country sits on several major fault lines and earthquakes are frequent; a "
            "quake in [year] killed more than [big] people.",
            "Building codes were tightened after the [year] disaster, but enforcement remains "
            "uneven.",
        ],
    },
    "central-bank": {
        "city": ["Frankfurt", "Warsaw", "Prague", "Budapest", "Stockholm"],
        "group": ["the central bank", "rate-setters", "the monetary policy council"],
        "company": ["the central bank", "the statistics office"],
        "headlines": [
            "{Central bank|Rate-setters} {cut|lower} rates to [pct] percent",
            "[city] central bank {holds|keeps} rates {steady|unchanged} at [pct] percent",
            "{Inflation|Prices} {slows|eases} to [pct2] percent, {rate cut|cut} in view",
            "[person] signals {more cuts|further easing} as economy {slows|cools}",
        ],
        "leads": [
            "[group] in [city] {cut|lowered} its main interest rate by [bp] basis points to "
            "[pct] percent on [day], {citing|pointing to} slowing inflation.",
            "[group] {left|kept} borrowing costs unchanged at [pct] percent on [day], as "
            "{expected|forecast} by most economists.",
        ],
        "sentences": [
            "Annual inflation {slowed|eased} to [pct2] percent in [month], [company] said.",
            "[person], the {governor|bank's governor}, told reporters that further "
            "{cuts|moves} would depend on wage growth.",
            "[n] of the [n2] members voted for the decision.",
            "The currency {fell|weakened} [small] percent against the euro after the announcement.",
            "{Economists|Analysts} polled {beforehand|before the meeting} had expected "
            "{a cut|no change}.",
            "The bank {trimmed|lowered} its growth forecast for next year to [small] percent.",
            "The next rate-setting meeting is {scheduled|due} for [month].",
            "Government bond yields {dropped|fell} to their lowest since [year].",
        ],
        "background": [
            "The bank raised rates [n] times between [year] and the following year to tame "
            "the fastest inflation in a generation.",
            "Consumer prices rose sharply after energy costs surged, peaking above [n] percent.",
        ],
    },
    "border-talks": {
        "city": ["Yerevan", "Baku", "Tbilisi", "Brussels", "Geneva"],
        "group": ["the border commission", "the two delegations", "negotiators"],
        "company": ["the foreign ministry", "the government press office"],
        "headlines": [
            "Border commission meets in [city] for round [n] of talks",
            "{Negotiators|Delegations} {agree|sign off} on [n] kilometres of border",
            "{Talks|Negotiations} on frontier {stall|resume} in [city]",
            "[person] {hails|welcomes} progress on border {deal|demarcation}",
        ],
        "leads": [
            "[group] {met|convened} in [city] on [day] and {agreed|settled} the line of [n] "
            "kilometres of the frontier, [company] said.",
            "Talks on {delimiting|marking} the border {resumed|restarted} in [city] on [day] "
            "after a pause of [n] months, [company] said.",
        ],
        "sentences": [
            "[person], the deputy prime minister who leads the delegation, said the "
            "{meeting|session} had been {constructive|productive}.",
            "The next round is {planned|expected} in [city2] in [month].",
            "{Experts|Surveyors} will {begin|start} marking the agreed section on [day2].",
            "[n] villages lie along the section under discussion.",
            "{Diplomats|Officials} said a {draft|text} on transit routes was also discussed.",
            "The two sides exchanged maps dating from [year].",
            "[person2] said {disagreements|differences} remained over [n2] border posts.",
            "{Residents|Villagers} near the border have complained of {restricted|limited} "
            "access to their fields.",
        ],
        "background": [
            "The two countries fought wars over the territory in the 1990s and in [year], and "
            "have no diplomatic relations.",
            "The commission was set up in [year] under an agreement brokered by the European "
            "Union.",
        ],
    },
    "football": {
        "city": ["Porto", "Lisbon", "Braga", "Seville", "Bilbao"],
        "group": ["the home side", "the visitors", "the champions"],
        "company": ["the league", "the club"],
        "headlines": [
            "[city] {beat|defeat} rivals [score] to {go top|stay top}",
            "Late goal {earns|gives} [city] [score] {win|victory}",
            "[person] {scores twice|hits a double} as [city] {win|cruise}",
            "[city] {held|frustrated} in [score] draw",
        ],
        "leads": [
            "[person] {scored|struck} in the [minute]th minute as [city] {beat|won against} "
            "their rivals [score] on [day] {to move|and moved} [n] points clear at the top.",
            "[city] {dropped|lost} points at home on [day], {held|frustrated} to a [score] "
            "draw by a side [n] places below them in the table.",
        ],
        "sentences": [
            "A crowd of [big] watched the match at the {stadium|ground} in [city].",
            "[person2] was sent off {after|in} the [minute2]th minute for a second yellow card.",
            "The coach said {his|the} team had {lacked|shown little} sharpness after the "
            "international break.",
            "[city] {host|play} [city2] in the cup on [day2].",
            "The {goalkeeper|keeper} made [n] saves in the second half.",
            "{Injuries|Absences} in defence forced [n2] changes to the starting line-up.",
            "It was the club's [nth] {win|victory} in a row in all competitions.",
            "{Fans|Supporters} {unfurled|held up} a banner protesting ticket prices.",
        ],
        "background": [
            "The club last won the title in [year] and has not finished outside the top "
            "three since.",
            "The two clubs have met [big] times, with the home side winning slightly more often.",
        ],
    },
    "chip-exports": {
        "city": ["Taipei", "Hsinchu", "Seoul", "Kaohsiung", "Taichung"],
        "group": ["chipmakers", "exporters", "the finance ministry"],
        "company": ["the finance ministry", "the trade ministry", "the customs agency"],
        "headlines": [
            "Chip exports {jump|rise} [pct] percent in [month]",
            "{Demand|Orders} for AI servers {lift|boost} [city] exports",
            "Export {growth|orders} {beat|miss} forecasts on chip demand",
            "[city] {raises|lifts} export forecast as chip sales {surge|climb}",
        ],
        "leads": [
            "Exports {rose|climbed} [pct] percent {from a year earlier|year on year} in "
            "[month] to a record [money] billion dollars, [company] said on [day], "
            "{driven|led} by demand for chips used in artificial intelligence servers.",
            "Export orders {grew|increased} for a [nth] straight month in [month], "
            "[company] said on [day], {beating|topping} {forecasts|expectations}.",
        ],
        "sentences": [
            "{Economists|Analysts} polled {by Reuters|beforehand} had {forecast|expected} "
            "growth of [pct2] percent.",
            "Shipments to the United States rose [pct2] percent, while those to China "
            "{fell|slipped} [small] percent.",
            "[person], a {ministry official|senior official}, said growth {would|could} slow "
            "in the coming months {as|because} comparisons got tougher.",
            "Electronic components {made up|accounted for} [n] percent of the total.",
            "Imports {rose|increased} [small] percent, leaving a trade surplus of [money] "
            "billion dollars.",
            "The ministry {expects|forecast} exports in [month2] to grow between [n] and [n2] "
            "percent.",
            "{Shares|Stocks} of the largest chipmaker {rose|gained} [small] percent after the "
            "data.",
            "Tariff threats {weigh|weighed} on {orders|sentiment} for traditional goods.",
        ],
        "background": [
            "The island makes most of the world's most advanced chips, and demand from "
            "artificial intelligence has lifted its exports since [year].",
            "The export sector accounts for about [n] percent of the economy.",
        ],
    },
    "flood": {
        "city": ["Dhaka", "Sylhet", "Chittagong", "Rangpur", "Khulna"],
        "group": ["the army", "relief agencies", "local authorities"],
        "company": ["the disaster management ministry", "the flood forecasting centre"],
        "headlines": [
            "Floods {strand|cut off} [big] people in [city] region",
            "{Rivers|Rivers rise} {burst banks|overflow} after {days|a week} of rain near [city]",
            "[n] dead as floods {sweep|hit} [city]",
            "{Aid|Relief} {reaches|arrives in} flooded [city] villages",
        ],
        "leads": [
            "{Flooding|Floods} {triggered|caused} by [n] days of heavy rain {stranded|left "
            "marooned} [big] people in the [city] region by [day], [company] said.",
            "[group] {used|deployed} boats to reach villages around [city] on [day] as rivers "
            "{rose|swelled} above danger levels.",
        ],
        "sentences": [
            "[n] people {have died|were killed}, most of them by drowning or {landslides|"
            "lightning}.",
            "About [big2] homes were {submerged|under water}, {officials said|the ministry said}.",
            "[person], a {district official|local administrator}, said drinking water was "
            "running short.",
            "The {river|main river} was [small] metres above the danger mark at [city2].",
            "Forecasters {expect|predict} more rain until [day2].",
            "{Schools|Classrooms} have been turned into shelters for [big] families.",
            "Crops on [big3] hectares {were destroyed|were lost}, {threatening|endangering} "
            "the harvest.",
            "The government {released|allocated} [money] million taka for relief.",
        ],
        "background": [
            "The low-lying country is crossed by hundreds of rivers and floods every monsoon; "
            "those of [year] covered a third of its land.",
            "Scientists say a warming climate makes extreme rainfall in the region more frequent.",
        ],
    },
    "space-launch": {
        "city": ["Bengaluru", "Sriharikota", "Thiruvananthapuram", "Ahmedabad"],
        "group": ["the space agency", "mission controllers", "engineers"],
        "company": ["the space agency", "the mission team"],
        "headlines": [
            "{Rover|Lander} {touches down|lands} near lunar south pole",
            "[city] team {confirms|says} moon rover {healthy|working}",
            "Launch of {satellite|rocket} {delayed|postponed} by [n] days",
            "{Rocket|Launcher} {puts|places} [n] satellites into orbit",
        ],
        "leads": [
            "[group] said on [day] that its {rover|lander} had {travelled|driven} [n] metres "
            "on the moon and {sent back|returned} its first [n2] images.",
            "A rocket {carrying|with} [n] satellites {lifted off|blasted off} from "
            "[city] on [day], [company] said.",
        ],
        "sentences": [
            "[person], the mission director, said all instruments were {working|functioning} "
            "normally.",
            "The {mission|project} cost about [money] million dollars.",
            "The {rover|craft} will operate for [n] Earth days until lunar night {falls|sets in}.",
            "{Data|Readings} from the spectrometer {show|indicated} traces of sulphur.",
            "The launch had been {delayed|postponed} twice by bad weather.",
            "{Controllers|Engineers} in [city2] will {command|steer} the rover toward a "
            "crater [n2] metres away.",
            "The agency plans a crewed flight {before|by} [year2].",
            "{Crowds|Spectators} watched the launch from viewing galleries.",
        ],
        "background": [
            "The country became the [nth] to land on the moon, after a failed attempt in [year].",
            "The agency's budget has grown by a third over the past [n] years.",
        ],
    },
    "markets": {
        "city": ["Tokyo", "Hong Kong", "Sydney", "Singapore", "Mumbai"],
        "group": ["investors", "traders", "fund managers"],
        "company": ["the exchange", "brokers"],
        "headlines": [
            "[city] stocks {close|end} [dir] [pct] percent",
            "{Shares|Stocks} in [city] {rise|fall} as {yen|dollar} {moves|swings}",
            "[city] index {hits|touches} [nth]-month {high|low}",
            "{Tech|Bank} shares {lead|drag} [city] market",
        ],
        "leads": [
            "{Stocks|Shares} in [city] {closed|ended} [dir] [pct] percent on [day] at "
            "[index], with {technology|bank|export} shares {leading|driving} the move.",
            "The main index in [city] {finished|ended} the session [dir] [pct] percent on "
            "[day] as [group] {weighed|digested} {US rate signals|company earnings}.",
        ],
        "sentences": [
            "The broader index {moved|ended} [dir2] [pct2] percent.",
            "{Turnover|Volume} was [money] billion, {below|above} the [n]-day average.",
            "[person], a strategist at a local brokerage, said {sentiment|confidence} "
            "{remained|stayed} fragile.",
            "The {yen|currency} traded at [n] per dollar.",
            "{Shares|Stock} of the largest carmaker {rose|fell} [small] percent.",
            "[n] stocks advanced and [n2] declined.",
            "{Foreign|Overseas} investors were net {buyers|sellers} for a [nth] session.",
            "Oil prices {edged|moved} [dir2] in Asian trade.",
        ],
        "background": [
            "The index has gained about [n] percent this year, outpacing most regional markets.",
            "Stocks hit a record in [year] before falling back on worries about rates.",
        ],
    },
    "court-ruling": {
        "city": ["Strasbourg", "The Hague", "Luxembourg", "Karlsruhe", "Vienna"],
        "group": ["the court", "the judges", "the appeals chamber"],
        "company": ["the court", "lawyers for the claimants"],
        "headlines": [
            "Court in [city] {rules|finds} against government in [topic] case",
            "{Judges|Court} {uphold|overturn} ban on [topic]",
            "[person] {loses|wins} appeal at [city] court",
            "Ruling on [topic] {expected|due} in [month]",
        ],
        "leads": [
            "[group] in [city] {ruled|found} on [day] that the government had {violated|"
            "breached} the rights of [n] {claimants|applicants} in a case over [topic].",
            "{Judges|The judges} in [city] {upheld|overturned} a ban on [topic] on [day], "
            "{ending|closing} a legal battle that began in [year].",
        ],
        "sentences": [
            "The court {ordered|told} the state to pay [money] thousand euros in damages.",
            "[person], a lawyer for the claimants, called the ruling {historic|a landmark}.",
            "The decision {can|may} be appealed within [n] months.",
            "The {government|ministry} said it would study the judgment {carefully|closely}.",
            "The case was brought by [n2] residents and an environmental group.",
            "[n] of the [n3] judges {dissented|disagreed}.",
            "{Campaigners|Activists} gathered outside the court in [city] to hear the verdict.",
            "Similar cases are pending in [n] other countries.",
        ],
        "background": [
            "The court has ruled on [topic] before, most notably in [year], when it set limits "
            "that governments have since tested.",
            "Rulings of the court are binding on member states, although enforcement can take "
            "years.",
        ],
        "topic": ["air pollution", "surveillance", "asylum detention", "climate policy"],
    },
}

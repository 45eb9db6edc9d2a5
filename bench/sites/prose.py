"""Seeded news prose: headlines, standfirsts and bodies that read like local and world news.

Every story is built from word banks and sentence templates with one ``random.Random``
per site, so a site is the same on every run while each article has its own text.
Nothing here knows about HTML.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

FIRST = (
    "Maria Anna James Priya Tom Elena Samuel Grace Omar Hannah David Aisha Peter Lucy "
    "Daniel Fatima Robert Nora Kwame Ingrid Luis Chloe Martin Yusuf Helen Rafael Sophie "
    "George Mei Patrick Amara Victor Claire Tariq Joanna Felix Rosa Ben Alice Dmitri"
).split()
LAST = (
    "Garcia Okafor Lindqvist Patel Brennan Novak Thompson Haddad Whitfield Moreau "
    "Kowalski Achebe Fernandes Holloway Nakamura Ruiz Delaney Osei Castellano Byrne "
    "Eriksen Mbeki Sutherland Varga Quinlan Abernethy Tanaka Rahman Pereira Lund "
    "Ashworth Mensah Calloway Iqbal Duarte Fitzgerald Kaur Stroud Ivanova Blackwood"
).split()
LATIN_FIRST = "Zoë Renée Jürgen Björn André Inès Søren Françoise José Noël Mónica Hélène".split()
LATIN_LAST = "Müller Gödel Brontë Sørensen Lefèvre Ibáñez Núñez Schäfer Dufrêne Böhm".split()

TOWNS = (
    "Ashford Bridgeport Carrow Dunmore Eastleigh Fairhaven Glenwood Harlow Inverbay "
    "Kingsbridge Larkfield Millbrook Northgate Oakridge Portmere Queensferry Redhill "
    "Saltcombe Thornbury Upton Westmoor Yarrow"
).split()
STREETS = (
    "Market Street|Station Road|the High Street|Mill Lane|Harbour Road|Church Walk|"
    "Victoria Parade|the ring road|Quarry Hill|the old tannery site|Riverside Drive"
).split("|")
LATIN_PLACES = (
    "the Café Brünnhilde|the Zürich road|the Hôtel de Ville|the Münster bridge|"
    "the crèche on Mill Lane|the old brasserie façade"
).split("|")
COUNTRIES = (
    "France Germany Poland Kenya Brazil Japan Canada Norway Turkey Spain Italy Ghana "
    "Vietnam Mexico Chile Ireland Portugal Egypt Indonesia Austria"
).split()
CITIES = (
    "Brussels Geneva Vienna Nairobi Lisbon Warsaw Oslo Madrid Ankara Accra Jakarta Lima "
    "Santiago Dublin Prague Helsinki Athens Bogota Manila Rabat"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass
class Topic:
    name: str
    things: list[str]
    actions: list[str]  # infinitive phrases: "approve the plan"
    past: list[str]  # past-tense phrases: "approved the plan"
    orgs: list[str]
    roles: list[str]
    groups: list[str]
    concerns: list[str]
    headlines: list[str]
    sentences: list[str] = field(default_factory=list)


def _t(**kw) -> Topic:
    return Topic(
        **{k: (v.split("|") if isinstance(v, str) and k != "name" else v) for k, v in kw.items()}
    )


TOPICS: dict[str, Topic] = {
    "council": _t(
        name="council",
        things="the draft budget|the parking levy|the library review|the housing allocation plan|"
        "the harbour dredging contract|the waste collection tender|the council tax increase|"
        "the new licensing policy|the town centre masterplan|the allotments lease",
        actions="delay the vote on the budget|reopen the consultation|freeze council tax|"
        "sell the former depot|cut the opening hours of three libraries|borrow for the new "
        "leisure centre|scrap the parking levy|publish the full contract|hire forty more staff",
        past="voted eleven to seven in favour|deferred the decision to next month|approved the "
        "plan with two amendments|rejected the officers' recommendation|agreed to publish the "
        "figures|ordered an independent review|set aside a contingency fund",
        orgs="the borough council|the county cabinet|the planning committee|the finance "
        "scrutiny panel|the parish council|the regional assembly",
        roles="council leader|finance portfolio holder|opposition leader|chief executive|"
        "ward councillor|planning chair|mayor",
        groups="residents|shop owners|parents|tenants' associations|bus users|pensioners|"
        "allotment holders|community groups",
        concerns="the cost to households|a shortfall of several million pounds|the loss of "
        "green space|late-night noise|the state of the roads|rising rents|staff shortages",
        headlines="{Org} votes to {action}|Councillors {past_short} on {thing}|Row over {thing} "
        "deepens as {groups} protest|{Town} faces {concern} after {thing} delay|What the new "
        "{thing_bare} means for {groups}|{Role} defends {thing} amid criticism",
        sentences=[
            "Officers told the meeting that {thing} had been drawn up after months of talks "
            "with {groups}.",
            "The report before councillors warned of {concern} if nothing changed.",
            "A petition signed by {number} {groups} was handed in before the meeting began.",
            "Members spent almost {hours} hours debating the amendments.",
            "The final decision rests with full council, which meets on {weekday}.",
        ],
    ),
    "transport": _t(
        name="transport",
        things="the new bus routes|the rail timetable|the bridge closure|the cycle lane on "
        "{street}|the tram extension|the airport link|the ferry service|the night bus trial|"
        "the congestion charge|the station car park",
        actions="extend the night buses|reopen the bridge by spring|cut fares for under-25s|"
        "add two carriages at peak times|close the level crossing|restore the Sunday service|"
        "build a new interchange|review the speed limits",
        past="approved new bus routes|cancelled the Sunday trains|reopened the bridge to "
        "cyclists|announced a fare freeze|withdrew the late ferry|confirmed the tram funding",
        orgs="the transport authority|the rail operator|the bus company|the highways agency|"
        "the port authority|the regional transport board",
        roles="operations director|transport commissioner|union representative|passenger "
        "watchdog chair|highways engineer|station manager",
        groups="commuters|cyclists|bus passengers|taxi drivers|students|hauliers|families",
        concerns="longer journey times|overcrowded trains|missed connections|delays of up to "
        "forty minutes|the loss of rural services|unsafe junctions",
        headlines="{Org} {past_short}|Commuters face {concern} as {thing} changes|Plans to "
        "{action} move ahead|Why {thing} matters for {groups}|{Town} {thing_bare} to reopen "
        "after repairs",
        sentences=[
            "Figures from {org} show that punctuality fell to {percent} per cent last quarter.",
            "Drivers were advised to allow extra time on {street} while the works continue.",
            "The service carried about {number} passengers a week before the pandemic.",
            "Engineers found corrosion in {number2} of the supporting beams.",
        ],
    ),
    "sport": _t(
        name="sport",
        things="the derby|the cup replay|the relegation fight|the transfer window|the new "
        "stadium|the youth academy|the title race|the season opener",
        actions="sign a new striker|appeal the red card|extend the manager's contract|move "
        "the match to a neutral ground|build a new stand|bring back the captain",
        past="held on for a draw|came from two goals down|won on penalties|slipped to a home "
        "defeat|sealed promotion|completed the signing",
        orgs="the club|the league|the football association|the cricket board|the rowing club|"
        "the county side",
        roles="head coach|captain|goalkeeper|club chairman|sporting director|physio",
        groups="supporters|season-ticket holders|young players|local clubs|volunteers",
        concerns="a growing injury list|a points deduction|falling attendances|a thin squad|"
        "the cost of travel to away games",
        headlines="{Team} {past_short} against {Team2}|{Team} boss hails {groups} after "
        "{thing}|{Team} plan to {action}|Late drama as {Team} {past_short}|{Team2} eye "
        "{thing_bare} after win",
        sentences=[
            "{Team} had the better of the opening half hour, with {surname} twice forcing saves.",
            "The equaliser came in the {minute}th minute, a low shot that skidded past the keeper.",
            "A crowd of {number} braved the rain to watch the game.",
            "{Team2} finished with ten men after a second booking shortly after the break.",
            "The result leaves {Team} {ordinal} in the table with {number2} games to play.",
            '{surname} later said the dressing room had been "quiet but determined".',
        ],
    ),
    "business": _t(
        name="business",
        things="the factory expansion|the quarterly results|the takeover bid|the new "
        "distribution centre|the pay offer|the store closures|the energy contract|the "
        "export order",
        actions="create two hundred jobs|close its last high street branch|raise prices "
        "again|move production overseas|invest in a new plant|cut its dividend|recognise the "
        "union",
        past="reported a rise in profits|announced job cuts|accepted the takeover offer|won "
        "a major export order|raised its forecast|warned on profits",
        orgs="the manufacturer|the supermarket chain|the family-owned brewery|the logistics "
        "firm|the chamber of commerce|the regional bank",
        roles="chief executive|finance director|union organiser|economist|store manager|founder",
        groups="workers|shareholders|suppliers|small businesses|customers|farmers",
        concerns="higher energy bills|weaker demand|a shortage of skilled staff|rising "
        "interest rates|late payments|import costs",
        headlines="{Company} {past_short}|{Company} to {action}|{Groups} worried by "
        "{thing}|{Town} firm lands {thing_bare}|Inside {Company}'s plan to {action}",
        sentences=[
            "Revenue rose {percent} per cent to {money} in the twelve months to {month}.",
            "The company employs about {number} people across {number2} sites.",
            "Analysts had expected a weaker performance given {concern}.",
            "Shares closed {percent} per cent higher on {weekday}.",
        ],
    ),
    "health": _t(
        name="health",
        things="the new maternity unit|the waiting lists|the vaccination drive|the hospital "
        "car park charges|the mental health service|the GP surgery merger|the ambulance "
        "response times|the dental contract",
        actions="open the new ward by autumn|hire more nurses|close the walk-in centre|extend "
        "evening appointments|expand the screening programme|reduce waiting times",
        past="missed its waiting time target|opened a new clinic|suspended the service|"
        "recruited forty nurses|published its inspection report",
        orgs="the health trust|the hospital board|the care regulator|the public health team|"
        "the ambulance service|the patients' forum",
        roles="medical director|chief nurse|consultant|health campaigner|GP|paramedic",
        groups="patients|nurses|carers|expectant mothers|older people|junior doctors",
        concerns="long waits in the emergency department|a shortage of beds|staff burnout|"
        "delayed discharges|travel times for rural patients",
        headlines="{Org} {past_short}|Patients face {concern}|Plan to {action} welcomed by "
        "{groups}|What {thing} means for {groups}|{Role} warns of {concern}",
        sentences=[
            "The latest figures show {number} people waiting longer than a year for treatment.",
            "Inspectors rated the service as requiring improvement in {number2} areas.",
            "Patients were urged to use the pharmacy or the helpline for minor problems.",
        ],
    ),
    "environment": _t(
        name="environment",
        things="the flood defences|the river clean-up|the wind farm|the tree planting scheme|"
        "the air quality zone|the sewage discharges|the nature reserve|the drought order",
        actions="raise the flood wall|ban bonfires over the summer|plant ten thousand trees|"
        "monitor the river daily|fine the water company|protect the wetland",
        past="recorded the wettest month on record|issued a flood warning|found high levels "
        "of bacteria|approved the wind farm|declared a climate emergency",
        orgs="the environment agency|the water company|the wildlife trust|the met office|the "
        "national park authority|the river trust",
        roles="ecologist|hydrologist|forecaster|campaigner|farmer|ranger",
        groups="anglers|wild swimmers|farmers|homeowners near the river|birdwatchers",
        concerns="rising river levels|storm overflows|the loss of habitat|poor air quality|"
        "a hosepipe ban",
        headlines="{Org} {past_short}|{Town} braces for {concern}|Plan to {action} divides "
        "{groups}|Why {thing} failed last winter|{Groups} fight to save {thing_bare}",
        sentences=[
            "Rainfall in {month} was {percent} per cent above the long-term average.",
            "Volunteers collected {number} bags of litter from the banks in a single weekend.",
            "Sensors installed last year recorded {number2} overflow events.",
        ],
    ),
    "education": _t(
        name="education",
        things="the school merger|the new sixth form|the exam results|the free school meals "
        "scheme|the university strike|the teacher shortage|the school run road closure",
        actions="merge the two primary schools|build a new science block|extend free "
        "breakfast clubs|scrap the entrance exam|hire specialist maths teachers",
        past="recorded its best results|was placed in special measures|announced a strike|"
        "won funding for a new building|confirmed the merger",
        orgs="the academy trust|the education authority|the university|the teaching union|"
        "the governing body|the exams board",
        roles="head teacher|vice-chancellor|union rep|governor|education secretary|student "
        "president",
        groups="parents|pupils|teachers|students|governors|support staff",
        concerns="crumbling classrooms|falling rolls|larger class sizes|the cost of uniforms|"
        "long bus journeys",
        headlines="{Org} {past_short}|Parents angry over {thing}|School plans to {action}|"
        "{Groups} celebrate {thing_bare}|{Town} school {past_short}",
        sentences=[
            "The school has about {number} pupils on its roll.",
            "Just over {percent} per cent of pupils achieved the top grades.",
            "A consultation with {groups} closes on {weekday} {day} {month}.",
        ],
    ),
    "culture": _t(
        name="culture",
        things="the arts festival|the museum reopening|the theatre season|the book fair|the "
        "restored cinema|the jazz weekend|the community choir|the new gallery",
        actions="reopen the old cinema|extend the festival to ten days|move the library into "
        "the town hall|commission a new mural|cut ticket prices for students",
        past="sold out in an hour|drew record crowds|unveiled its programme|reopened after a "
        "decade|won a national award",
        orgs="the arts council|the museum trust|the festival committee|the theatre company|"
        "the heritage society|the orchestra",
        roles="artistic director|curator|festival organiser|playwright|conductor|historian",
        groups="audiences|local artists|volunteers|young musicians|visitors",
        concerns="the loss of funding|rising venue costs|dwindling audiences|a leaking roof",
        headlines="{Org} {past_short}|Review: {thing_cap} is a triumph|{Town} celebrates "
        "{thing_bare}|Plans to {action} unveiled|{Groups} rally behind {thing_bare}",
        sentences=[
            "The programme includes {number2} premieres and a season of silent films.",
            "Tickets start at {smallmoney}, with concessions for {groups}.",
            "The building was last restored in {year}, when the façade was repainted.",
        ],
    ),
    "courts": _t(
        name="courts",
        things="the fraud trial|the inquest|the planning appeal|the tribunal ruling|the "
        "licensing hearing|the sentencing",
        actions="appeal the verdict|reopen the inquiry|review the evidence|seek damages|"
        "challenge the decision in the high court",
        past="was jailed for four years|was cleared of all charges|admitted the offence|was "
        "fined heavily|lost the appeal",
        orgs="the crown court|the magistrates' court|the coroner's court|the employment "
        "tribunal|the police|the prosecution service",
        roles="judge|prosecutor|defence barrister|coroner|detective inspector|magistrate",
        groups="the family|witnesses|victims|neighbours|former employees",
        concerns="the length of the proceedings|a backlog of cases|the cost of legal aid",
        headlines="{Name} {past_short}|{Org} hears {thing_bare} evidence|Family to "
        "{action}|{Town} man {past_short}|Verdict in {thing_bare} expected",
        sentences=[
            "The court heard that the offences took place over {number2} months.",
            "Jurors were shown footage recorded on {street}.",
            "Sentencing was adjourned until {weekday} for reports to be prepared.",
        ],
    ),
    "world": _t(
        name="world",
        things="the trade talks|the ceasefire|the climate summit|the election result|the "
        "border dispute|the aid convoy|the grain deal|the peace agreement",
        actions="extend the ceasefire|resume the talks|lift the sanctions|send more aid|"
        "recognise the result|reopen the border crossing",
        past="agreed to resume talks|walked out of the summit|signed the agreement|"
        "recalled its ambassador|announced early elections",
        orgs="the foreign ministry|the United Nations|the European Commission|the "
        "government|the opposition alliance|the central bank",
        roles="foreign minister|prime minister|envoy|spokesperson|diplomat|analyst",
        groups="refugees|voters|aid workers|farmers|exporters|civilians",
        concerns="food shortages|a collapse of the currency|renewed fighting|a "
        "humanitarian crisis|a contested count",
        headlines="{Country} {past_short}|Leaders meet in {City} as {thing} stalls|"
        "{Country} and {Country2} {past_short}|What {thing} means for {groups}|{City} "
        "talks aim to {action}",
        sentences=[
            "Officials in {City} said the delegation would stay until at least {weekday}.",
            "Diplomats from {Country} and {Country2} met for {hours} hours behind closed doors.",
            "The agency estimates that {number} people have been displaced since {month}.",
        ],
    ),
    "science": _t(
        name="science",
        things="the satellite launch|the new vaccine trial|the fossil discovery|the battery "
        "research|the telescope upgrade|the gene study|the quantum computer",
        actions="launch the probe next year|publish the full data|expand the trial|build a "
        "pilot plant|share the code openly",
        past="published its findings|found evidence of water|doubled the battery life|"
        "completed the first trial|won a major grant",
        orgs="the university lab|the space agency|the research council|the observatory|the "
        "startup|the science museum",
        roles="lead researcher|astronomer|professor|engineer|geneticist|science adviser",
        groups="researchers|students|patients|engineers|amateur astronomers",
        concerns="a lack of funding|reproducibility|the cost of equipment|data privacy",
        headlines="{Org} {past_short}|Scientists {past_short}|Study could help {groups}|"
        "Researchers plan to {action}|Inside {thing}",
        sentences=[
            "The team analysed {number} samples collected over {number2} years.",
            "The results were published in a peer-reviewed journal on {weekday}.",
            "Independent experts said the findings were promising but needed replication.",
        ],
    ),
}

TEAMS = (
    "Millbrook Rovers|Portmere Athletic|Harlow Town|Redhill United|Saltcombe City|Upton "
    "Wanderers|Kingsbridge Harriers|Northgate Albion|Fairhaven FC|Dunmore Celtic"
).split("|")
COMPANIES = (
    "Brightwater Foods|Harlow Steel|Kestrel Logistics|Marlow & Finch|Northern Glassworks|"
    "Oakridge Dairies|Portmere Shipping|Quayside Electronics|Redfern Pharmaceuticals"
).split("|")

GENERIC = [
    "{Person} said the decision had been {adj} and that {groups} deserved {better}.",
    '"We have listened carefully, and we think this is {adjfair}," said {Person}.',
    '{Person} told reporters after the meeting: "{quote}"',
    "Critics argue that {thing} does little to address {concern}.",
    "Supporters say {thing} is the best chance in a generation to {action}.",
    "{Org} has promised to {action} if the figures do not improve by {month}.",
    "It is not the first time {groups} in {Town} have raised {concern}.",
    "Similar plans were abandoned in {year} after a public outcry.",
    "{Person}, who has lived in {Town} for {number2} years, said little had changed.",
    "The cost of {thing} is now estimated at {money}, up from {money2} last year.",
    "According to {org}, about {percent} per cent of {groups} were consulted.",
    "A spokesperson for {org} said it would not comment on individual cases.",
    "Questions remain about how {thing} will be paid for.",
    "{Surname} said {pronoun} would continue to press for answers.",
    "The issue is expected to return to the agenda in the spring.",
    "Many {groups} said they first heard about the change on social media.",
    "On {street}, opinion was divided.",
    '"{quote}" said {Person2}.',
    "{Person2} disagreed, arguing that {concern} had been exaggerated.",
    "By {weekday} evening, more than {number} people had responded to the consultation.",
    "The figures, published on {weekday}, paint a mixed picture.",
    "Independent analysts described the plan as {adj}.",
    "For {groups}, the practical effect may be felt within weeks.",
    "Those affected can find more details in the documents published alongside the report.",
    "There was no immediate response from {org} on {weekday}.",
    "{Org} first proposed the idea in {month} {year}.",
    "Local people have been asked to share their views at a drop-in session at the library.",
    "Opponents have until the end of {month} to lodge objections.",
    "The timetable could slip again if {concern} is not resolved.",
    "In a statement, {org} said {pronoun_org} remained committed to {thing}.",
]
QUOTES = [
    "This is about fairness, and people can see that.",
    "We cannot keep asking {groups} to carry the cost.",
    "Nobody pretends this is easy, but doing nothing is not an option.",
    "I have been doing this job for {number2} years and I have never seen anything like it.",
    "We were told one thing in {month} and something quite different now.",
    "The numbers simply do not add up.",
    "It is a good first step, but it is only a first step.",
    "People want to know when, not if.",
    "We will look at every option, including going to court.",
    "Frankly, it has taken far too long.",
    "This gives {groups} some certainty at last.",
    "There is real anger out there, and I understand it.",
]
ADJ = (
    "disappointing|long overdue|short-sighted|pragmatic|bold|rushed|sensible|unworkable|"
    "courageous|premature|a missed opportunity|a welcome change"
).split("|")
ADJFAIR = "the fairest way forward|a fair compromise|the right balance|the least bad option".split(
    "|"
)
BETTER = "better|clearer answers|more notice|a proper say|a fair hearing".split("|")
LATIN_SPICE = [
    "Some called the plan naïve; others said it was über-cautious.",
    "At the café opposite, the mood was one of déjà vu.",
    "The façade of the old building will be kept, the developer said.",
    "Campaigners described the timetable as naïve and the costs as über-optimistic.",
    "Regulars at {latin_place} said they had heard it all before.",
    "{LatinPerson}, who runs a café on {street}, said trade had already fallen.",
    "The rôle of the advisory panel is to be reviewed, the report said.",
    "A crèche and a small café are planned for the ground floor.",
]

SECTION_TOPICS = {
    "news": ["council", "transport", "health", "education", "environment", "courts"],
    "local": ["council", "transport", "education", "environment"],
    "politics": ["council", "world"],
    "world": ["world"],
    "business": ["business"],
    "sport": ["sport"],
    "culture": ["culture"],
    "science": ["science"],
    "health": ["health"],
    "opinion": ["council", "transport", "health", "environment", "education"],
}


def slugify(text: str, max_words: int = 9) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    stop = {"a", "an", "the", "of", "to", "on", "in", "as", "for", "and", "by", "at", "is"}
    kept = [w for w in words if w not in stop] or words
    return "-".join(kept[:max_words])


@dataclass
class Story:
    id: int
    section: str
    topic: str
    title: str
    slug: str
    standfirst: str
    paragraphs: list[str]
    author: str
    author_slug: str
    published: dt.datetime
    tags: list[str]
    brief: bool = False

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def teaser(self) -> str:
        first = self.paragraphs[0]
        return first if len(first) < 220 else first[:200].rsplit(" ", 1)[0] + "\u2026"


class Writer:
    """Writes stories for one site, reproducibly from ``seed``."""

    def __init__(self, seed: int, *, latin: bool = False, start: dt.datetime | None = None):
        self.rng = random.Random(seed)
        self.latin = latin
        self.start = start or dt.datetime(2025, 3, 28, 18, 0)
        self._titles: set[str] = set()
        self._next_id = 0
        firsts = FIRST + (LATIN_FIRST if latin else [])
        lasts = LAST + (LATIN_LAST if latin else [])
        self.staff = []
        for _ in range(7):
            name = f"{self.rng.choice(firsts)} {self.rng.choice(lasts)}"
            if name not in self.staff:
                self.staff.append(name)

    # -- slots ------------------------------------------------------------------
    def _name(self) -> str:
        r = self.rng
        firsts = FIRST + (LATIN_FIRST if self.latin else [])
        lasts = LAST + (LATIN_LAST if self.latin else [])
        return f"{r.choice(firsts)} {r.choice(lasts)}"

    def _slot(self, name: str, ctx: dict) -> str:
        r = self.rng
        topic: Topic = ctx["topic"]
        if name in ctx:
            return ctx[name]
        simple = {
            "thing": lambda: r.choice(topic.things),
            "action": lambda: r.choice(topic.actions),
            "past": lambda: r.choice(topic.past),
            "org": lambda: r.choice(topic.orgs),
            "role": lambda: r.choice(topic.roles),
            "groups": lambda: r.choice(topic.groups),
            "concern": lambda: r.choice(topic.concerns),
            "street": lambda: r.choice(STREETS),
            "Town": lambda: ctx["town"],
            "City": lambda: r.choice(CITIES),
            "Country2": lambda: r.choice([c for c in COUNTRIES if c != ctx.get("country")]),
            "Team2": lambda: r.choice([t for t in TEAMS if t != ctx.get("team")]),
            "weekday": lambda: r.choice(WEEKDAYS),
            "month": lambda: r.choice(MONTHS),
            "day": lambda: str(r.randint(2, 28)),
            "year": lambda: str(r.randint(1998, 2023)),
            "number": lambda: (
                f"{r.choice([120, 340, 860, 1200, 2500, 4300, 7800, 15000]) + r.randint(0, 99):,}"
            ),
            "number2": lambda: str(r.randint(3, 19)),
            "hours": lambda: r.choice(["two", "three", "four", "five"]),
            "minute": lambda: str(r.randint(50, 89)),
            "ordinal": lambda: r.choice(["fourth", "seventh", "ninth", "twelfth", "third"]),
            "percent": lambda: str(r.randint(3, 68)),
            "money": lambda: f"\u00a3{r.randint(2, 95)}.{r.randint(1, 9)}m",
            "money2": lambda: f"\u00a3{r.randint(1, 40)}.{r.randint(1, 9)}m",
            "smallmoney": lambda: f"\u00a3{r.randint(5, 30)}",
            "adj": lambda: r.choice(ADJ),
            "adjfair": lambda: r.choice(ADJFAIR),
            "better": lambda: r.choice(BETTER),
            "pronoun": lambda: r.choice(["she", "he", "they"]),
            "pronoun_org": lambda: "it",
            "latin_place": lambda: r.choice(LATIN_PLACES),
            "LatinPerson": lambda: (
                f"{r.choice(LATIN_FIRST)} {r.choice(LATIN_LAST)}" if self.latin else self._name()
            ),
        }
        if name in simple:
            value = simple[name]()
        elif name == "Org":
            org = self._slot("org", ctx)
            value = org[0].upper() + org[1:]
        elif name == "Groups":
            g = self._slot("groups", ctx)
            value = g[0].upper() + g[1:]
        elif name == "Role":
            value = self._slot("role", ctx).capitalize()
        elif name == "thing_bare":
            value = re.sub(r"^the ", "", self._slot("thing", ctx))
        elif name == "thing_cap":
            value = self._slot("thing_bare", ctx).capitalize()
        elif name == "past_short":
            value = self._slot("past", ctx)
        elif name in ("Person", "Person2"):
            cast = ctx["cast"]
            idx = 0 if name == "Person" else 1
            idx = (idx + r.randint(0, len(cast) - 1)) % len(cast)
            person, role, mentioned = cast[idx]
            if mentioned:
                value = person.split()[-1]
            else:
                value = f"{person}, the {role},"
                cast[idx] = (person, role, True)
                value = value.rstrip(",") if r.random() < 0.5 else value
            return value
        elif name in ("Surname",):
            value = ctx["cast"][0][0].split()[-1]
        elif name == "surname":
            value = self._name().split()[-1]
        elif name == "Name":
            value = self._name()
        elif name == "quote":
            value = self._fill(r.choice(QUOTES), ctx)
        else:
            raise KeyError(name)
        return self._fill(value, ctx) if "{" in value else value

    def _fill(self, template: str, ctx: dict) -> str:
        out = re.sub(r"\{(\w+)\}", lambda m: self._slot(m.group(1), ctx), template)
        # "Smith, the mayor, said" reads well; tidy the ",." and ",," a name can leave.
        out = out.replace(",.", ".").replace(",,", ",").replace('." said', '," said')
        out = out.replace('?" said', '?" asked')
        return out[0].upper() + out[1:] if out else out

    # -- stories ----------------------------------------------------------------
    def _context(self, topic: Topic) -> dict:
        r = self.rng
        ctx: dict = {"topic": topic, "town": r.choice(TOWNS)}
        ctx["cast"] = [(self._name(), r.choice(topic.roles), False) for _ in range(r.randint(2, 4))]
        if topic.name == "sport":
            ctx["team"] = ctx["Team"] = r.choice(TEAMS)
        if topic.name == "business":
            ctx["Company"] = r.choice(COMPANIES)
        if topic.name == "world":
            ctx["country"] = ctx["Country"] = r.choice(COUNTRIES)
        ctx["thing"] = r.choice(topic.things)
        if "{" in ctx["thing"]:
            ctx["thing"] = self._fill(ctx["thing"], {**ctx, "thing": "x"})
        return ctx

    def _headline(self, ctx: dict) -> str:
        topic: Topic = ctx["topic"]
        for _ in range(50):
            title = self._fill(self.rng.choice(topic.headlines), ctx)
            title = title[0].upper() + title[1:]
            if title not in self._titles and len(title) < 95:
                self._titles.add(title)
                return title
        title = f"{title} ({len(self._titles)})"
        self._titles.add(title)
        return title

    def _sentence(self, ctx: dict) -> str:
        r = self.rng
        topic: Topic = ctx["topic"]
        pool = GENERIC
        roll = r.random()
        if topic.sentences and roll < 0.3:
            pool = topic.sentences
        elif self.latin and roll < 0.38:
            pool = LATIN_SPICE
        used = ctx.setdefault("used", set())
        fresh = [t for t in pool if t not in used] or pool
        template = r.choice(fresh)
        used.add(template)
        return self._fill(template, ctx)

    def story(
        self,
        section: str,
        *,
        brief: bool = False,
        words: int | None = None,
        when: dt.datetime | None = None,
    ) -> Story:
        r = self.rng
        topic = TOPICS[r.choice(SECTION_TOPICS.get(section, ["council"]))]
        ctx = self._context(topic)
        title = self._headline(ctx)
        target = words or (r.randint(80, 150) if brief else r.randint(300, 900))
        lede = self._fill(
            r.choice(
                [
                    "{Org} has {past} after weeks of argument over {thing}, a move that "
                    "{groups} in {Town} say will be felt for years.",
                    "{Groups} in {Town} are bracing for change after {org} {past}.",
                    "{Org} {past} on {weekday}, ending months of uncertainty over {thing}.",
                    "Plans to {action} took a step forward on {weekday} when {org} {past}.",
                ]
            ),
            ctx,
        )
        paragraphs = [lede]
        if self.latin:
            # Every story of a latin-1 site carries some accented words (über, café, naïve).
            paragraphs.append(self._fill(r.choice(LATIN_SPICE), ctx))
        words_so_far = sum(len(p.split()) for p in paragraphs)
        while words_so_far < target:
            n = r.randint(1, 2) if brief else r.randint(2, 4)
            para = " ".join(self._sentence(ctx) for _ in range(n))
            paragraphs.append(para)
            words_so_far += len(para.split())
        if brief:
            # Trim from the end until inside 80..150 words, sentence by sentence.
            while words_so_far > 150 and len(paragraphs) > 1:
                last = paragraphs.pop()
                words_so_far -= len(last.split())
            if words_so_far < 80:
                extra = self._sentence(ctx)
                paragraphs.append(extra)
                words_so_far += len(extra.split())
        elif words_so_far > 900:
            while words_so_far > 900 and len(paragraphs) > 3:
                words_so_far -= len(paragraphs.pop().split())
        standfirst = self._fill(
            r.choice(
                [
                    "{Groups} say {concern} has been ignored for too long.",
                    "The decision follows months of debate over {thing}.",
                    "{Role} {Surname} insists the plan is {adjfair}.",
                    "What happens next depends on {org}.",
                ]
            ),
            ctx,
        )
        self._next_id += 1
        author = r.choice(self.staff)
        if when is None:
            when = self.start - dt.timedelta(hours=r.randint(1, 26 * 24), minutes=r.randint(0, 59))
        return Story(
            id=self._next_id,
            section=section,
            topic=topic.name,
            title=title,
            slug=slugify(title),
            standfirst=standfirst,
            paragraphs=paragraphs,
            author=author,
            author_slug=slugify(author, 3),
            published=when.replace(second=0, microsecond=0),
            tags=sorted({topic.name, r.choice(["local", "analysis", "live", "explainer"])}),
            brief=brief,
        )

    def paragraphs(self, section: str, words: int) -> list[str]:
        """Filler prose (about pages, ads, captions) in the voice of ``section``."""
        topic = TOPICS[self.rng.choice(SECTION_TOPICS.get(section, ["council"]))]
        ctx = self._context(topic)
        out: list[str] = []
        count = 0
        while count < words:
            para = " ".join(self._sentence(ctx) for _ in range(self.rng.randint(1, 3)))
            out.append(para)
            count += len(para.split())
        return out

    def sentence(self, section: str = "news") -> str:
        topic = TOPICS[self.rng.choice(SECTION_TOPICS.get(section, ["council"]))]
        return self._sentence(self._context(topic))

    def comments(self, n: int) -> list[tuple[str, str]]:
        r = self.rng
        openers = [
            "Spot on.",
            "I disagree with most of this.",
            "Has anyone actually asked the people who live here?",
            "Same story every year.",
            "Thank you for covering this.",
            "Not sure the figures are right.",
            "Typical.",
        ]
        out = []
        for _ in range(n):
            text = r.choice(openers) + " " + self.sentence("news")
            if r.random() < 0.5:
                text += " " + self.sentence("news")
            handle = r.choice(["", "_", "."]).join(self._name().lower().split()) + str(
                r.randint(1, 99)
            )
            out.append((handle, text))
        return out

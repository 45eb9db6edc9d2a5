"""The Harbor City Ledger's stories, sections and people: plain data, no HTML.

Kept apart from the routing code so the prose can be read and edited on its own.
Every ``unique_word`` occurs in exactly one story's body and nowhere else on the
site (never in a title or standfirst, which other pages reuse as teasers), so a
test can prove which stored text came from which page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One story. ``via`` says how a crawler can find it (see ``content`` for the rules)."""

    slug: str
    published: str  # ISO date, also the date in /news/<yyyy>/<mm>/<dd>/ URLs
    time: str  # HH:MM, UTC
    section: str
    author: str  # key into AUTHORS
    title: str
    dek: str
    unique_word: str
    via: str  # "links" | "sitemap" | "feed"
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    story_id: str | None = None  # set for /story/<id> URLs, which carry no date
    extra: str = ""  # name of an extra block rendered inside the story body

    @property
    def path(self) -> str:
        """The clean path, which is also the canonical URL's path."""
        if self.story_id:
            return f"/story/{self.story_id}"
        year, month, day = self.published.split("-")
        return f"/news/{year}/{month}/{day}/{self.slug}"

    @property
    def iso_datetime(self) -> str:
        """Publication time as schema.org and sitemaps want it."""
        return f"{self.published}T{self.time}:00+00:00"


SECTIONS: dict[str, str] = {
    "city": "City",
    "business": "Business",
    "culture": "Culture",
    "sport": "Sport",
    "environment": "Environment",
}

AUTHORS: dict[str, tuple[str, str]] = {
    "maya-okafor": (
        "Maya Okafor",
        "Maya Okafor covers transportation and city services. She joined the Ledger in 2019.",
    ),
    "daniel-reyes": (
        "Daniel Reyes",
        "Daniel Reyes writes about the port economy, labor and city finances.",
    ),
    "priya-natarajan": (
        "Priya Natarajan",
        "Priya Natarajan reports on infrastructure, climate and the harbor environment.",
    ),
    "tomas-lindqvist": (
        "Tomas Lindqvist",
        "Tomas Lindqvist has covered Harbor City sport for more than a decade.",
    ),
    "grace-whitfield": (
        "Grace Whitfield",
        "Grace Whitfield is the Ledger's arts and culture correspondent.",
    ),
}


ARTICLES: tuple[Article, ...] = (
    Article(
        slug="harbor-ferry-schedule-overhaul",
        published="2026-03-04",
        time="08:30",
        section="city",
        author="maya-okafor",
        title="Ferry schedule overhaul promises shorter waits across the harbor",
        dek=(
            "Transit officials say the new timetable adds early sailings to Gull Point and "
            "cuts the midday gap on the Eastbank run."
        ),
        unique_word="Skelloway",
        via="links",
        tags=("transit", "ferries", "harbor"),
        paragraphs=(
            "Harbor City's ferry service will move to a new timetable on April 6, adding three "
            "early-morning sailings to Gull Point and closing the 50-minute midday gap on the "
            "Eastbank crossing that riders have complained about for years, the Harbor Transit "
            "Authority announced Tuesday.",
            "The changes follow an eight-month review of ridership data and more than 2,000 "
            "survey responses. Officials said the busiest sailings, the 7:40 and 8:10 departures "
            "from the Central Terminal, regularly left passengers standing on the dock during "
            "the autumn school term.",
            "Much of the new schedule was drafted with Skelloway, a dispatch planning tool the "
            "authority licensed last year, which models crew shifts, tide windows and fuel stops "
            "together. Planners said it let them test dozens of timetables before settling on "
            "one that does not require hiring additional deckhands.",
            "“We are not adding boats, we are using the ones we have more sensibly,” said "
            "operations director Lena Castellanos. “The biggest change riders will notice is "
            "that a boat leaves Eastbank every 20 minutes until 7 p.m.”",
            "Not everyone is pleased. The Gull Point Neighborhood Association noted that the "
            "last weekday sailing back from downtown will leave at 10:15 p.m., a quarter of an "
            "hour earlier than it does now, which members say will strand restaurant and "
            "hospital workers.",
            "The authority said it would monitor late-evening ridership through the summer and "
            "could restore the later departure in the fall schedule. Fares are unchanged.",
        ),
    ),
    Article(
        slug="cannery-row-lofts-approved",
        published="2026-03-03",
        time="07:15",
        section="business",
        author="daniel-reyes",
        title="Council approves Cannery Row lofts after marathon hearing",
        dek=(
            "The 212-unit conversion of the former Pacific Pride cannery passed 6-3 shortly "
            "after 1 a.m."
        ),
        unique_word="Morrowgate",
        via="links",
        tags=("housing", "development", "city-council"),
        paragraphs=(
            "After a public hearing that stretched past midnight, the Harbor City Council voted "
            "6-3 early Wednesday to approve a plan converting the shuttered Pacific Pride cannery "
            "into 212 apartments, ground-floor shops and a public walkway along the water.",
            "The developer, Morrowgate Partners, agreed late in the evening to set aside 44 units "
            "for households earning less than 60 percent of the area median income, up from the "
            "30 units in its original proposal. That concession appeared to win over "
            "councilmember Rosa Idowu, who had been considered a swing vote.",
            "More than 90 people signed up to speak. Supporters, many of them younger renters, "
            "described bidding wars for one-bedroom apartments in the neighborhood. Opponents "
            "worried about traffic on the narrow streets around Cannery Row and about the loss "
            "of one of the last industrial buildings on the waterfront.",
            "“This building has been empty for eleven years,” said councilmember Ed Marchetti, "
            "who voted yes. “The choice in front of us was never between lofts and a working "
            "cannery. It was between lofts and a fence with a padlock on it.”",
            "The three dissenting members said the project should have gone back to the planning "
            "commission after the affordability terms changed. The developer expects to begin "
            "interior demolition this summer, with the first residents moving in by late 2027.",
        ),
    ),
    Article(
        slug="water-main-break-lower-dock-street",
        published="2026-03-02",
        time="10:05",
        section="city",
        author="priya-natarajan",
        title="Water main break floods Lower Dock Street",
        dek=(
            "Businesses along three blocks were without water for most of Monday as crews "
            "replaced a century-old section of pipe."
        ),
        unique_word="Oldbarrow",
        via="links",
        tags=("utilities", "infrastructure"),
        story_id="9001",
        paragraphs=(
            "A water main burst beneath Lower Dock Street before dawn Monday, sending a sheet of "
            "water across three blocks and leaving about 40 businesses without service for most "
            "of the day.",
            "Utility crews shut off the line at 5:20 a.m. and spent the afternoon cutting out a "
            "30-foot section of cast-iron pipe installed in 1911. Workers at the site referred "
            "to the line by its old nickname, the Oldbarrow main, after the engineer who laid it.",
            "No injuries were reported, but several basement storerooms flooded. At Ferrante's "
            "Deli, owner Carla Ferrante said she lost much of a weekend delivery of flour and "
            "canned goods. “You hear about water mains on the news, you never think it's going "
            "to be under your own shop,” she said.",
            "The Harbor City Water Department said the break was likely caused by ground "
            "movement after last week's hard freeze. The department's capital plan lists more "
            "than 60 miles of pre-1930 pipe still in service across the city.",
            "Service was restored shortly after 7 p.m. The department advised customers on the "
            "affected blocks to run cold taps for several minutes before using water for "
            "drinking or cooking.",
        ),
    ),
    Article(
        slug="city-budget-2026-unveiled",
        published="2026-03-02",
        time="09:00",
        section="business",
        author="daniel-reyes",
        title="City unveils 2026 budget with record spending on harbor dredging",
        dek=(
            "The $1.4 billion proposal leans on port revenue and a one-time reserve draw to "
            "avoid property tax increases."
        ),
        unique_word="Tessivane",
        via="links",
        tags=("budget", "harbor", "city-council"),
        extra="documents",
        paragraphs=(
            "Mayor Denise Harlow released a $1.4 billion spending plan for the coming fiscal year "
            "on Monday, proposing the largest investment in harbor dredging in the city's history "
            "while holding property tax rates flat.",
            "The plan sets aside $86 million to deepen the main shipping channel and the "
            "approaches to the container terminal. Port officials have warned that larger cargo "
            "vessels are already being forced to wait for high tide before entering the harbor.",
            "Budget documents show the city expects to hire Tessivane Marine, which completed a "
            "smaller dredging project in the inner basin two years ago, for the first phase of "
            "the work, pending a final council vote on the contract.",
            "To balance the budget without new taxes, the administration would draw $31 million "
            "from the city's rainy-day reserve, a move that drew quick criticism from the "
            "council's finance chair, Howard Benn. “Using savings to pay for recurring costs is "
            "how cities end up in trouble,” he said.",
            "The proposal also funds 24 additional firefighter positions, extends library hours "
            "on Sundays at four branches and restores a street-tree planting program that was "
            "cut during the pandemic.",
            "The council will hold three public hearings on the budget in April and must adopt a "
            "final version by June 15.",
        ),
    ),
    Article(
        slug="lantern-festival-returns",
        published="2026-03-01",
        time="11:40",
        section="culture",
        author="grace-whitfield",
        title="Lantern festival returns to the waterfront after two-year hiatus",
        dek=(
            "Organizers expect 30,000 visitors for the three-night event, which moves to the "
            "newly rebuilt Pier 4."
        ),
        unique_word="Quillfeather",
        via="sitemap",
        tags=("festivals", "arts"),
        paragraphs=(
            "The Harbor Lantern Festival will return in May after a two-year absence, organizers "
            "said Sunday, with three nights of illuminated sculptures, music and food stalls on "
            "the newly rebuilt Pier 4.",
            "The festival was suspended in 2024 when inspections found structural damage to the "
            "old pier. Its return had been uncertain until the city agreed last fall to cover "
            "the cost of additional security and lighting.",
            "This year's centerpiece is being built by Quillfeather, a collective of six artists "
            "who work out of a former net loft in Millrace. Their design, a 40-foot paper heron "
            "lit from within, will be assembled on site over five days.",
            "“We wanted something that belongs to this harbor,” said the collective's "
            "co-founder, Amira Soto. “Herons are out on the mudflats every morning whether "
            "anyone notices them or not.”",
            "Admission will remain free, though organizers are asking visitors to reserve timed "
            "entry passes for the Saturday evening, which drew crowds of more than 15,000 in 2023.",
        ),
    ),
    Article(
        slug="mariners-clinch-playoff-berth",
        published="2026-02-28",
        time="22:10",
        section="sport",
        author="tomas-lindqvist",
        title="Mariners clinch playoff berth with late winner at Gull Point Stadium",
        dek=(
            "A stoppage-time header settled a tense 2-1 win and ended a six-season postseason "
            "drought."
        ),
        unique_word="Strandqvist",
        via="links",
        tags=("mariners", "soccer"),
        paragraphs=(
            "The Harbor City Mariners are going to the playoffs for the first time in six "
            "seasons after a stoppage-time header beat Riverton 2-1 on Saturday night in front "
            "of a sellout crowd at Gull Point Stadium.",
            "Defender Nils Strandqvist rose above two markers to meet a corner from the left in "
            "the 93rd minute, sending the ball in off the underside of the crossbar. It was his "
            "first goal for the club since arriving from Gothenburg in the summer.",
            "Riverton had equalized in the 71st minute through a deflected shot, and for long "
            "stretches of the second half the visitors looked the more likely winners. Mariners "
            "goalkeeper Dion Achebe made two diving saves in the final ten minutes to keep the "
            "score level.",
            "“I have been here six years and I have never heard the stadium like that,” said "
            "captain Marco Bellini. “We knew what the night meant to people in this city.”",
            "The Mariners have two regular-season matches left and could still finish as high as "
            "third in the conference, which would give them a home game in the opening round.",
        ),
    ),
    Article(
        slug="eelgrass-restoration-pilot",
        published="2026-02-27",
        time="14:20",
        section="environment",
        author="priya-natarajan",
        title="Eelgrass restoration pilot shows early signs of success",
        dek=(
            "Divers counted new shoots across most of the test plots planted last spring in the "
            "outer harbor."
        ),
        unique_word="Pellowick",
        via="feed",
        tags=("environment", "harbor"),
        paragraphs=(
            "A small experiment to replant eelgrass in the outer harbor is showing promising "
            "early results, according to a report presented Friday to the Harbor Ecology Council.",
            "Volunteer divers planted about 8,000 shoots across twelve test plots last April. "
            "When they returned in the fall, they found healthy growth in nine of the plots, "
            "with the densest beds off Pellowick Shoal, a sandy bar sheltered from the main "
            "shipping lane.",
            "Eelgrass once covered large parts of the harbor floor and provided nursery habitat "
            "for juvenile crab and herring. Surveys suggest the meadows have shrunk by more than "
            "80 percent since the 1950s, largely because of dredging and runoff that clouds the "
            "water.",
            "“Three plots failing is actually useful information,” said marine biologist "
            "Dr. Helen Osei, who leads the project. “Those were the sites closest to the storm "
            "outfalls, which tells us where the water quality work needs to happen first.”",
            "The group hopes to expand to 40 plots next year if it can secure a state grant.",
        ),
    ),
    Article(
        slug="old-customs-house-library",
        published="2026-02-26",
        time="12:00",
        section="culture",
        author="grace-whitfield",
        title="Old Customs House reopens as a public library",
        dek=(
            "The 1887 landmark on Front Street has been restored with a reading room under its "
            "original skylight."
        ),
        unique_word="Kettleby",
        via="links",
        tags=("libraries", "architecture", "history"),
        story_id="4417",
        paragraphs=(
            "The Old Customs House on Front Street opened its doors as the city's newest public "
            "library branch on Thursday, ending a six-year restoration of one of Harbor City's "
            "best-known landmarks.",
            "The granite building, completed in 1887, was designed by the architect Ambrose "
            "Kettleby, whose drawings were rediscovered in a county archive during the early "
            "stages of the project. Restorers used them to rebuild the original skylight over "
            "the central hall, which had been plastered over in the 1950s.",
            "The main hall now serves as a reading room with long oak tables and space for 120 "
            "people. The former collector's offices on the second floor hold a local history "
            "collection, including shipping manifests, harbor charts and photographs dating back "
            "to the 1870s.",
            "Opening day drew a line around the block. Among the first visitors was 91-year-old "
            "Walter Brennan, who worked in the building as a customs clerk in the 1950s. “It was "
            "dark and cold back then,” he said, looking up at the skylight. “I never knew there "
            "was a window up there.”",
            "The restoration cost $38 million, about a third of which came from federal historic "
            "preservation tax credits.",
            "The branch will be open seven days a week, with extended evening hours on Tuesdays "
            "and Thursdays.",
        ),
    ),
    Article(
        slug="night-bus-routes-expanded",
        published="2026-02-25",
        time="16:45",
        section="city",
        author="maya-okafor",
        title="Night bus network expands to cover the hospital district",
        dek=(
            "Two new overnight routes will link the hospital district with Northside and "
            "Eastbank from March 16."
        ),
        unique_word="Owlrunner",
        via="sitemap",
        tags=("transit", "buses"),
        paragraphs=(
            "Harbor Transit will add two overnight bus routes next month, extending late-night "
            "service to the hospital district for the first time, the agency said Wednesday.",
            "The new N7 and N9 routes will run every 30 minutes between midnight and 5 a.m., "
            "connecting St. Brigid's Medical Center and Harbor General with Northside and "
            "Eastbank. Both routes begin service on March 16.",
            "The expansion grew out of a campaign by hospital night-shift workers, who branded "
            "their petition the Owlrunner pledge and collected more than 4,000 signatures last "
            "year. Many said they were spending as much as $40 a night on ride-hailing apps to "
            "get home.",
            "“For a nurse on a twelve-hour shift, the last thing you want is a 45-minute walk at "
            "4 a.m.,” said Theresa Mbeki, a respiratory therapist who helped organize the "
            "petition.",
            "The agency said the routes will cost about $2.1 million a year to operate, covered "
            "in part by a contribution from the two hospitals.",
        ),
    ),
    Article(
        slug="shipyard-union-contract",
        published="2026-02-24",
        time="18:30",
        section="business",
        author="daniel-reyes",
        title="Shipyard workers ratify four-year contract",
        dek=(
            "The agreement raises wages 17 percent over four years and ends a tense month of "
            "negotiations."
        ),
        unique_word="Corvaline",
        via="feed",
        tags=("labor", "shipyard"),
        paragraphs=(
            "Workers at the Corvaline Yards shipyard voted overwhelmingly on Monday to ratify a "
            "four-year contract, ending weeks of uncertainty at the city's largest private "
            "employer.",
            "Members of Ironworkers Local 118 approved the agreement 1,412 to 203, according to "
            "union officials. The contract raises base wages by 17 percent over its term, "
            "increases employer contributions to the pension fund and caps mandatory overtime "
            "at ten hours a week.",
            "Talks had grown tense in January, when the union held a strike authorization vote "
            "after the company proposed shifting new hires to a separate, lower pay scale. That "
            "proposal was dropped in the final agreement.",
            "“Nobody wanted a strike, but people were ready,” said welder Rosa Kaminski, a "
            "22-year veteran of the yard. “I think the company understood that.”",
            "The shipyard, which builds and repairs ferries, tugs and research vessels, employs "
            "about 1,900 people. A company spokesperson said the deal would allow it to bid on "
            "new federal contracts with confidence about labor costs.",
        ),
    ),
    Article(
        slug="king-tide-flood-maps",
        published="2026-02-14",
        time="10:30",
        section="environment",
        author="priya-natarajan",
        title="New flood maps show king tides reaching further inland",
        dek=(
            "Updated projections add hundreds of homes in low-lying neighborhoods to the city's "
            "high-risk zone."
        ),
        unique_word="Saltmarrow",
        via="links",
        tags=("climate", "flooding", "harbor"),
        extra="correction",
        paragraphs=(
            "Harbor City released updated flood maps on Friday showing that the highest seasonal "
            "tides now reach several blocks further inland than they did a decade ago, placing "
            "about 650 additional homes in the city's highest-risk zone.",
            "The largest changes are in Saltmarrow Flats, a neighborhood of narrow row houses "
            "built on filled marshland in the 1920s. Under the new maps, nearly every street in "
            "the neighborhood is expected to see standing water during king tides at least twice "
            "a year by 2035.",
            "City engineers said the maps combine new elevation surveys with updated sea level "
            "projections from the state. They stressed that the maps do not change building "
            "rules on their own, though the council is expected to consider new elevation "
            "requirements for renovations later this year.",
            "Residents at a community meeting Friday evening asked pointed questions about "
            "insurance. “My premium has already doubled,” said retiree Gloria Vance. “What "
            "happens when the insurers see these maps?”",
            "The city plans to open a flood resilience office in the neighborhood this spring to "
            "help homeowners apply for elevation grants and flood-proofing assistance.",
        ),
    ),
    Article(
        slug="blue-anchor-late-night-jazz",
        published="2026-02-10",
        time="20:00",
        section="culture",
        author="grace-whitfield",
        title="Jazz pianist brings late-night sessions back to the Blue Anchor",
        dek=(
            "A weekly residency is reviving the club's tradition of after-hours sets that end "
            "at dawn."
        ),
        unique_word="Penhallow",
        via="links",
        tags=("music", "nightlife"),
        story_id="5120",
        paragraphs=(
            "For the first time in almost twenty years, the lights at the Blue Anchor on Wharf "
            "Street are staying on until sunrise on Saturday nights.",
            "The club has handed a weekly residency to pianist Odalys Penhallow, who grew up two "
            "blocks away and first played the Anchor's upright piano as a teenager sneaking in "
            "through the kitchen. Her sets start at 1 a.m. and, by design, have no fixed end.",
            "The Blue Anchor was famous in the 1970s and 1980s for after-hours sessions that drew "
            "touring musicians once their own gigs had finished across town. The tradition faded "
            "as the neighborhood changed and the club cut back its hours.",
            "On a recent Saturday, the room was full at 3 a.m., with a bassist and drummer from a "
            "touring band sitting in for a long, loose version of a Thelonious Monk tune. “That "
            "is exactly what this room is for,” said the club's owner, Frank DeLuca.",
            "Tickets are $15, and the club has kept the kitchen open until 4 a.m. to serve its "
            "well-known clam fritters.",
        ),
    ),
    Article(
        slug="school-lunch-local-fish",
        published="2026-01-30",
        time="09:45",
        section="city",
        author="maya-okafor",
        title="School lunches to feature locally caught fish twice a week",
        dek=(
            "A deal with the harbor fishing cooperative will put rockfish and pollock on "
            "cafeteria menus across the district."
        ),
        unique_word="Gulliwink",
        via="sitemap",
        tags=("schools", "fishing", "food"),
        paragraphs=(
            "Students in Harbor City public schools will be served locally caught fish twice a "
            "week starting next month under an agreement between the school district and the "
            "Harbor Fishing Cooperative.",
            "The district will buy about 90,000 pounds of rockfish and pollock over the rest of "
            "the school year, processed and frozen at the cooperative's plant on Pier 9. "
            "District officials said the price is comparable to what they currently pay for "
            "imported breaded fish products.",
            "Cafeteria staff tested recipes with students at three middle schools this winter. "
            "The most popular by far was a rockfish chowder that students at Eastbank Middle "
            "School nicknamed the Gulliwink, after the school's seagull mascot.",
            "“Kids are more adventurous than people think, if the food is good,” said district "
            "nutrition director Samuel Park.",
            "Cooperative members said the contract provides steady demand during the winter "
            "months, when restaurant orders usually drop.",
        ),
    ),
    Article(
        slug="harbor-market-vendors-rent",
        published="2026-01-18",
        time="13:10",
        section="business",
        author="daniel-reyes",
        title="Harbor Market vendors push back on proposed rent increase",
        dek=(
            "Stallholders say a 22 percent increase could force out the bakeries and produce "
            "stands that anchor the historic market."
        ),
        unique_word="Thistlebrook",
        via="links",
        tags=("small-business", "harbor-market"),
        paragraphs=(
            "Vendors at the Harbor Market are organizing against a proposed 22 percent rent "
            "increase, warning that it could push out some of the family businesses that have "
            "operated in the century-old market hall for generations.",
            "The market's management board proposed the increase in December, citing rising "
            "insurance premiums and the cost of replacing the building's roof. Under the "
            "proposal, a standard stall would rent for about $2,700 a month.",
            "Among the most vocal opponents is Ilse Brandt, whose family has run Thistlebrook "
            "Bakery in the market's north aisle since 1958. “We sell bread for four dollars a "
            "loaf,” she said. “You cannot make that math work with rent like this.”",
            "More than 60 of the market's 84 vendors have signed a letter asking the board to "
            "phase in any increase over three years and to open its books to an independent "
            "review.",
            "The board's chair, Martin Ashe, said the board is willing to discuss a phase-in but "
            "that the roof repairs cannot wait. A vote is expected at the board's February "
            "meeting.",
        ),
    ),
    Article(
        slug="new-years-day-harbor-swim",
        published="2026-01-01",
        time="15:30",
        section="sport",
        author="tomas-lindqvist",
        title="Record turnout for New Year's Day harbor swim",
        dek=(
            "More than 1,800 swimmers braved 41-degree water at Gull Point beach to raise money "
            "for the youth lifeguard program."
        ),
        unique_word="Frostwallow",
        via="feed",
        tags=("swimming", "events"),
        paragraphs=(
            "More than 1,800 people plunged into the harbor at Gull Point beach on New Year's "
            "Day, a record for the annual winter swim that raises money for the city's youth "
            "lifeguard program.",
            "The water temperature was 41 degrees Fahrenheit when the first wave of swimmers ran "
            "in at noon. Most stayed in for less than a minute, though a handful of regulars "
            "swam out to the buoy line and back.",
            "The event, officially the Frostwallow Dip, began in 1974 with eleven members of a "
            "local rowing club and has grown into one of the city's best-attended winter "
            "traditions. This year's swim raised about $96,000.",
            "“It's the shock that gets you, and then it's the best feeling in the world,” said "
            "Jenna Morales, 34, who has done the swim nine years running.",
            "Lifeguards and two fire department rescue boats were on hand. Organizers said no "
            "one required medical treatment beyond warm blankets.",
        ),
    ),
    Article(
        slug="esplanade-seawall-repairs-finished",
        published="2025-11-20",
        time="11:00",
        section="environment",
        author="priya-natarajan",
        title="Seawall repairs along the Esplanade finished ahead of schedule",
        dek="The $54 million project reinforces a mile of seawall built in the 1930s.",
        unique_word="Vossberg",
        via="sitemap",
        tags=("infrastructure", "harbor"),
        paragraphs=(
            "Repairs to the seawall beneath the Harbor Esplanade are complete, three months "
            "ahead of schedule, the city's public works department announced Thursday.",
            "Crews spent two years replacing crumbling concrete panels and driving new steel "
            "sheet piles along a mile-long stretch of the wall between the ferry terminal and "
            "the Maritime Museum. The original wall was built by federal relief workers in the "
            "1930s.",
            "The engineering firm Vossberg and Lane, which designed the repairs, raised the top "
            "of the wall by 18 inches to account for rising sea levels, a change that required "
            "rebuilding sections of the Esplanade walkway.",
            "“You would not know from walking on it that anything happened, and that's the "
            "point,” said public works director Angela Moss.",
            "The project cost $54 million, below its $61 million budget. The city is now "
            "studying repairs to a second stretch of seawall in the Millrace district.",
        ),
    ),
)

# Reader comments shown under every story: debris an extractor should drop.
COMMENTS: tuple[tuple[str, str], ...] = (
    ("HarborWatcher", "Been saying this for years. Glad someone finally wrote it up."),
    ("gullpoint_mom", "Would love a follow-up on what this means for families on the east side."),
    ("OldSalt1962", "My father worked the docks for forty years. Things sure have changed."),
    ("eastbank_eddie", "Great reporting as usual. Keep it up, Ledger."),
    ("ferryrider", "Does anyone know if the council meeting will be streamed online?"),
)

# Listings on the events calendar: same every month, so the calendar trap looks "real".
EVENTS: tuple[str, ...] = (
    "Farmers market at the Harbor Market hall, Saturdays 8 a.m. to 1 p.m.",
    "Maritime Museum free admission evening, first Thursday of the month",
    "City council regular session, second and fourth Tuesdays at 6 p.m.",
    "Storytime for toddlers at the Front Street library branch, Wednesdays 10 a.m.",
    "Harbor cleanup volunteer morning at Gull Point beach, last Sunday of the month",
)

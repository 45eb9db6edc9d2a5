"""The fixed editorial content of the demo site: sections, authors, tags and 24 articles.

Kept apart from ``site.py`` so the prose (long, hand-written, never computed) does not
bury the rendering and routing code. Everything here is constant: the demo crawl and
the tests that check its output depend on the site being identical on every run.

Article text is written as one string per article, paragraphs separated by blank lines;
``Article.paragraphs`` normalises the whitespace, so the source can be wrapped freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

SITE_NAME = "The Millbrook Courier"
SITE_TAGLINE = "News from Millbrook and the Mill valley since 1868"

# slug -> (display name, one-line description used on the section page)
SECTIONS: dict[str, tuple[str, str]] = {
    "local": ("Local", "Council decisions, transport, schools and life around Millbrook."),
    "business": ("Business", "Jobs, shops, start-ups and the local economy."),
    "science": ("Science", "Research, health, wildlife and weather from the Mill valley."),
    "sport": ("Sport", "Football, athletics, rowing and grassroots sport."),
}

# slug -> (display name, short biography shown on the author page)
AUTHORS: dict[str, tuple[str, str]] = {
    "margaret-ellison": (
        "Margaret Ellison",
        "Margaret has covered Millbrook council and local affairs for the Courier since 2004.",
    ),
    "helen-whitcombe": (
        "Helen Whitcombe",
        "Helen reports on communities, transport and the town centre.",
    ),
    "daniel-okafor": (
        "Daniel Okafor",
        "Daniel is the Courier's business editor and writes the Monday trade column.",
    ),
    "priya-raman": (
        "Priya Raman",
        "Priya writes about science, health and the environment.",
    ),
    "grace-lindqvist": (
        "Grace Lindqvist",
        "Grace is a general reporter with a soft spot for clubs, societies and wildlife.",
    ),
    "callum-fraser": (
        "Callum Fraser",
        "Callum is the Courier's sports editor and has not missed a Millbrook Town home game "
        "since 2011.",
    ),
    "courier-newsdesk": (
        "Courier Newsdesk",
        "Stories from our partner news services, edited by the Courier newsdesk.",
    ),
}

# slug -> display name
TAGS: dict[str, str] = {
    "council": "Council",
    "transport": "Transport",
    "schools": "Schools",
    "environment": "Environment",
    "health": "Health",
    "economy": "Economy",
    "community": "Community",
    "history": "History",
    "weather": "Weather",
    "grassroots-sport": "Grassroots sport",
}

# Commenters and comments are combined per article by index arithmetic so that every
# article gets two different, plausible reader comments without any randomness.
COMMENTERS: tuple[str, ...] = (
    "Pauline R.",
    "Dave from Fenwick",
    "M. Greenhalgh",
    "Sarah Whitely",
    "OldMillbrookian",
    "Jas Bains",
    "Rob Thewlis",
    "Annie K",
    "Peter Dawson",
    "Linda Moorcroft",
)

COMMENT_TEXTS: tuple[str, ...] = (
    "Good to see the Courier covering this properly. You would not get this level of detail "
    "anywhere else.",
    "I remember when this was first talked about years ago. Glad something is finally happening.",
    "Does anyone know whether there will be a public meeting about this? I would like to ask "
    "a few questions.",
    "Typical Millbrook, we only value things once they are nearly gone.",
    "My dad would have loved to read this. He talked about this part of town all the time.",
    "Some of the comments on social media about this story have been ridiculous. Thanks for "
    "setting out the facts.",
    "Well done to everyone involved. It shows what a small town can do when people pull together.",
    "Would be good to have a follow-up on this in six months to see how things turned out.",
    "Where is the money coming from, though? Council tax went up again this year.",
    "Lovely story to read on a grey morning. More like this please.",
    "I was there on the day and it was even better than the article makes it sound.",
    "Shared this with my neighbours. Plenty of people on our road had no idea.",
)


@dataclass(frozen=True)
class Article:
    """One article as the newsroom wrote it; URLs are derived in ``site.py``."""

    id: int
    slug: str
    section: str
    shape: str  # "date" -> /YYYY/MM/<slug>/ ; "html" -> /<section>/<slug>-<id>.html
    title: str
    dek: str
    author: str  # key of AUTHORS
    published: str  # ISO 8601 with offset
    tags: tuple[str, ...]
    unique_phrase: str
    caption: str
    photographer: str
    text: str
    source_url: str | None = None  # set on aggregator reposts

    @property
    def paragraphs(self) -> list[str]:
        """Body paragraphs with source line-wrapping undone."""
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.text.strip())]

    @property
    def published_dt(self) -> datetime:
        return datetime.fromisoformat(self.published)


ARTICLES: tuple[Article, ...] = (
    Article(
        id=1001,
        slug="victoria-bridge-repair-plan",
        section="local",
        shape="date",
        title="Council approves £2.4m repair plan for Victoria Bridge",
        dek="Work on the listed crossing will begin in February and close the eastern footway "
        "for up to five months.",
        author="margaret-ellison",
        published="2026-11-17T09:30:00+00:00",
        tags=("council", "transport"),
        unique_phrase="balustrade",
        caption="Victoria Bridge from the weir footbridge, looking east.",
        photographer="Jane Doe",
        text="""
        Millbrook's oldest road crossing is to receive its most extensive overhaul in half a
        century after councillors voted on Tuesday night to release £2.4 million for repairs to
        Victoria Bridge.

        Engineers who inspected the structure last spring found corroded reinforcement beneath
        the eastern footway and water seeping through joints that were last sealed in 1979.
        Their report warned that without intervention a weight limit would be needed within
        three years.

        The most delicate part of the job will be the cast-iron balustrade that runs the length
        of the bridge. Each of its 212 panels will be removed, numbered and taken to a foundry
        in Shropshire for blast-cleaning before being refitted in its original position.

        Councillor Ruth Adeyemi, who chairs the highways committee, said the decision had not
        been taken lightly. "Nobody wants to see the town centre disrupted, but the alternative
        is a bridge that we slowly lose the use of," she told the meeting.

        Traders on Bridge Street had asked for the works to avoid the run-up to Christmas, and
        the council has agreed that scaffolding will not go up until the second week of
        February. A temporary pedestrian crossing will be installed at the weir footbridge while
        the eastern footway is closed.

        Opposition members backed the scheme but questioned why the repairs had been deferred
        for so long. The bridge was first flagged as a priority in the 2019 asset review, and
        estimates for the work have risen by almost 60 per cent since then.

        The council expects to recover around a third of the cost from the regional transport
        fund. A public drop-in session about the works will be held at the town hall on 3
        December.
        """,
    ),
    Article(
        id=1002,
        slug="riverside-library-reopens",
        section="local",
        shape="html",
        title="Riverside Library to reopen a year after flood damage",
        dek="Volunteers and conservators have spent months drying out the building and its local "
        "history collection.",
        author="helen-whitcombe",
        published="2026-11-12T07:45:00+00:00",
        tags=("community", "history"),
        unique_phrase="microfiche",
        caption="Volunteers restocking shelves in the children's section.",
        photographer="Marcus Bell",
        text="""
        Riverside Library will open its doors again on Saturday, almost exactly a year after
        floodwater from the Mill poured through its ground floor and forced the building to
        close.

        At the height of last November's flood the water stood 70 centimetres deep in the
        children's section. Carpets, shelving and around 9,000 books had to be thrown away, and
        the heating system was ruined.

        The greatest worry was the local history room, which holds parish records, old
        newspapers and maps dating back to the 1780s. Much of that material was carried upstairs
        by staff in the hours before the river peaked, but several boxes of wet documents were
        sent to a specialist freeze-drying facility in Leeds.

        Librarian Gwen Harcourt said nearly everything had come back in a usable state. "We lost
        some pamphlets, but the bound volumes survived, and the microfiche reader that people
        queue up to use for family research is working again," she said.

        The refurbished building has raised electrical sockets, a tiled floor in place of
        carpet, and flood doors that can be bolted across the riverside entrance. The council
        says the changes should allow the library to reopen within days rather than months if
        the river rises again.

        More than forty volunteers helped with the clean-up, and a book appeal over the summer
        brought in 3,000 donated children's titles. The reopening on Saturday begins at 10am
        with a story session and a display of photographs from the flood.
        """,
    ),
    Article(
        id=1003,
        slug="greaves-park-music-pavilion",
        section="local",
        shape="date",
        title="Residents rally to save Greaves Park's Edwardian music pavilion",
        dek="A petition signed by 2,300 people calls on the council to restore the shuttered "
        "structure rather than demolish it.",
        author="margaret-ellison",
        published="2026-11-05T11:00:00+00:00",
        tags=("council", "history"),
        unique_phrase="cupola",
        caption="The music pavilion in Greaves Park, fenced off since the summer.",
        photographer="Aisha Khan",
        text="""
        More than 2,300 people have signed a petition calling on Millbrook council to restore
        the Edwardian music pavilion in Greaves Park, which has been fenced off since a survey
        found rot in its timber frame.

        The octagonal pavilion was built in 1908 with money raised by the town's brass band and,
        for most of the last century, hosted concerts every Sunday from May to September. Its
        lead-covered cupola, topped by a weathervane in the shape of a heron, appears in
        countless wedding photographs.

        A council report published last month estimated restoration at £380,000 and said removal
        and replacement with a modern stage would cost less than half that. Campaigners say the
        comparison ignores the pavilion's heritage value and its importance to the character of
        the park.

        "My grandparents danced in front of that pavilion in 1946," said petition organiser
        Deborah Lyle, who lives on Greaves Road. "You cannot put a price on something that has
        been part of the town for that long, and you cannot rebuild it once it has gone."

        The council says no decision has been made and that it is exploring whether lottery
        heritage funding could close the gap. The petition will be formally presented at the
        full council meeting on 26 November.
        """,
    ),
    Article(
        id=1004,
        slug="ashcombe-evening-bus-cuts",
        section="local",
        shape="html",
        title="New bus timetable cuts evening services to Ashcombe estate",
        dek="The operator blames falling passenger numbers, but residents say shift workers and "
        "patients will be stranded.",
        author="helen-whitcombe",
        published="2026-10-28T08:10:00+00:00",
        tags=("transport", "health"),
        unique_phrase="dialysis",
        caption="A route 14 bus at the Ashcombe terminus.",
        photographer="Oliver Grant",
        text="""
        Residents of the Ashcombe estate say they will be cut off after dark when a new bus
        timetable takes effect next month, removing every service to the estate after 7.40pm.

        The operator, Valley Connect, said the evening journeys on route 14 carried an average
        of six passengers and were no longer viable without subsidy. The council withdrew its
        support for the route in the spring as part of a wider round of savings.

        For some residents the change is more than an inconvenience. Frank Mellor, 71, travels
        to Millbrook General three evenings a week for dialysis and usually catches the last bus
        home. "A taxi each way would be forty pounds a week that I do not have," he said.

        Care workers and supermarket staff who finish late shifts have also raised concerns. A
        survey by the Ashcombe Residents' Association found that 140 households relied on the
        evening service at least once a week.

        The council's transport lead said officers were looking at whether a demand-responsive
        minibus could fill the gap, but could not promise it would be in place before the
        timetable change on 16 November.

        Valley Connect said it would review the route again in the new year if passenger numbers
        on daytime services improved.
        """,
    ),
    Article(
        id=1005,
        slug="pupils-plant-trees-railway-path",
        section="local",
        shape="date",
        title="Pupils plant 400 trees along the old railway path",
        dek="Children from three primary schools spent a week turning a bare embankment into a "
        "future woodland corridor.",
        author="margaret-ellison",
        published="2026-10-19T10:20:00+00:00",
        tags=("schools", "environment"),
        unique_phrase="hawthorn",
        caption="Pupils from St Anne's planting saplings on the embankment.",
        photographer="Jane Doe",
        text="""
        Children from three Millbrook primary schools have planted 400 young trees along the
        disused railway line between Station Road and the Fenwick boundary, in what organisers
        hope is the start of a continuous green corridor across the town.

        The saplings, supplied free by a national woodland charity, include oak, rowan, field
        maple and hawthorn, chosen because they cope well with the thin, stony soil left behind
        when the track was lifted in the 1960s.

        Each class was given its own stretch of embankment to look after. Pupils will return
        every term to check the tree guards, pull away grass and record which saplings have
        survived, with the results shared between the schools.

        "They were fighting over the spades," said Year 5 teacher Nadia Brooks from St Anne's.
        "Most of them have never planted anything bigger than a sunflower, and now they can say
        they have started a wood."

        The railway path is one of the most popular walking and cycling routes in the town, and
        the council says it will add benches and interpretation boards once the trees are
        established.
        """,
    ),
    Article(
        id=1006,
        slug="allotment-waiting-list-record",
        section="local",
        shape="html",
        title="Allotment waiting list hits record as demand for plots soars",
        dek="Nearly 600 people are now queuing for a patch of ground, and some have been told to "
        "expect a wait of eight years.",
        author="helen-whitcombe",
        published="2026-10-08T09:00:00+00:00",
        tags=("community", "environment"),
        unique_phrase="rhubarb",
        caption="Plots at the Hollins Lane allotment site.",
        photographer="Marcus Bell",
        text="""
        The waiting list for council allotments in Millbrook has reached 587 names, the highest
        since records began, with newcomers told they may wait up to eight years for a plot.

        Demand has risen steadily since the pandemic, according to the Millbrook and District
        Allotment Society, but the last two years have seen a sharp increase as food prices
        climbed and more people looked for cheaper ways to feed their families.

        At the Hollins Lane site, plot holder Ken Osei has been growing vegetables for 31 years.
        His half-plot produces potatoes, beans, onions and enough rhubarb to keep his neighbours
        in crumble all spring. "People see what comes off a plot and they want one," he said.

        The society has asked the council to split some full-size plots into halves and
        quarters, which it says could clear a third of the list within two years. Some existing
        tenants have resisted the idea, arguing that smaller plots are harder to rotate crops
        on.

        The council said it was also looking at two parcels of unused land near the cemetery and
        the old gasworks as possible new sites, though both would need soil testing first.

        Anyone wishing to join the list can apply online or at the town hall. Current tenants
        who no longer use their plots are being asked to give them up so they can be
        reallocated.
        """,
    ),
    Article(
        id=1007,
        slug="brewery-expands-albion-mill",
        section="business",
        shape="html",
        title="Millbrook brewery expands into former textile mill",
        dek="Heron Brewing will create 25 jobs and open a taproom in the listed Albion Mill.",
        author="daniel-okafor",
        published="2026-11-16T12:15:00+00:00",
        tags=("economy", "history"),
        unique_phrase="pilsner",
        caption="The Albion Mill beside the canal basin.",
        photographer="Aisha Khan",
        text="""
        Heron Brewing, which started in a garage on Canal Street seven years ago, is moving its
        entire operation into the former Albion Mill in a £3 million expansion that will create
        25 jobs.

        The company has signed a 25-year lease on the ground and first floors of the mill, which
        stood empty for most of the past decade after a furniture retailer moved out. Planning
        permission for the change of use was granted in September.

        Co-founder Lucy Tran said the brewery had outgrown its current site within two years of
        opening. "We have been turning down orders from pubs in Manchester and Leeds because we
        simply could not brew enough," she said. "This gives us room to triple our capacity."

        The new brewhouse will include a cold cellar for lagering, allowing Heron to produce a
        Czech-style pilsner alongside the pale ales and stouts it is known for. A taproom
        overlooking the canal basin is due to open next summer.

        The Albion Mill was built in 1862 and at its peak employed more than 600 people spinning
        cotton. Heritage campaigners welcomed the move, noting that the lease requires the
        brewery to retain the building's cast-iron columns and original window frames.

        Recruitment for brewing, packaging and hospitality roles will begin in the new year,
        with the company saying it will prioritise applicants from Millbrook and the surrounding
        villages.
        """,
    ),
    Article(
        id=1008,
        slug="pattinsons-hardware-closes",
        section="business",
        shape="date",
        title="Family-run hardware shop closes after 87 years on the High Street",
        dek="Pattinson & Sons will shut in December, with the owners blaming rising costs and "
        "online competition.",
        author="daniel-okafor",
        published="2026-11-09T08:30:00+00:00",
        tags=("economy", "community"),
        unique_phrase="ironmongery",
        caption="Michael and Carol Pattinson behind the shop counter.",
        photographer="Oliver Grant",
        text="""
        Pattinson & Sons, the hardware shop that has traded from the same High Street premises
        since 1939, will close for the last time on 20 December.

        The business was started by Arthur Pattinson with money he saved as a railway clerk and
        is now run by his grandson Michael, 64, and Michael's sister Carol. Neither of their
        children wants to take it on.

        "We have sold everything from paraffin to picture hooks," said Michael Pattinson.
        "People still come in and ask for a single screw, and we will open a drawer and find
        one. You cannot do that on the internet, but the internet is where people go now."

        The shop is known across the town for its floor-to-ceiling wooden drawers of
        ironmongery, many still labelled in Arthur's handwriting. The family has been approached
        by a museum in Bradford about taking the fittings once the stock has gone.

        Energy bills for the building have tripled since 2021, and business rates rose again in
        April. Carol Pattinson said the final straw was a rent review that would have added
        £9,000 a year to the shop's costs.

        The Millbrook Chamber of Trade said the closure left the High Street without an
        independent hardware retailer for the first time in more than a century. A closing-down
        sale begins next week.
        """,
    ),
    Article(
        id=1009,
        slug="software-startup-fire-station",
        section="business",
        shape="html",
        title="Software start-up moves into converted fire station",
        dek="Ledgerline, which makes accounting tools for charities, plans to double its staff "
        "to 40 by next autumn.",
        author="daniel-okafor",
        published="2026-10-30T13:40:00+00:00",
        tags=("economy", "schools"),
        unique_phrase="hackathon",
        caption="The converted engine bay at the old fire station.",
        photographer="Jane Doe",
        text="""
        A software company that builds accounting tools for small charities has moved into
        Millbrook's old fire station on Cross Street, bringing 20 jobs into the town centre.

        Ledgerline was founded in 2022 by two former students of Millbrook College, Ibrahim
        Sadiq and Chloe Dunn, and until this month operated from a shared workspace in Fenwick.
        Its software is now used by more than 1,400 charities across the UK.

        The fire station closed in 2017 when the service moved to a new site on the ring road.
        Its engine bay has been turned into an open-plan office, and the brass pole has been
        kept, although staff are politely asked not to use it.

        Sadiq said being in the town centre would make it easier to recruit. "We want people to
        be able to walk to work and walk to lunch. That matters more to younger developers than
        a car park," he said.

        The company plans to hold a weekend hackathon for sixth-formers in the spring and has
        offered two paid placements each year to students from Millbrook College.

        The council, which owns the building, said the ten-year lease would bring in around
        £45,000 a year and ensure that the station's distinctive red doors are preserved.
        """,
    ),
    Article(
        id=1010,
        slug="market-hall-rent-rise",
        section="business",
        shape="date",
        title="Market hall traders face rent rise as lease talks stall",
        dek="Stallholders warn that a proposed 18 per cent increase could empty the Victorian hall "
        "within a year.",
        author="helen-whitcombe",
        published="2026-10-22T09:50:00+00:00",
        tags=("economy", "council"),
        unique_phrase="cheesemonger",
        caption="Saturday shoppers in Millbrook Market Hall.",
        photographer="Marcus Bell",
        text="""
        Traders at Millbrook Market Hall say they face an 18 per cent rise in stall rents from
        April, and warn that several long-standing businesses could leave as a result.

        The council, which owns the Victorian hall, says rents have been frozen for six years
        and no longer cover the cost of running the building, including a new roof that was
        completed last year at a cost of £1.1 million.

        Stallholders have formed an association to negotiate as a group. Its chair, cheesemonger
        Alison Reid, has run her stall for 22 years and says the increase would wipe out most of
        her profit. "We are the reason people come into town on a Saturday. If we go, the shops
        around the hall will feel it too," she said.

        Talks between the association and the council's property department broke down last week
        after the two sides could not agree on whether the rise should be phased over three
        years.

        Eleven of the hall's 46 stalls are currently empty. The council says it has received
        enquiries about several of them and believes the market remains viable at the proposed
        rents.

        A further meeting has been scheduled for early December, and the association has asked
        the council's cabinet member for regeneration to attend in person.

        Shoppers have been invited to sign a card at each stall in support of the traders, and
        by Friday the cards carried more than 1,200 signatures.
        """,
    ),
    Article(
        id=1011,
        slug="airport-freight-link-fenwick",
        section="business",
        shape="html",
        title="Airport freight link boosts firms on Fenwick industrial estate",
        dek="A dedicated road connection has cut delivery times to the regional airport by twenty "
        "minutes.",
        author="courier-newsdesk",
        published="2026-10-14T15:05:00+00:00",
        tags=("transport", "economy"),
        unique_phrase="forklift",
        caption="The new freight link road near Hallam Cross.",
        photographer="Oliver Grant",
        source_url="https://example.org/regional/airport-freight-link-fenwick-estate",
        text="""
        Businesses on the Fenwick industrial estate say a new freight road linking them to the
        regional airport has cut journey times by around twenty minutes, making overnight
        delivery contracts easier to win.

        The 2.3-mile link road opened in August after two years of construction and allows
        lorries to bypass the congested junction at Hallam Cross. Figures from the combined
        authority show heavy goods traffic through the village has fallen by a third.

        One distribution firm on the estate has taken on fourteen extra staff since the road
        opened, including warehouse operatives and forklift drivers, and says it is now bidding
        for work from two online retailers.

        Not everyone has welcomed the change. Residents of Lower Hallam say noise from
        night-time traffic on the new road is worse than expected and have asked for an acoustic
        barrier along the section that passes closest to their homes.

        The combined authority said it would carry out noise monitoring over the winter and
        publish the results in the spring.
        """,
    ),
    Article(
        id=1012,
        slug="chapel-street-cafes-traffic-trial",
        section="business",
        shape="date",
        title="Cafes report surge in trade after town centre traffic ban trial",
        dek="Takings on Chapel Street are up by a quarter since cars were barred, but some "
        "retailers say they are losing customers.",
        author="daniel-okafor",
        published="2026-10-06T10:00:00+00:00",
        tags=("economy", "transport"),
        unique_phrase="cortado",
        caption="Outdoor tables on Chapel Street during the trial closure.",
        photographer="Aisha Khan",
        text="""
        Cafe and restaurant owners on Chapel Street say their takings have risen by as much as a
        quarter since the street was closed to traffic in a six-month trial that began in May.

        The closure allowed businesses to put tables outside for the first time, and the council
        has added planters, seating and a temporary performance space at the junction with
        Market Place.

        At the Lantern Coffee House, owner Marta Kowalski said the summer had been the busiest
        since she opened. "People sit outside with a cortado and stay for an hour. Before,
        nobody wanted to sit next to a queue of vans," she said.

        Not all traders are convinced. The owner of an electrical repair shop at the far end of
        the street said customers who used to park outside for a few minutes to drop off a
        television now go to a retail park instead.

        The council will publish footfall figures and the results of a public consultation in
        December before deciding whether to make the closure permanent. A loading bay at the
        northern end has been proposed as a compromise for businesses that rely on deliveries.
        """,
    ),
    Article(
        id=1013,
        slug="otters-return-river-mill",
        section="science",
        shape="date",
        title="University team tracks otters returning to the River Mill",
        dek="Camera traps and droppings surveys suggest at least three otters are now living "
        "within the town boundary.",
        author="priya-raman",
        published="2026-11-14T07:30:00+00:00",
        tags=("environment", "history"),
        unique_phrase="spraint",
        caption="A still from one of the university's riverbank cameras.",
        photographer="Jane Doe",
        text="""
        Otters have returned to the stretch of the River Mill that runs through Millbrook town
        centre for the first time in living memory, according to researchers at Northdale
        University.

        The team set up twelve motion-triggered cameras along the riverbank last winter after a
        dog walker reported seeing a large animal near the weir. The footage has since captured
        at least three individuals, including a female with two cubs.

        Researchers have also been surveying for spraint, the distinctive droppings otters use
        to mark territory, which can be analysed to reveal what the animals are eating. Early
        results show a diet dominated by eels, bullheads and signal crayfish.

        Dr Ellen Marsh, who leads the project, said the return was a sign of improving water
        quality. "Fifty years ago this river was so polluted by the dye works that almost
        nothing lived in it. Otters are at the top of the food chain, so their presence tells us
        the whole system is recovering."

        The researchers have asked the public not to try to find the holt, which they say is in
        a quiet stretch of bank on private land, and to keep dogs on leads near the water.

        Sightings can be reported through the university's website, and the team plans to
        publish its first year of findings next summer.
        """,
    ),
    Article(
        id=1014,
        slug="amateur-astronomer-supernova",
        section="science",
        shape="html",
        title="Amateur astronomer spots exploding star from back-garden observatory",
        dek="Retired postman Geoff Tarrant's discovery has been confirmed by professional "
        "telescopes in Spain and Chile.",
        author="grace-lindqvist",
        published="2026-11-02T18:20:00+00:00",
        tags=("community", "schools"),
        unique_phrase="spectrograph",
        caption="Geoff Tarrant in his back-garden observatory.",
        photographer="Marcus Bell",
        text="""
        A retired postman from Millbrook has become one of only a handful of British amateurs to
        discover a supernova, after spotting a new point of light in a distant galaxy from his
        back-garden observatory.

        Geoff Tarrant, 68, was carrying out a routine survey of nearby galaxies on the night of
        24 October when he noticed a faint star that had not appeared in his images a week
        earlier.

        He reported the object to an international clearing house for transient discoveries, and
        within two days observers using a spectrograph on the island of La Palma had confirmed
        it as a type II supernova, the collapse of a massive star roughly 90 million light years
        away. A second telescope in Chile has since tracked it as it fades.

        "I had to read the email three times before I believed it," said Mr Tarrant, who built
        his domed observatory himself from a kit during the first lockdown. "I have been looking
        at the sky for forty years and I never expected to find anything that nobody else had
        seen first."

        His telescope is a 35-centimetre instrument controlled from a laptop in his kitchen,
        which allows him to image dozens of galaxies a night when the weather allows. He says
        the hardest part of the hobby in Millbrook is the cloud.

        Mr Tarrant gives talks to local schools and has invited the Millbrook Astronomical
        Society to an open evening at his observatory in the new year.
        """,
    ),
    Article(
        id=1015,
        slug="hospital-ai-chest-xrays",
        section="science",
        shape="date",
        title="Millbrook General trials AI software to read chest X-rays",
        dek="The system flags urgent scans for radiologists, and early results suggest waiting "
        "times have fallen sharply.",
        author="priya-raman",
        published="2026-10-25T11:30:00+00:00",
        tags=("health",),
        unique_phrase="pneumothorax",
        caption="The radiology department at Millbrook General.",
        photographer="Oliver Grant",
        text="""
        Millbrook General Hospital has become one of the first in the region to use artificial
        intelligence to help read chest X-rays, in a trial that doctors say is already speeding
        up diagnosis for the most urgent patients.

        The software examines every chest X-ray taken in the emergency department and outpatient
        clinics, and moves scans with suspected serious findings to the top of radiologists'
        reporting lists. It does not make a diagnosis on its own, and every image is still
        reviewed by a specialist.

        In the first three months the average time to report urgent scans fell from eleven hours
        to just under two. In one case the system flagged a collapsed lung, known as a
        pneumothorax, in a young patient who had been sent home, allowing staff to call him back
        within the hour.

        Consultant radiologist Dr Samir Haddad said the tool was most valuable overnight and at
        weekends, when fewer specialists are on duty. "It is like having a very fast, very
        tireless colleague who sorts the pile for you," he said. "But it is a colleague who
        still needs checking."

        The hospital says it is monitoring the system closely for missed findings and for any
        difference in performance between groups of patients. The trial will run for a year
        before a decision is made on whether to keep it.

        Patients can opt out of having their images processed by the software by speaking to the
        radiography department.
        """,
    ),
    Article(
        id=1016,
        slug="microplastics-farmland-soil",
        section="science",
        shape="html",
        title="Microplastics found in farmland soil around Millbrook",
        dek="A regional study found fragments in every field sampled, with the highest levels "
        "where sewage sludge had been spread.",
        author="courier-newsdesk",
        published="2026-10-17T14:00:00+00:00",
        tags=("environment", "health"),
        unique_phrase="polypropylene",
        caption="Soil cores being collected from a field near Fenwick.",
        photographer="Aisha Khan",
        source_url="https://example.org/science/microplastics-found-in-farmland-soil",
        text="""
        Tiny fragments of plastic have been found in every one of the 48 farm fields sampled
        around Millbrook as part of a regional study into soil contamination.

        Researchers collected soil cores from arable and grazing land between 2023 and 2025 and
        used infrared spectroscopy to identify the particles. The most common types were
        polyethylene from film and packaging and polypropylene fibres thought to come from rope,
        sacks and synthetic clothing.

        Concentrations were highest on fields where treated sewage sludge had been spread as
        fertiliser, a practice that is legal and widely used across the country. Fields that had
        never received sludge still contained plastic, which the authors attribute to windblown
        litter and degraded agricultural plastics.

        The authors said it was not yet clear what effect the particles have on crops,
        earthworms or soil structure, and called for long-term monitoring.

        The National Farmers' Union said farmers should not be blamed for plastic that arrived
        in sludge they had been encouraged to use, and called for stricter controls at treatment
        works.
        """,
    ),
    Article(
        id=1017,
        slug="wettest-october-weather-station",
        section="science",
        shape="date",
        title="Town weather station records wettest October since 1891",
        dek="Volunteers at the Millbrook Park station measured 212mm of rain, more than double the "
        "monthly average.",
        author="courier-newsdesk",
        published="2026-11-04T09:15:00+00:00",
        tags=("weather", "environment"),
        unique_phrase="anemometer",
        caption="The rain gauge at the Millbrook Park weather station.",
        photographer="Marcus Bell",
        source_url="https://example.org/weather/wettest-october-on-record-northern-stations",
        text="""
        Millbrook has had its wettest October in more than 130 years, according to readings from
        the volunteer-run weather station in Millbrook Park.

        The station recorded 212 millimetres of rain during the month, more than twice the
        long-term average and narrowly above the previous record set in 1891. Rain fell on 27 of
        the 31 days.

        The station has been operating continuously since 1884, first at the grammar school and
        later in the park, and is one of the longest unbroken records in the north of England.
        Its instruments are checked every morning at 9am by a rota of volunteers.

        Gusts of up to 61 miles per hour were recorded by the station's anemometer during the
        storm on 19 October, which brought down trees on Hollins Lane and left around 800 homes
        without power.

        Climate scientists say the record fits a pattern of heavier autumn rainfall across
        northern England, as a warmer atmosphere holds more moisture.

        The Environment Agency said river levels on the Mill had come within 30 centimetres of
        the flood defences on two occasions during the month.
        """,
    ),
    Article(
        id=1018,
        slug="bat-survey-dene-viaduct",
        section="science",
        shape="html",
        title="Schoolchildren's bat survey finds new colony under old viaduct",
        dek="Pupils using handheld detectors recorded hundreds of calls on summer evenings beneath "
        "the Dene Viaduct.",
        author="grace-lindqvist",
        published="2026-10-11T16:45:00+00:00",
        tags=("schools", "environment"),
        unique_phrase="pipistrelle",
        caption="The Dene Viaduct at dusk.",
        photographer="Jane Doe",
        text="""
        A bat survey carried out by secondary school pupils has uncovered a previously unknown
        colony roosting in the arches of the disused Dene Viaduct.

        Students from Millbrook Academy's eco-club spent six summer evenings walking transects
        along the valley with handheld ultrasonic detectors, which convert the bats'
        high-pitched echolocation calls into sounds people can hear.

        The recordings were analysed with help from the county bat group, which identified the
        common pipistrelle as by far the most frequent species, along with smaller numbers of
        Daubenton's bats feeding low over the river.

        Emergence counts at dusk suggested that at least 150 bats were leaving a crevice in the
        third arch from the northern end. The bat group said it was likely to be a maternity
        roost, where females gather to raise their young.

        "It was amazing to stand there and hear them all coming out at once," said Year 10
        student Amelia Chowdhury. "You could see them against the sky if you looked carefully."

        Network Rail, which owns the viaduct, has been informed, and any future maintenance work
        will need to be timed to avoid disturbing the roost. Bats and their roosts are protected
        by law.

        The eco-club plans to repeat the survey next summer and to put up bat boxes in the
        school grounds.
        """,
    ),
    Article(
        id=1019,
        slug="millbrook-town-late-winner-fenwick",
        section="sport",
        shape="date",
        title="Millbrook Town snatch late winner against Fenwick Rovers",
        dek="Substitute Jordan Pike scored in the 93rd minute to settle a bad-tempered derby at "
        "Mill Lane.",
        author="callum-fraser",
        published="2026-11-15T17:55:00+00:00",
        tags=("grassroots-sport",),
        unique_phrase="crossbar",
        caption="Jordan Pike celebrates his winning goal.",
        photographer="Oliver Grant",
        text="""
        Substitute Jordan Pike scored in the third minute of stoppage time to give Millbrook
        Town a 2-1 win over local rivals Fenwick Rovers in front of a season-best crowd of 1,842
        at Mill Lane.

        The visitors had looked the more dangerous side for much of a scrappy first half and
        went ahead in the 38th minute when Lewis Carver headed in a corner at the near post.

        Town levelled six minutes after the interval. Captain Reece Dalton's long-range shot
        struck the underside of the crossbar and bounced down over the line, with the assistant
        referee confirming the goal after a brief delay.

        The derby grew increasingly bad-tempered as the second half wore on, with seven bookings
        and a touchline confrontation between the two benches that led to both assistant
        managers being sent to the stand.

        Pike, who came on with fifteen minutes left, had barely touched the ball before he
        pounced on a loose clearance at the edge of the area and drove a low shot inside the far
        post.

        "That is what derbies are about," said Town manager Steve Gorman. "It was not pretty,
        but the lads kept going, and the crowd got us over the line at the end."

        The win lifts Town to fourth in the Northern Counties Premier Division, three points
        behind the leaders with a game in hand.
        """,
    ),
    Article(
        id=1020,
        slug="rowing-club-centenary-regatta",
        section="sport",
        shape="html",
        title="Rowing club celebrates centenary with regatta on the Mill",
        dek="More than 300 rowers from twenty clubs raced on a course lined with spectators and "
        "bunting.",
        author="grace-lindqvist",
        published="2026-11-07T15:30:00+00:00",
        tags=("grassroots-sport", "history"),
        unique_phrase="coxswain",
        caption="Crews racing towards Victoria Bridge during the centenary regatta.",
        photographer="Aisha Khan",
        text="""
        Millbrook Amateur Rowing Club marked its hundredth anniversary on Saturday with a
        regatta that drew more than 300 competitors from twenty clubs across the north of
        England.

        Crews raced over a 500-metre course between the weir and Victoria Bridge, with
        spectators lining both banks and the towpath decorated with bunting in the club's green
        and white colours.

        The club was founded in 1926 by workers from the Albion Mill, who built their first
        boathouse from timber salvaged from a demolished chapel. That building was replaced in
        the 1970s, but the original oars, carved with the names of the founding members, still
        hang above the door.

        The oldest competitor on the water was 84-year-old Dennis Hartley, who first rowed for
        the club in 1958 and took his place as coxswain of a veterans' eight. "I have shouted at
        a lot of rowers in my time," he said. "They still do not listen."

        The host club won seven of its fourteen events, including the junior quad sculls and the
        women's coxed four, and a celebration dinner was held at the boathouse in the evening.

        The club, which now has more than 180 members, is raising money for a new adaptive
        rowing boat so that people with disabilities can take part in the sport.
        """,
    ),
    Article(
        id=1021,
        slug="sprinter-county-200m-record",
        section="sport",
        shape="date",
        title="Teenage sprinter breaks county 200m record",
        dek="Sixteen-year-old Keisha Morgan ran 23.61 seconds at the county indoor championships.",
        author="callum-fraser",
        published="2026-10-31T19:10:00+00:00",
        tags=("grassroots-sport", "schools"),
        unique_phrase="tailwind",
        caption="Keisha Morgan after her record-breaking run.",
        photographer="Jane Doe",
        text="""
        Millbrook Harriers sprinter Keisha Morgan broke a county record that had stood for 29
        years when she won the under-17 200 metres at the county indoor championships in
        Sheffield on Sunday.

        The 16-year-old crossed the line in 23.61 seconds, taking a tenth of a second off the
        mark set by Olympic relay runner Paula Whitmore in 1997. Because the race was held
        indoors, there was no question of a tailwind helping her time.

        Morgan, a sixth-form student at Millbrook Academy, only took up athletics three years
        ago after a PE teacher noticed her speed in a school sports day relay.

        "I knew I was running well but I did not look at the clock until I had stopped," she
        said. "When I saw the time I just started crying."

        Her coach, Winston Clarke, said Morgan's strength was her bend running. "Most young
        sprinters lose speed coming off the curve. She gains it," he said.

        She will now be considered for selection for the England Schools team and is targeting
        the national under-18 championships next summer.
        """,
    ),
    Article(
        id=1022,
        slug="cricket-pavilion-rebuilt",
        section="sport",
        shape="html",
        title="Cricket club pavilion rebuilt after arson attack",
        dek="Members of Millbrook Cricket Club raised £210,000 to replace the clubhouse destroyed "
        "by fire last year.",
        author="callum-fraser",
        published="2026-10-20T12:00:00+00:00",
        tags=("grassroots-sport", "community"),
        unique_phrase="groundsman",
        caption="The new pavilion at Millbrook Cricket Club.",
        photographer="Marcus Bell",
        text="""
        Millbrook Cricket Club has opened a new pavilion eighteen months after its 1920s
        clubhouse was destroyed in an arson attack.

        The fire, in the early hours of an April morning last year, gutted the timber building
        and destroyed a century of scorebooks, team photographs and honours boards. Two
        teenagers were later given youth rehabilitation orders for starting it.

        Members raised £210,000 through sponsored walks, quiz nights and a crowdfunding appeal,
        and the England and Wales Cricket Board contributed a further £60,000 from its
        facilities fund.

        The new pavilion has changing rooms for women's and junior teams, a kitchen, and a
        veranda that looks out over the square. Much of the labour was carried out by
        volunteers, including the club's long-serving groundsman Alf Tordoff, who fitted every
        skirting board himself.

        Club chair Sunita Patel said the fire had brought the club closer together. "We lost a
        building, and we lost things we can never get back, but we found out how many people
        care about this place," she said.

        An appeal for old photographs and scorecards has so far recovered copies of more than
        200 images, which will be displayed in the clubroom.
        """,
    ),
    Article(
        id=1023,
        slug="greaves-park-5k-500th-run",
        section="sport",
        shape="date",
        title="Saturday morning 5k in Greaves Park celebrates its 500th run",
        dek="A record 612 runners, joggers and walkers took part in the milestone event.",
        author="grace-lindqvist",
        published="2026-10-12T11:25:00+00:00",
        tags=("grassroots-sport", "health"),
        unique_phrase="barcode",
        caption="Runners setting off from the boating lake in Greaves Park.",
        photographer="Oliver Grant",
        text="""
        A record 612 people took part in the free Saturday morning five-kilometre run in Greaves
        Park at the weekend as the event celebrated its 500th edition.

        The run began in 2014 with 43 participants and has grown into one of the town's largest
        regular gatherings, attracting everyone from club athletes to parents pushing buggies
        and people walking the course with their dogs.

        Each participant registers once online and brings a printed barcode, which volunteers
        scan at the finish to record their time. Results are emailed out within an hour of the
        last finisher crossing the line.

        None of it would happen without the volunteers, said event director Claire Young. More
        than 2,000 different people have helped as marshals, timekeepers and tail walkers since
        the run started, she said.

        Among those completing the milestone run was 79-year-old Harold Bentham, who has taken
        part 412 times and was presented with a cake decorated with the course map.

        The event starts at 9am every Saturday by the park's boating lake. Newcomers are asked
        to register in advance and arrive ten minutes early for the first-timers' briefing.
        """,
    ),
    Article(
        id=1024,
        slug="womens-rugby-promotion",
        section="sport",
        shape="html",
        title="Women's rugby side seal promotion with four games to spare",
        dek="Millbrook Vixens have won all fourteen league matches this season and will move up "
        "to Championship North.",
        author="callum-fraser",
        published="2026-11-18T20:05:00+00:00",
        tags=("grassroots-sport", "community"),
        unique_phrase="lineout",
        caption="The Vixens celebrate promotion after the win over Harrogate.",
        photographer="Aisha Khan",
        text="""
        Millbrook's women's rugby team have secured promotion with four matches of the season
        still to play, after a 41-7 victory over Harrogate Ladies on Sunday.

        The Vixens have won all fourteen of their league games, scoring 96 tries and conceding
        just nine. They will play in Championship North next season, the highest level the club
        has reached.

        The side was formed only six years ago, when a group of mothers who had been watching
        their children play junior rugby asked whether they could try the sport themselves.
        Fewer than half of the first squad had ever held a rugby ball.

        Head coach Bryony Walsh said the team's set piece had been the foundation of the season.
        "Our lineout has been close to perfect, and that gives us a platform in every game," she
        said. "But it is the way they work for each other that has made the difference."

        Second-row forward Hannah Kettlewell scored twice on Sunday to take her tally for the
        season to nineteen tries, a club record for a forward.

        The club is holding open training sessions on Wednesday evenings for women aged 18 and
        over who would like to try the sport, with no experience needed.

        The Vixens' final home game of the season is against Scarborough on 6 December.
        """,
    ),
)

"""Seeded German local-news prose for the German template (same idea as ``prose``).

Slots stand in nominative positions only, and headlines drop articles as German
headlines do, so no declension is needed.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from bench.sites.prose import Story

VORNAMEN = (
    "Anna Jürgen Sabine Thomas Katrin Michael Petra Stefan Jana Lukas Müge Sören Ursula "
    "Tobias Leonie Dirk Aylin Matthias Birgit Jörg Franziska Hannes"
).split()
NACHNAMEN = (
    "Müller Schäfer Wagner Becker Hoffmann Schröder Neumann Krüger Yilmaz Köhler Lehmann "
    "Weiß Hartmann Böhm Jäger Schulze Kowalczyk Brandt Vogel Möller"
).split()
ORTE = "Lindenau Birkenfeld Hohenau Talheim Bergstetten Eschbach Rodewald Altenmühle".split()
STRASSEN = (
    "der Hauptstraße|der Bahnhofstraße|der Schillerstraße|der Mühlenstraße|der "
    "Lindenallee|der Gartenstraße|der Kirchgasse"
).split("|")
WOCHENTAGE = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()
MONATE = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
).split()
TEAMS = (
    "SV Lindenau|TSV Birkenfeld|FC Hohenau 09|SpVgg Talheim|VfR Bergstetten|"
    "SG Eschbach/Rodewald|TuS Altenmühle"
).split("|")

# (nominative phrase, bare noun for headlines)
THEMEN = {
    "lokales": [
        ("der Haushalt", "Haushalt"),
        ("das Hallenbad", "Hallenbad"),
        ("die Ortsumgehung", "Ortsumgehung"),
        ("der neue Radweg", "Radweg"),
        ("das Neubaugebiet „Am Sonnenhang“", "Neubaugebiet"),
        ("die Erhöhung der Kita-Gebühren", "Kita-Gebühren"),
        ("die Sanierung der Grundschule", "Grundschulsanierung"),
        ("der Umbau des Marktplatzes", "Marktplatz-Umbau"),
        ("die neue Buslinie", "Buslinie"),
        ("das Gewerbegebiet Nord", "Gewerbegebiet"),
        ("die Feuerwache", "Feuerwache"),
    ],
    "wirtschaft": [
        ("der Stellenabbau", "Stellenabbau"),
        ("die Betriebserweiterung", "Betriebserweiterung"),
        ("die Insolvenz des Autozulieferers", "Zulieferer-Insolvenz"),
        ("der Tarifstreit", "Tarifstreit"),
        ("das neue Logistikzentrum", "Logistikzentrum"),
        ("die Nachfolge im Familienbetrieb", "Firmennachfolge"),
    ],
    "kultur": [
        ("das Stadtfest", "Stadtfest"),
        ("die Sanierung des Stadttheaters", "Stadttheater"),
        ("die neue Ausstellung im Heimatmuseum", "Heimatmuseum"),
        ("das Orgelkonzert", "Orgelkonzert"),
        ("die Stadtbibliothek", "Stadtbibliothek"),
    ],
    "sport": [
        ("der Abstiegskampf", "Abstiegskampf"),
        ("das Derby", "Derby"),
        ("der neue Kunstrasenplatz", "Kunstrasen"),
        ("die Trainerfrage", "Trainerfrage"),
        ("der Aufstieg", "Aufstieg"),
    ],
}
ORGS = {
    "lokales": "der Stadtrat|die Kreisverwaltung|der Bauausschuss|die Stadtverwaltung|der "
    "Ortsbeirat|der Gemeinderat|die Bürgerinitiative",
    "wirtschaft": "die Geschäftsführung|der Betriebsrat|die Industrie- und Handelskammer|die "
    "Gewerkschaft|die Agentur für Arbeit|der Vorstand",
    "kultur": "der Kulturverein|die Stadtverwaltung|der Förderverein|das Kulturamt|die Musikschule",
    "sport": "der Verein|der Vorstand|der Kreisfußballverband|die Mannschaft|der Trainer",
}
ROLLEN = {
    "lokales": "Bürgermeisterin|Bürgermeister|Stadtkämmerer|Fraktionsvorsitzende|Sprecher der "
    "Stadtverwaltung|Vorsitzender des Bauausschusses|Ortsvorsteherin",
    "wirtschaft": "Geschäftsführer|Betriebsratsvorsitzende|IHK-Sprecherin|Gewerkschaftssekretär|"
    "Personalchefin",
    "kultur": "Intendantin|Museumsleiter|Vorsitzende des Kulturvereins|Kulturamtsleiter|Dirigent",
    "sport": "Trainer|Kapitän|Vereinsvorsitzender|Sportlicher Leiter|Torhüter",
}
ADJ = (
    "überhastet|längst überfällig|zu teuer|mutig|unausgegoren|vernünftig|kaum umsetzbar|"
    "ein guter Kompromiss|ein fauler Kompromiss"
).split("|")
ZITATE = [
    "Wir haben lange darum gerungen, aber am Ende zählt das Ergebnis.",
    "Das ist kein Grund zum Jubeln, aber ein wichtiger Schritt.",
    "Die Bürgerinnen und Bürger haben ein Recht auf Klarheit.",
    "So kann es nicht weitergehen.",
    "Wir werden uns das sehr genau ansehen.",
    "Ich verstehe den Ärger, aber die Zahlen sind eindeutig.",
    "Niemand hat gesagt, dass es einfach wird.",
    "Das hätte man vor fünf Jahren anpacken müssen.",
]
SAETZE = [
    "{Thema} sorgt in {Ort} seit Wochen für Gesprächsstoff.",
    "„{Zitat}“, sagte {Person}.",
    "{Org} will bis {Monat} eine Entscheidung treffen.",
    "Die Kosten werden inzwischen auf {Betrag} geschätzt.",
    "Nach Angaben der Verwaltung haben sich bislang {Zahl} Bürgerinnen und Bürger an der "
    "Umfrage beteiligt.",
    "Kritiker halten das Vorhaben für {Adj}.",
    "Im Ausschuss gab es dazu eine lange und teils hitzige Debatte.",
    "{Nachname} kündigte an, das Thema in der nächsten Sitzung erneut aufzurufen.",
    "Die Entscheidung fiel mit {n1} zu {n2} Stimmen.",
    "Ob der Zeitplan zu halten ist, bleibt offen.",
    "Anwohner {Strasse} klagen seit Monaten über Lärm und Staub.",
    "Bereits im Jahr {Jahr} war ein ähnlicher Plan gescheitert.",
    "Die Opposition forderte mehr Transparenz und eine offene Bürgerversammlung.",
    "Eine Informationsveranstaltung ist für {Wochentag} um 19 Uhr im Rathaus geplant.",
    "{Person2} sieht das anders: Die Sorgen seien übertrieben.",
    "Wie es nun weitergeht, soll im {Monat} feststehen.",
    "Auch im Nachbarort {Ort2} wird das Thema aufmerksam verfolgt.",
    "Fördermittel des Landes in Höhe von {Betrag2} sind bereits beantragt.",
    "Eine Sprecherin der Stadt bestätigte die Zahlen auf Nachfrage unserer Zeitung.",
    "Für viele Familien ist das eine spürbare Belastung.",
    "{Org} hatte das Projekt im {Monat} {Jahr} erstmals vorgestellt.",
    "Das letzte Wort hat nun der Kreistag.",
    "Die Pläne liegen bis Ende {Monat} im Rathaus öffentlich aus.",
    "Schon jetzt ist klar: Ohne Kompromisse wird es nicht gehen.",
    "Am Rande der Sitzung zeigten sich viele Zuhörer enttäuscht.",
    "Über die Details soll in nichtöffentlicher Sitzung beraten werden.",
    "Einwände können noch bis zum {Tag}. {Monat} schriftlich eingereicht werden.",
]
SPORT_SAETZE = [
    "{Team} gewann am {Wochentag} mit {n1}:{n2} gegen {Team2}.",
    "Vor {Zahl} Zuschauern begann die Partie zunächst verhalten.",
    "Trainer {Person} war nach dem Abpfiff dennoch nicht ganz zufrieden.",
    "In der {Minute}. Minute fiel schließlich die Entscheidung.",
    "Damit steht die Mannschaft auf Tabellenplatz {Platz}.",
    "Am kommenden Wochenende wartet das schwere Auswärtsspiel in {Ort2}.",
]
WIRTSCHAFT_SAETZE = [
    "Das Unternehmen beschäftigt rund {Zahl} Mitarbeiterinnen und Mitarbeiter.",
    "Der Umsatz stieg im vergangenen Geschäftsjahr um {Prozent} Prozent.",
    "Die Gewerkschaft kündigte weitere Warnstreiks an.",
    "Nach Einschätzung der IHK ist die Lage im Landkreis angespannt.",
]
TITEL = {
    "lokales": [
        "{Org_kurz} vertagt Entscheidung über {Bare}",
        "Streit um {Bare} geht weiter",
        "{Bare}: Kosten steigen auf {Betrag}",
        "{Ort}: Was {Bare} für Anwohner bedeutet",
        "Neue Pläne für {Bare} in {Ort}",
        "{Bare} kommt später als geplant",
        "Bürger protestieren gegen {Bare}",
    ],
    "wirtschaft": [
        "{Bare}: Belegschaft in {Ort} bangt",
        "{Bare} in {Ort} – wie geht es weiter?",
        "IHK warnt vor Folgen: {Bare}",
        "Einigung bei {Bare} in Sicht",
    ],
    "kultur": [
        "{Bare} lockt Tausende nach {Ort}",
        "{Bare}: Programm steht fest",
        "Ehrenamtliche retten {Bare}",
        "{Bare} in {Ort} feiert Jubiläum",
    ],
    "sport": [
        "{Team} gewinnt {Bare} gegen {Team2}",
        "{Team}: Trainer {Nachname} vor dem {Bare}",
        "Bittere Niederlage für {Team}",
        "{Team2} verliert Spitzenspiel in {Ort}",
    ],
}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def slugify_de(text: str, max_words: int = 10) -> str:
    table = str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
    )
    words = re.findall(r"[a-z0-9]+", text.translate(table).lower())
    return "-".join(words[:max_words])


class SchreiberDE:
    """Writes German local stories, reproducibly from ``seed``."""

    def __init__(self, seed: int, start: dt.datetime) -> None:
        self.rng = random.Random(seed)
        self.start = start
        self._next_id = 0
        self._titles: set[str] = set()
        self.staff = sorted({self._name() for _ in range(7)})

    def _name(self) -> str:
        return f"{self.rng.choice(VORNAMEN)} {self.rng.choice(NACHNAMEN)}"

    def _fill(self, template: str, ctx: dict) -> str:
        r = self.rng

        def slot(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in ctx:
                return ctx[name]
            values = {
                "Ort2": lambda: r.choice([o for o in ORTE if o != ctx["Ort"]]),
                "Team2": lambda: r.choice([t for t in TEAMS if t != ctx.get("Team")]),
                "Org": lambda: _upper_first(r.choice(ORGS[ctx["ressort"]].split("|"))),
                "Strasse": lambda: r.choice(STRASSEN),
                "Wochentag": lambda: r.choice(WOCHENTAGE),
                "Monat": lambda: r.choice(MONATE),
                "Tag": lambda: str(r.randint(1, 28)),
                "Jahr": lambda: str(r.randint(2005, 2022)),
                "Zahl": lambda: f"{r.randint(120, 4800):,}".replace(",", "."),
                "Betrag": lambda: f"{r.randint(1, 19)},{r.randint(1, 9)} Millionen Euro",
                "Betrag2": lambda: f"{r.randint(150, 900)}.000 Euro",
                "Prozent": lambda: str(r.randint(2, 19)),
                "Adj": lambda: r.choice(ADJ),
                "Zitat": lambda: r.choice(ZITATE),
                "n1": lambda: str(r.randint(2, 21)),
                "n2": lambda: str(r.randint(0, 14)),
                "Minute": lambda: str(r.randint(55, 89)),
                "Platz": lambda: str(r.randint(2, 14)),
                "Person": lambda: self._person(ctx, 0),
                "Person2": lambda: self._person(ctx, 1),
                "Nachname": lambda: ctx["cast"][0][0].split()[-1],
            }
            return values[name]() if name in values else m.group(0)

        out = re.sub(r"\{(\w+)\}", slot, template).replace(".“,", "“,")
        return out[0].upper() + out[1:]

    def _person(self, ctx: dict, idx: int) -> str:
        cast = ctx["cast"]
        idx = idx % len(cast)
        name, rolle, seen = cast[idx]
        if seen:
            return name.split()[-1]
        cast[idx] = (name, rolle, True)
        return f"{rolle} {name}"

    def story(self, ressort: str, *, brief: bool = False, section: str = "") -> Story:
        r = self.rng
        thema, bare = r.choice(THEMEN[ressort])
        ort = r.choice(ORTE)
        ctx = {
            "ressort": ressort,
            "Thema": thema,
            "ThemaCap": _upper_first(thema),
            "Bare": bare,
            "Ort": ort,
            "Team": r.choice(TEAMS),
            "Org_kurz": r.choice(ORGS[ressort].split("|")).split()[-1],
            "cast": [(self._name(), r.choice(ROLLEN[ressort].split("|")), False) for _ in range(3)],
        }
        ctx["Betrag"] = f"{r.randint(1, 19)},{r.randint(1, 9)} Millionen Euro"
        for _ in range(40):
            title = self._fill(r.choice(TITEL[ressort]), ctx)
            if title not in self._titles:
                break
        self._titles.add(title)
        pool = SAETZE + (SPORT_SAETZE * 4 if ressort == "sport" else [])
        pool += WIRTSCHAFT_SAETZE * 2 if ressort == "wirtschaft" else []
        target = r.randint(80, 150) if brief else r.randint(300, 800)
        lede = self._fill(
            r.choice(
                [
                    "{Thema} beschäftigt {Ort} weiter: {Org} hat sich am {Wochentag} erneut "
                    "mit dem Thema befasst.",
                    "In {Ort} ist eine Entscheidung gefallen: {ThemaCap} kommt, aber später als "
                    "geplant.",
                    "Seit Monaten wird in {Ort} diskutiert, jetzt liegt ein Ergebnis vor.",
                ]
            ),
            ctx,
        )
        paragraphs = [lede]
        count = len(lede.split())
        used: set[str] = set()
        while count < target:
            sents = []
            for _ in range(r.randint(1, 2) if brief else r.randint(2, 4)):
                fresh = [t for t in pool if t not in used] or pool
                t = r.choice(fresh)
                used.add(t)
                sents.append(self._fill(t, ctx))
            para = " ".join(sents)
            paragraphs.append(para)
            count += len(para.split())
        if brief:
            while count > 150 and len(paragraphs) > 1:
                count -= len(paragraphs.pop().split())
        self._next_id += 1
        when = self.start - dt.timedelta(hours=r.randint(1, 20 * 24), minutes=r.randint(0, 59))
        author = r.choice(self.staff)
        return Story(
            id=self._next_id,
            section=section or ressort,
            topic=ressort,
            title=title,
            slug=slugify_de(title),
            standfirst=self._fill("{Thema} bleibt ein Streitthema in {Ort}.", ctx),
            paragraphs=paragraphs,
            author=author,
            author_slug=slugify_de(author, 3),
            published=when.replace(second=0, microsecond=0),
            tags=[slugify_de(bare)],
            brief=brief,
        )

    def absaetze(self, ressort: str, words: int) -> list[str]:
        ctx = {
            "ressort": ressort,
            "Thema": THEMEN[ressort][0][0],
            "Bare": THEMEN[ressort][0][1],
            "Ort": ORTE[0],
            "cast": [(self._name(), "Sprecherin", False) for _ in range(2)],
        }
        out: list[str] = []
        count = 0
        while count < words:
            para = " ".join(self._fill(self.rng.choice(SAETZE), ctx) for _ in range(3))
            out.append(para)
            count += len(para.split())
        return out

"""Debris rules on the extracted text: lines that are not the article even after the
DOM rules ran ("Source link", "Leave a Reply", credits, calls to action, repeated
paragraphs, the headline and byline repeated at the top). Pure.

Every rule has a name, a stat ``extract/debris/<name>``, and can be switched off by
name (``EXTRACT_DEBRIS_DISABLED``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]{2,}")  # a word of two letters or more
_LEFTOVER = re.compile(
    # Phrases that are debris wherever they start a short line...
    r"^\W*(source link|read more|read also|also read|read next|see also"
    r"|continue reading|keep reading|read the full (story|article)|click here to read more"
    r"|image credit|photo credit|image source|leave a (reply|comment)|cancel reply|post comment"
    r"|your email address will not be published|required fields are marked"
    r"|save my name, email|sign up for|subscribe to|posted (by|in|on)|filed (under|in)"
    r"|lire aussi|à lire aussi|lesen sie auch|mehr zum thema|leer más|lee también|leggi anche)\b"
    # ...and single words that are labels only with a colon after them, or alone.
    r"|^\W*(source|sources|more|related|via|image|photo|photograph|picture"
    r"|quelle|quellen|fuente|fuentes|fonte|fonti|bron|bronnen|\u017ar\u00f3d\u0142o|bild|foto)\s*(:|$)",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(
    r"[|/\u2013\u2014-]\s*(image|photo|picture|foto|video)\s*(credit|courtesy|source|by)?\s*"
    r"[:\u2013\u2014-]",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\(?(photo|image|picture|foto|credit|illustration|graphic)s?( by| credit|:)\s*[^.]{0,80}\)?$",
    re.IGNORECASE,
)
_MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?)"
)
_DATE_LINE = re.compile(
    r"^\W*((published|updated|posted|last updated|modified)( on)?:?\s*)?"
    r"((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?"
    r"(" + _MONTHS + r"\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(st|nd|rd|th)?\s+" + _MONTHS + r"\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"([\s,|at-]*\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*[a-z]{2,5})?)?\W*$",
    re.IGNORECASE,
)
_BYLINE_LINE = re.compile(r"^(by|von|par|por|door|written by|words by)\s+[A-Z\u00c0-\u024f]", re.I)
_TEASER_TAIL = re.compile(
    r"(\s*(\u2026|\.\.\.)?\s*(continue reading|read more|read the rest)\W*)$", re.IGNORECASE
)


_UI_LINE = re.compile(
    r"^\W*(advertisement|advertising|advertiser disclosure|sponsored( content| post)?|ad"
    r"|sign ?up( now| today| for free)?|sign in|log ?in|log ?out|register( now)?|subscribe( now)?"
    r"|newsletters?|share( this( article| story| post)?)?|share on \w+|tweet|pin it|print"
    r"|e-?mail( this)?|copy link|table of contents|contents|in this article|jump to|skip to \w+"
    r"|back to( the)? \w+|back to top|go to top|top|menu|search|close|open|next|previous|prev"
    r"|load more|show more|see more|view all|see all|learn more|find out more|get started"
    r"|request a (quote|demo|call ?back)|get a quote|book a (demo|call)|contact us|call us( now)?"
    r"|download( now)?|listen( to this article)?|watch( now)?|play|follow us( on \w+)?"
    r"|stay connected.*|join (our|the) .{0,40}"
    r"|((browse|see|view) )?related( articles| posts| stories| content)?"
    r"|recent posts|popular posts|most (read|popular)|trending( now)?|you may also like"
    r"|tags?|categories|filed under|posted in|blog|home|news|comments?|\d+ comments?"
    r"|no comments( yet)?|reply|cookie settings|accept( all)?( cookies)?"
    r"|(privacy|cookie|editorial|advertising|corrections) policy|about( us)?"
    r"|terms( of (use|service))?|all rights reserved.*|©.*|copyright ©?.*"
    r"|\d+\s*(min(ute)?s?|mins?)\.?( read(ing time)?)?|reading time:?.*|key takeaways"
    r"|get started( (today|now|for free))?|try it( (free|now))?|book now|shop now|buy now"
    r"|sponsored by .*|in partnership with .*|presented by .*|(advertisement|sponsored)\s*:.*"
    r"|you are visitor( no\.?| number| #)? ?[\d,.]+|(page views|visitors|hits):? ?[\d,.]+"
    r"|page \d+ of \d+|jump to( the)? \w+( \w+)?|pin (it|this|for later)|save for later"
    r"|follow (us|me)( on \w+)?|written by( [\w.'-]+){1,4}|you (may|might) (also )?(like|enjoy)"
    r"|you (may|might) (also )?be interested in.*|was this (article|page|post) helpful\??"
    r"|how was this (issue|article|post)\??|share (this|on) .*"
    r"|(previous|prev|next|older|newer) (article|post|story|entry|episode)(\s*:.{0,200})?"
    # feed links ("Post Comments (Atom)") and "Subscribe" in the dev sets' other languages
    r"|[\w\s]{0,40}\((atom|rss)\)|abonnieren|suscribirse|s'abonner|abbonati|assinar"
    # the same interface labels in the dev sets' other languages
    r"|teilen|drucken|kommentieren|kommentare|suche|startseite|nach oben|werbung|anzeige"
    r"|schlie\u00dfen|men\u00fc|zur\u00fcck zur \u00fcbersicht|artikel anh\u00f6ren"
    r"|compartir|imprimir|comentarios|buscar|inicio|publicidad|cerrar"
    r"|escucha esta nota( aqu\u00ed)?"
    r"|partager|imprimer|commentaires|rechercher|accueil|publicit\u00e9|fermer"
    r"|condividi|stampa|commenti|cerca|pubblicit\u00e0|chiudi"
    r"|compartilhar|coment\u00e1rios|publicidade|fechar|delen|afdrukken|reacties|zoeken"
    r"|advertentie|sluiten|udost\u0119pnij|drukuj|komentarze|szukaj|reklama|zamknij)\W*$",
    re.IGNORECASE,
)


_BAR_SEP = re.compile(r"\s+[|\u00b7\u2022>\u00bb\u203a/]\s+")
_BAR_CHARS = "|\u00b7\u2022>\u00bb\u203a/"  # a bar has one of them; most prose lines none
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_COPYRIGHT = re.compile(r"^\W*(©|\(c\)|copyright\b).{0,200}$", re.IGNORECASE)


def _is_ui_line(line: str, n: int) -> bool:
    """Interface labels that survive extraction as lines of their own: single labels,
    link bars ("Print | E-mail | Back to top"), breadcrumbs ("Home > News"), copyright.
    ``n``: the line's word count."""
    if (n <= 8 or n <= 14 and line.endswith(":")) and _UI_LINE.match(line):
        return True
    if _is_table_row(line):
        return False  # "| cell | cell |" is how a table's row reads in the text
    if not any(c in line for c in _BAR_CHARS):
        return n <= 30 and bool(_COPYRIGHT.match(line))
    # Slashes in brackets are alternatives ("Arrowhead Plant / Butterfly plant"), not a bar.
    parts = _BAR_SEP.split(_BRACKETED.sub("", line))
    if len(parts) >= 3 and all(0 < len(p.split()) <= 6 for p in parts):
        return not line.rstrip().endswith((".", "?", "!"))
    if len(parts) == 2 and all(0 < len(p.split()) <= 3 for p in parts) and ">" in line:
        return True
    return n <= 30 and bool(_COPYRIGHT.match(line))


def _is_table_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|")


def _is_list_item_or_row(line: str) -> bool:
    """Steps of a plan, cells of a table and the labels over each product's lists repeat
    by design ("- Rest day" every week, "Cons:" under every product)."""
    if line.startswith(("- ", "* ", "\u2022 ")) or _is_table_row(line):
        return True
    return line.endswith(":") and len(line.split()) <= 3


def _norm(line: str) -> str:
    return " ".join(line.split()).lower()


_LABELLED_LEFTOVER = re.compile(
    r"^\W*(read more|read also|also read|read next|see also|see more|more on this|related"
    r"|recommended|lire aussi|\u00e0 lire aussi|lesen sie auch|mehr zum thema|lee tambi\u00e9n"
    r"|leer m\u00e1s|leggi anche|veja tamb\u00e9m|zie ook|l\u00e4s ocks\u00e5"
    r"|czytaj (te\u017c|tak\u017ce|wi\u0119cej)"
    r"|(zobacz|przeczytaj) (te\u017c|tak\u017ce|r\u00f3wnie\u017c)"
    r"|dowiedz si\u0119 wi\u0119cej|lea( tambi\u00e9n| m\u00e1s)?|lee m\u00e1s|vea tambi\u00e9n"
    r"|(te|le) pueden? interesar|puedes ver|mir[ae]|leia (tamb\u00e9m|mais)|saiba mais"
    r"|auch lesen|lesen sie (hier|mehr)|zum weiterlesen|weiterlesen|(\u00e0 )?voir aussi"
    r"|lees (ook|meer)|potrebbe interessarti"
    r"|affiliate disclosure"
    r"|disclosure|disclaimer|publisher|originally published|you (may|might) (also )?like"
    r"|you (may|might) (also )?be interested in"
    r"|this (story|article|post) (was|is|has been)"
    r" (auto-?)?(aggregated|syndicated|republished|generated))\b\s*[:\-\u2013\u2014]?",
    re.IGNORECASE,
)


# What ends a label before the headline it points to ("Lea también: ...", "À lire aussi » ...").
_LABEL_END = re.compile(r"[:\u00bb]")
# The title of a rail of other stories, left alone on its line once its links are gone
# (or before them): "Schon gelesen?", "Notas relacionadas", "Das könnte Sie auch interessieren".
_RAIL_LABEL = re.compile(
    r"^\W*(related( articles| posts| stories)?|more stories|you (may|might) also like"
    r"|schon gelesen|auch interessant|mehr themen|zum weiterlesen|lust auf mehr"
    r"|weitere (artikel|beitr\u00e4ge|themen|nachrichten|meldungen)( \w+){0,3}"
    r"|(das )?(thema )?k\u00f6nnte (dich|sie) auch interessieren"
    r"|(notas|noticias|art\u00edculos|not\u00edcias|artigos) relacionad[oa]s"
    r"|(te|le) pueden? interesar|lo m\u00e1s (le\u00eddo|visto)|sur le m\u00eame sujet"
    r"|articles similaires|articoli correlati|gerelateerde artikelen)\W*$",
    re.IGNORECASE,
)


def _is_leftover(line: str, n: int) -> bool:
    if not n:
        return False
    if n <= 14 and (_LEFTOVER.match(line) or _CREDIT_LINE.match(line.strip())):
        return True
    # "Read more: <a whole headline>", "Disclaimer: ..." lines run longer.
    m = _LABELLED_LEFTOVER.match(line) if n <= 60 else None
    if m and (_LABEL_END.search(line[: m.end() + 1]) or "aggregated" in line):
        return True
    if n <= 8 and _RAIL_LABEL.match(line):
        return True
    return n <= 25 and bool(_PAYWALL.match(line))


# Paywall and account notices left in the text of a metered article.
_PAYWALL = re.compile(
    r"^\W*(already (have an account|a (subscriber|member))\b"
    r"|(this|the) (article|story|content|post) is"
    r" (exclusive|only available|available only|reserved) (to|for)\b"
    r"|(subscribe|log ?in|sign ?in|register) to (read|continue|unlock|keep reading)"
    r"|to continue reading\b|create a free account to\b)",
    re.IGNORECASE,
)


# Affiliate and funding disclosures: the site speaking about itself, not the article.
_DISCLOSURE = re.compile(
    r"\b(as an amazon associate"
    r"|we (may )?(earn|receive) (a |an )?(small )?(commission|fee|compensation"
    r"|from qualifying purchases)"
    r"|(earns?|receives?) (a |an )?(small )?(affiliate )?commission"
    r"|affiliate (links?|commissions?|partnerships?)"
    r"|supported by (commissions|our readers|readers like you)"
    r"|(funded|supported|powered) by readers"
    r"|products are (chosen|selected) independently"
    r"|(post|article|story|page|content) (may )?contains? (affiliate|sponsored)"
    r"|this (is a )?sponsored (post|article|content)|paid partnership"
    r"|we (may )?be compensated|(is|are) (a )?registered investment advis[eo]rs?|member fdic"
    r"|(loans?|credit cards?|accounts?) (are )?(made|issued|originated) by)\b",
    re.IGNORECASE,
)


# Each phrase of _DISCLOSURE holds one of these: a plain-substring first test spares most
# lines its search (a third of clean_text's time).
_DISCLOSURE_WORDS = (
    "amazon",
    "earn",
    "receive",
    "commission",
    "affiliate",
    "supported by",
    "by readers",
    "independently",
    "contain",
    "sponsored",
    "paid partnership",
    "compensated",
    "registered investment",
    "fdic",
    "made by",
    "issued by",
    "originated by",
)


def _is_disclosure(line: str, n: int) -> bool:
    """A disclosure line; an aside in brackets ("... dish soap (both are affiliate
    links)") is the writer's own sentence, unless the brackets are the whole line."""
    if n > 60:
        return False
    folded = line.lower()
    if not any(word in folded for word in _DISCLOSURE_WORDS):
        return False
    outside = _BRACKETED.sub("", line)
    return bool(_DISCLOSURE.search(outside if _WORD.search(outside) else line))


# Calls to follow, join or subscribe: the site asking for the reader, with a cue that it
# is the site speaking (our, us, a social network, a newsletter). Buy/book/order lines
# are left alone: in reviews and how-tos they are the content.
_CTA_START = re.compile(
    r"^\W*(join|subscribe|sign up|signup|follow|like us|find us|don'?t miss|never miss"
    r"|stay (up to date|updated|informed|in the loop|connected)"
    r"|for (the )?latest (news|stories|updates)"
    # The same calls in the other languages of the dev sets (imperatives addressed to
    # the reader: an article reports what others do in the third person).
    r"|folge uns|folgen sie uns|abonniere|abonnieren sie|melde dich|melden sie sich"
    r"|registriere dich|zum newsletter|jetzt (kostenlos )?(abonnieren|anmelden|bestellen)"
    r"|unterst\u00fctze uns|unterst\u00fctzen sie uns"
    r"|s\u00edguenos|siguenos|suscr\u00edbete|suscribete|\u00fanete|hazte (miembro|socio)"
    r"|suivez-nous|abonnez-vous|inscrivez-vous|rejoignez-nous|seguici|iscriviti|abbonati"
    r"|siga-nos|assine|inscreva-se|volg ons|abonneer|schrijf je in|obserwuj nas"
    r"|zapraszamy (te\u017c )?do subskrypcji|subskrybuj|wesprzyj nas)\b",
    re.IGNORECASE,
)
_CTA_CUE = re.compile(
    r"\b(our|us|free|now|today|newsletter|mailing list|inbox|facebook|twitter|instagram"
    r"|pinterest|youtube|linkedin|tiktok|threads|bluesky|whatsapp|telegram|podcast|apps?"
    r"|uns|unser\w*|kostenlos|jetzt|nuestr[oa]s?|gratis|ahora|notre|nos|gratuit\w*"
    r"|nostr[oa]|nosso|nossa|ons|onze|nas|naszego|naszej)\b|!",
    re.IGNORECASE,
)


# Other imperatives are calls to action only with a strong promotional cue, and never as a
# list item (a how-to's steps are imperatives too).
_PROMO_START = re.compile(
    r"^\W*(get|start|begin|unlock|discover|explore|try|claim|book|request|buy|shop|order"
    r"|download|register|talk to|speak (to|with)|fill (out|in)|meet|learn more|see how)\b",
    re.IGNORECASE,
)
_PROMO_CUE = re.compile(
    r"\bfree\b|\btoday\b|!|\$\s?\d|\d+\s?% off\b|\bfree trial\b|\bdemo\b|\bquote\b"
    r"|\bour( \w+){0,2} (team|experts?|partners?|specialists|advisors)\b",
    re.IGNORECASE,
)


def _is_cta(line: str, n: int) -> bool:
    if n <= 30 and _CTA_START.match(line) and _CTA_CUE.search(line):
        return True
    return (
        n <= 25
        and not line.startswith(("- ", "* ", "\u2022"))
        and bool(_PROMO_START.match(line) and _PROMO_CUE.search(line))
    )


_CREDIT_WORDS = ("image", "photo", "picture", "foto", "video")  # one is in every credit tail


def _is_credit(line: str, n: int) -> bool:
    if n > 40:
        return False
    folded = line.lower()
    return any(w in folded for w in _CREDIT_WORDS) and bool(_CREDIT_TAIL.search(line))


TEXT_RULES = (
    "title_line",
    "repeated_paragraphs",
    "teaser_copies",
    "leftover_lines",
    "credit_lines",
    "ui_lines",
    "disclosure_lines",
    "cta_lines",
    "leading_date",
    "leading_byline",
)


def clean_text(
    text: str, disabled: Iterable[str] = (), title: str | None = None
) -> tuple[str, Counter[str]]:
    """Drop repeated paragraphs and leftover lines from extracted text."""
    off = set(disabled)
    fired: Counter[str] = Counter()
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    # Each line is split once: the rules below ask its word count, and the repeat rules
    # its normal form.
    split = [ln.split() for ln in lines]
    counts = [len(words) for words in split]
    norms = [" ".join(words).lower() for words in split]

    kept: list[int] = []
    seen: set[str] = set()
    repeats = _repeated_lines(lines, norms, counts)
    for i, line in enumerate(lines):
        norm, n = norms[i], counts[i]
        if "repeated_paragraphs" not in off and repeats[i] and norm in seen:
            fired["repeated_paragraphs"] += 1
            continue
        rule = _line_rule(line, n, off)
        if rule:
            fired[rule] += 1
            continue
        seen.add(norm)
        kept.append(i)
    if "teaser_copies" not in off:
        kept = _drop_teaser_copies(kept, norms, counts, fired)
    kept = [lines[i] for i in kept]
    # The headline, byline and dateline are metadata; in the header of the body (its first
    # lines, around a kicker or a standfirst) they repeat it.
    # A text of a few lines is all header: only its top lines are read as metadata.
    depth = _HEADER_LINES if len(kept) > 2 * _HEADER_LINES else 1
    while kept and _repeats_metadata(kept[0], title, off, fired):
        kept.pop(0)
    header, body = kept[:depth], kept[depth:]
    kept = [line for line in header if not _repeats_metadata(line, title, off, fired)] + body
    return "\n".join(kept), fired


_HEADER_LINES = 4


def _line_rule(line: str, n: int, off: set[str]) -> str | None:
    """The rule that drops a line of ``n`` words, in the order the rules are asked."""
    if "leftover_lines" not in off and _is_leftover(line, n):
        return "leftover_lines"
    if "credit_lines" not in off and _is_credit(line, n):
        return "credit_lines"
    if "ui_lines" not in off and _is_ui_line(line, n):
        return "ui_lines"
    if "disclosure_lines" not in off and _is_disclosure(line, n):
        return "disclosure_lines"
    if "cta_lines" not in off and _is_cta(line, n):
        return "cta_lines"
    return None


def _repeated_lines(lines: list[str], norms: list[str], counts: list[int]) -> list[bool]:
    """Which lines copy an earlier one and are to go.

    A paragraph said twice is template or a pull quote. A short line said twice is
    often by design (a table's row label, a line of code, a refrain): it goes only in
    the run of copies (two lines or more) that ends the text, a rail or a table of
    contents restating the page's headings.
    """
    first: set[str] = set()
    copy = []
    for line, norm in zip(lines, norms, strict=True):
        copy.append(norm in first and len(norm) > 1 and not _is_list_item_or_row(line))
        first.add(norm)
    tail = len(copy)
    while tail and copy[tail - 1]:
        tail -= 1
    if len(copy) - tail < 2:  # one line is no run: a spec row said again at the end
        tail = len(copy)
    return [c and (i >= tail or counts[i] >= 6) for i, c in enumerate(copy)]


def _repeats_metadata(line: str, title: str | None, off: set[str], fired: Counter[str]) -> bool:
    if title and "title_line" not in off and _norm(line) == _norm(title):
        fired["title_line"] += 1
    elif "leading_date" not in off and len(line) <= 80 and _DATE_LINE.match(line):
        fired["leading_date"] += 1
    elif "leading_byline" not in off and len(line.split()) <= 8 and _BYLINE_LINE.match(line):
        fired["leading_byline"] += 1
    else:
        return False
    return True


def _drop_teaser_copies(
    kept: list[int], all_norms: list[str], counts: list[int], fired: Counter[str]
) -> list[int]:
    """A paragraph that is a truncated copy of another one ("... Continue reading").
    ``kept``: the indexes of the lines still in the text."""
    norms = [all_norms[k] for k in kept]
    # All lines in one string, searched in C: comparing every pair in Python was a
    # millisecond on a long article. Normalised lines hold no newline.
    joined = "\n".join(norms)
    starts = list(itertools.accumulate((len(n) + 1 for n in norms), initial=0))
    out = []
    for i, k in enumerate(kept):
        norm = norms[i]
        # Every tail the pattern knows says "read": most lines skip the regex, which
        # tries a match at each of a long line's positions.
        stem = (_TEASER_TAIL.sub("", norm) if "read" in norm else norm).rstrip(" .\u2026")
        # A heading is not a teaser: a short line with no tail and no ellipsis that a
        # paragraph begins with is the heading over it (or the question it answers).
        cut = stem != norm.rstrip(" .")
        if not cut and counts[k] <= 12:
            out.append(k)
            continue
        # Identical paragraphs are repeated_paragraphs' business, not a teaser's.
        if len(stem) >= 40 and _in_a_longer_line(stem, len(norm), joined, starts, norms):
            fired["teaser_copies"] += 1
            continue
        out.append(k)
    return out


def _in_a_longer_line(
    stem: str, length: int, joined: str, starts: list[int], norms: list[str]
) -> bool:
    pos = joined.find(stem)
    while pos != -1:
        j = bisect.bisect_right(starts, pos) - 1
        if len(norms[j]) > length:
            return True
        pos = joined.find(stem, pos + 1)
    return False

"""Topics: named queries matched against an article's title, standfirst and text. No Scrapy.

A topic is how a user names the story they follow (issue 23): every stored article is
matched against every topic, so the corpus can answer "which articles cover it" without
the user rewriting the story in SQL. Matching reads only the fields the corpus stores
(title, description, text), never a page's debris, so ``scrapy topics rematch`` gets the
same answer from the corpus alone that the crawl got when it stored the article.

The query language
------------------
::

    netflix AND ("generative AI" OR "gen AI") AND eternaut*

- a word matches every English form of it with the same Snowball stem (see below);
- ``"a quoted phrase"`` matches its words one after the other, within one field (a
  phrase does not run from the title into the standfirst or the text);
- a word ending in ``*`` matches every word that begins so, before stemming and after
  folding: ``eternaut*`` matches "Eternaut" and "Eternauta" (at least 2 letters before
  the ``*`` for a word in Latin letters). A ``*`` may end a word inside a phrase too;
- ``AND``, ``OR``, ``NOT`` in capitals are operators (lower-case and/or/not are words;
  quote ``"AND"`` to look for the word); two terms side by side mean AND; parentheses
  group. NOT binds tightest, then AND, then OR: ``a OR b c`` is ``a OR (b AND c)`` and
  ``NOT a b`` is ``(NOT a) AND b``;
- a word with punctuation inside ("gen-AI", "U.S.") is the phrase of its parts, since
  the text is cut at that punctuation too.

Refused, with ``TopicQueryError`` naming the character where the problem is: an empty
query, one over 1,000 characters or 64 terms (a word or a phrase is one term), unbalanced
parentheses or quotes, an operator with nothing on one side of it, parentheses nested
over 32 deep, a ``*`` inside a word, and a query that matches an article holding none of
its words (``NOT x``, ``a OR NOT b``): such a topic would claim most of the corpus.

Matching: tokens, folding, stems
--------------------------------
Text is cut into tokens: runs of Unicode letters, digits, combining marks and ``_``, an
apostrophe (``'``, ``’`` or ``ʼ``) between two such characters staying inside the token,
so "Netflix's" is one token (whose stem is "netflix": Snowball drops the possessive) and
"don't" is one. Each character of the scripts written without spaces between words (Han,
hiragana, katakana, Thai, Lao, Khmer, Myanmar) is a token of its own: a query word in
those scripts becomes the phrase of its characters, so it matches wherever the characters
stand together (there are no word boundaries to go by).

A token is folded: casefold, NFKD, combining marks dropped, NFC; "Éternaut", "ETERNAUT"
and "eternaut" are one word, and so are "uber" and "über". (Tokens of the unspaced scripts
are only NFKC-normalised and casefolded: a kana's voicing mark is not a diacritic.)

A folded token made of ASCII letters, digits and apostrophes is then stemmed with the
Snowball English stemmer (Porter2, ``snowballstemmer``); every other token (Greek,
Cyrillic, Arabic, CJK, "ø") is kept as folded, unstemmed. How far that goes:

- inflections: protests, protesting, protested, protesters -> protest; elections,
  elected -> elect; "Generative" -> generat (folded first, so case never matters);
- many derivations too: generative, generated, generation, generator all stem to
  ``generat``, so "generative AI" also matches "generated AI" (but "general" and
  "generally" stem to ``general`` and do not match "generative");
- sometimes too far: "university" and "universe" both stem to ``univers``; quoting does
  not turn stemming off;
- no irregular forms (ran is not run, mice is not mouse), no synonyms, and no other
  language: the Spanish "Eternauta" is not "eternaut"; write ``eternaut*``.

Cost: an article is tokenised and stemmed once (``Document``), and each topic's query is
evaluated on that, so matching 20 topics costs little more than matching one; stems are
cached (``functools.lru_cache``), as news vocabulary repeats (``bench/topics.py``).
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
MAX_DEPTH = 32
MAX_NAME_CHARS = 200
OPERATORS = frozenset({"AND", "OR", "NOT"})
# The keys a ``[[topic]]`` table may have; a later feature may add its own.
TOPIC_KEYS = frozenset({"name", "query"})
_QUOTES = '"“”'
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})

# Scripts written without spaces between words: one token per character.
_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),  # ideographic iteration mark, closing mark, number zero
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303C),
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana
    (0x20000, 0x323AF),  # CJK extensions B to H
)
_UNSPACED_STARTS = [a for a, _ in _UNSPACED]


class TopicQueryError(ValueError):
    """A topic that cannot be used: a query that does not parse, or a bad name or table.

    ``position`` is the 0-based index in ``query`` where the problem is (None when the
    problem is not in the query text), so a command can point at it."""

    def __init__(
        self,
        problem: str,
        position: int | None = None,
        query: str | None = None,
        topic: str | None = None,
    ) -> None:
        self.problem = problem
        self.position = position
        self.query = query
        self.topic = topic
        message = f"topic {topic!r}: {problem}" if topic else problem
        if position is not None and query is not None:
            near = query[max(0, position - 20) : position + 20]
            message += f", at character {position + 1} of the query (near {near!r})"
        super().__init__(message)

    def for_topic(self, topic: str) -> TopicQueryError:
        """The same error, naming the topic it was found in."""
        return TopicQueryError(self.problem, self.position, self.query, topic)


# -- tokens --------------------------------------------------------------------------


def _ranges(members: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in members:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


def _is_unspaced(cp: int) -> bool:
    i = bisect.bisect_right(_UNSPACED_STARTS, cp) - 1
    return i >= 0 and cp <= _UNSPACED[i][1]


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """Built on first use (a scan of the BMP for combining marks, a few ms), not at import.

    A word character is what ``\\w`` says, outside the unspaced scripts, and a run of
    them may hold combining marks, which ``\\w`` leaves out but Indic, Thai and Hebrew
    words hold inside them. Only the marks of the BMP are listed: a class with ranges
    beyond it makes ``re`` test them one by one, ten times slower on every article, and
    the scripts of the other planes (Brahmi, Chakma ...) then split at a mark, in the
    query as in the text, so their words still match, as phrases."""
    marks = _ranges(
        cp
        for cp in range(0x10000)
        if unicodedata.category(chr(cp))[0] == "M" and not chr(cp).isalnum()
    )
    unspaced = _char_class(_UNSPACED)
    run = f"[^\\W{unspaced}]+(?:[{_char_class(marks)}]+[^\\W{unspaced}]*)*"
    return re.compile(f"{run}(?:['’ʼ]{run})*|[{unspaced}]")


def tokens(text: str) -> list[str]:
    """The raw tokens of a text, in order (see the module's docstring)."""
    return _token_pattern().findall(unicodedata.normalize("NFC", text))


def unmarked(text: str) -> str:
    """Case and diacritics out: casefolded, NFKD, combining marks dropped (a topic's words
    and a copy's signature both compare texts this way)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(token: str) -> str:
    """A token as it is compared: ``unmarked``, recomposed (NFC), one apostrophe."""
    return unicodedata.normalize("NFC", unmarked(token)).translate(_APOSTROPHES)


_LATIN = re.compile(r"[a-z0-9']*[a-z][a-z0-9']*")
_stemmer = snowballstemmer.stemmer("english")
_stemmer_lock = threading.Lock()  # a snowballstemmer object keeps state while it stems


@functools.lru_cache(maxsize=65536)
def analyse(token: str) -> tuple[str, str]:
    """``(folded, stem)`` of one raw token; cached, as a corpus's words repeat."""
    if len(token) == 1 and _is_unspaced(ord(token)):
        folded = unicodedata.normalize("NFKC", token).casefold()
        return folded, folded
    folded = fold(token)
    if _LATIN.fullmatch(folded):
        with _stemmer_lock:
            return folded, _stemmer.stemWord(folded)
    return folded, folded


def _analysed(text: str) -> list[tuple[str, str]]:
    return [pair for pair in map(analyse, tokens(text)) if pair[0]]


# -- a document ----------------------------------------------------------------------


class Document:
    """An article tokenised, folded and stemmed once, for evaluating many topics on it.

    Fields (title, standfirst, text) are joined with a gap, so a phrase never runs from
    one into the next. Only what a topic asks for is built: the set of stems for words,
    the positions for phrases, the sorted words for prefixes."""

    __slots__ = ("words", "stems", "_stem_set", "_positions", "_vocabulary")

    def __init__(self, *fields: str | None) -> None:
        words: list[str | None] = []
        stems: list[str | None] = []
        for value in fields:
            if not value:
                continue
            pairs = _analysed(value)
            if not pairs:
                continue
            if words:
                words.append(None)
                stems.append(None)
            for folded, stem in pairs:
                words.append(folded)
                stems.append(stem)
        self.words = words
        self.stems = stems
        self._stem_set: set[str | None] | None = None
        self._positions: dict[str, list[int]] | None = None
        self._vocabulary: list[str] | None = None

    def has_stem(self, stem: str) -> bool:
        if self._stem_set is None:
            self._stem_set = set(self.stems)
        return stem in self._stem_set

    def has_prefix(self, prefix: str) -> bool:
        if self._vocabulary is None:
            self._vocabulary = sorted({w for w in self.words if w is not None})
        i = bisect.bisect_left(self._vocabulary, prefix)
        return i < len(self._vocabulary) and self._vocabulary[i].startswith(prefix)

    def positions(self, stem: str) -> list[int]:
        if self._positions is None:
            found: dict[str, list[int]] = {}
            for i, s in enumerate(self.stems):
                if s is not None:
                    found.setdefault(s, []).append(i)
            self._positions = found
        return self._positions.get(stem, [])

    def has_sequence(self, parts: Sequence[tuple[bool, str]]) -> bool:
        """Whether ``parts`` (``(is_prefix, stem or folded prefix)``) stand one after
        the other somewhere."""
        anchor = next((i for i, (is_prefix, _) in enumerate(parts) if not is_prefix), None)
        if anchor is None:
            starts: Iterable[int] = range(len(self.words))
        else:
            starts = (p - anchor for p in self.positions(parts[anchor][1]))
        size = len(self.words)
        for start in starts:
            if start < 0 or start + len(parts) > size:
                continue
            for offset, (is_prefix, value) in enumerate(parts):
                k = start + offset
                if is_prefix:
                    word = self.words[k]
                    if word is None or not word.startswith(value):
                        break
                elif self.stems[k] != value:
                    break
            else:
                return True
        return False


# -- the query's tree ----------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str  # as written in the query
    stem: str

    def matches(self, doc: Document) -> bool:
        return doc.has_stem(self.stem)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Prefix:
    text: str
    prefix: str  # folded, unstemmed

    def matches(self, doc: Document) -> bool:
        return doc.has_prefix(self.prefix)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Phrase:
    text: str
    parts: tuple[tuple[bool, str], ...]  # (is_prefix, stem or folded prefix)
    quoted: bool = True

    def matches(self, doc: Document) -> bool:
        if len(self.parts) == 1:
            is_prefix, value = self.parts[0]
            return doc.has_prefix(value) if is_prefix else doc.has_stem(value)
        return doc.has_sequence(self.parts)

    def __str__(self) -> str:
        return f'"{self.text}"' if self.quoted else self.text


@dataclass(frozen=True)
class Not:
    child: Node

    def matches(self, doc: Document) -> bool:
        return not self.child.matches(doc)

    def __str__(self) -> str:
        return f"NOT {_group(self.child, (And, Or))}"


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]

    def matches(self, doc: Document) -> bool:
        return all(child.matches(doc) for child in self.children)

    def __str__(self) -> str:
        return " AND ".join(_group(c, (Or,)) for c in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]

    def matches(self, doc: Document) -> bool:
        return any(child.matches(doc) for child in self.children)

    def __str__(self) -> str:
        return " OR ".join(_group(c, (And,)) for c in self.children)


Node = Word | Prefix | Phrase | Not | And | Or


def _group(node: Node, kinds: tuple[type, ...]) -> str:
    return f"({node})" if isinstance(node, kinds) else str(node)


# -- parsing -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # "(", ")", "AND", "OR", "NOT", "WORD", "PHRASE"
    text: str
    position: int


def _lex(query: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(_Lexeme(c, c, i))
            i += 1
        elif c in _QUOTES:
            end = next((j for j in range(i + 1, n) if query[j] in _QUOTES), None)
            if end is None:
                raise TopicQueryError("this quote is never closed", i, query)
            out.append(_Lexeme("PHRASE", query[i + 1 : end], i))
            i = end + 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in "()" + _QUOTES:
                j += 1
            text = query[i:j]
            out.append(_Lexeme(text if text in OPERATORS else "WORD", text, i))
            i = j
    return out


_OPERAND_STARTS = frozenset({"WORD", "PHRASE", "(", "NOT"})


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.lexemes = _lex(query)
        self.i = 0
        self.terms = 0
        self.depth = 0

    def error(self, problem: str, position: int) -> TopicQueryError:
        return TopicQueryError(problem, position, self.query)

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.i] if self.i < len(self.lexemes) else None

    def operator(self) -> _Lexeme:
        """Take an operator, refusing it when no term follows."""
        op = self.lexemes[self.i]
        self.i += 1
        after = self.peek()
        if after is None or after.kind not in _OPERAND_STARTS:
            raise self.error(f"{op.text} has nothing after it to apply to", op.position)
        return op

    def parse(self) -> Node:
        if not self.lexemes:
            raise self.error("the query is empty", 0)
        node = self.any_of()
        rest = self.peek()
        if rest is not None:  # only a ")" can stop the descent early
            raise self.error("this ')' has no '(' to close", rest.position)
        return node

    def any_of(self) -> Node:
        children = [self.all_of()]
        while (lex := self.peek()) is not None and lex.kind == "OR":
            self.operator()
            children.append(self.all_of())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def all_of(self) -> Node:
        children = [self.negation()]
        while (lex := self.peek()) is not None and lex.kind in _OPERAND_STARTS | {"AND"}:
            if lex.kind == "AND":
                self.operator()
            children.append(self.negation())
        flat: list[Node] = []
        for child in children:
            flat.extend(child.children if isinstance(child, And) else (child,))
        return flat[0] if len(flat) == 1 else And(tuple(flat))

    def negation(self) -> Node:
        lex = self.peek()
        if lex is not None and lex.kind == "NOT":
            self.operator()
            self.nest(lex)
            node = Not(self.negation())
            self.depth -= 1
            return node
        return self.atom()

    def nest(self, lex: _Lexeme) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested over {MAX_DEPTH} deep", lex.position)

    def atom(self) -> Node:
        lex = self.peek()
        if lex is None:  # the operator checks make this unreachable; kept as a guard
            raise self.error("a term is missing at the end", len(self.query))
        self.i += 1
        if lex.kind in ("AND", "OR"):
            raise self.error(f"{lex.kind} has nothing before it to apply to", lex.position)
        if lex.kind == ")":
            raise self.error("this ')' has no '(' to close", lex.position)
        if lex.kind == "(":
            after = self.peek()
            if after is not None and after.kind == ")":
                raise self.error("these parentheses are empty", lex.position)
            if after is None:
                raise self.error("this '(' is never closed", lex.position)
            self.nest(lex)
            node = self.any_of()
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.error("this '(' is never closed", lex.position)
            self.i += 1
            return node
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise self.error(f"the query has over {MAX_TERMS} terms", lex.position)
        if lex.kind == "PHRASE":
            return self.phrase(lex)
        return self.word(lex)

    def parts(self, text: str, position: int) -> list[tuple[bool, str]]:
        """A word as written (``gen-AI``, ``eternaut*``) as ``(is_prefix, value)``."""
        star = text.endswith("*")
        core = text[:-1] if star else text
        if "*" in core:
            raise self.error("a '*' may only end a word", position + core.index("*"))
        pairs = _analysed(core)
        if not pairs:
            raise self.error(f"{text!r} has no letters or digits to look for", position)
        out = [(False, stem) for _, stem in pairs]
        if star:
            folded = pairs[-1][0]
            if len(folded) < 2 and folded.isascii():
                raise self.error("a prefix needs at least 2 letters before '*'", position)
            out[-1] = (True, folded)
        return out

    def word(self, lex: _Lexeme) -> Node:
        parts = self.parts(lex.text, lex.position)
        if len(parts) > 1:
            return Phrase(lex.text, tuple(parts), quoted=False)
        is_prefix, value = parts[0]
        return Prefix(lex.text, value) if is_prefix else Word(lex.text, value)

    def phrase(self, lex: _Lexeme) -> Node:
        parts: list[tuple[bool, str]] = []
        offset = lex.position + 1
        for chunk in re.finditer(r"\S+", lex.text):
            parts += self.parts(chunk.group(), offset + chunk.start())
        if not parts:
            raise self.error("this phrase has no words in it", lex.position)
        return Phrase(" ".join(lex.text.split()), tuple(parts))


def parse(query: str) -> Node:
    """The tree of a topic query, or ``TopicQueryError`` saying where and what is wrong."""
    if not isinstance(query, str):
        raise TopicQueryError(f"a query is text, not {type(query).__name__}")
    if len(query) > MAX_QUERY_CHARS:
        raise TopicQueryError(
            f"the query is {len(query):,} characters, over the limit of {MAX_QUERY_CHARS:,}",
            MAX_QUERY_CHARS,
            query,
        )
    parser = _Parser(query)
    node = parser.parse()
    if node.matches(Document()):
        first_not = next(lex.position for lex in parser.lexemes if lex.kind == "NOT")
        raise TopicQueryError(
            "the query matches articles holding none of its words (it is only NOT)",
            first_not,
            query,
        )
    return node


# -- topics --------------------------------------------------------------------------


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise TopicQueryError("a topic needs a name (non-empty text)")
    name = name.strip()
    if len(name) > MAX_NAME_CHARS:
        raise TopicQueryError(f"a topic name may have at most {MAX_NAME_CHARS} characters")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise TopicQueryError(f"the topic name {name!r} has control characters")
    return name


@dataclass(frozen=True)
class Topic:
    """A named query, compiled once when it is made (so a bad one fails at start-up,
    before a crawl stores anything)."""

    name: str
    query: str
    node: Node = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        name = _check_name(self.name)
        object.__setattr__(self, "name", name)
        try:
            object.__setattr__(self, "node", parse(self.query))
        except TopicQueryError as exc:
            raise exc.for_topic(name) from None

    def matches(self, document: Document) -> bool:
        return self.node.matches(document)


def match(topic: Topic, title: str | None, standfirst: str | None, text: str | None) -> bool:
    """Whether one article (its stored title, standfirst and text) matches one topic.
    For many topics, build one ``Document`` and call ``Topic.matches`` on it."""
    return topic.matches(Document(title, standfirst, text))


def matching(
    topics: Iterable[Topic], title: str | None, standfirst: str | None, text: str | None
) -> list[Topic]:
    """The topics one article matches, tokenising it once."""
    document = Document(title, standfirst, text)
    return [t for t in topics if t.matches(document)]


def matched_ids(
    topics: Iterable[tuple[int, Topic]],
    title: str | None,
    standfirst: str | None,
    text: str | None,
) -> list[int]:
    """The ids of the topics one article matches, tokenising it once."""
    document = Document(title, standfirst, text)
    return [topic_id for topic_id, topic in topics if topic.matches(document)]


def topic_matcher(
    topics: Mapping[int, Topic],
) -> Callable[[str | None, str | None, str | None], list[int]]:
    """The ``matcher`` ``schemas.topics.rematch`` takes: ``(title, description, text)``
    to the ids of the topics matched. ``topics`` maps the ids ``sync_topics`` returned to
    the topics; pass only the changed ones to re-match only those."""
    items = list(topics.items())

    def matcher(title: str | None, description: str | None, text: str | None) -> list[int]:
        return matched_ids(items, title, description, text)

    return matcher


def topics_from_sources(data: Mapping[str, Any]) -> list[Topic]:
    """The ``[[topic]]`` tables of a parsed sources file (``tomllib``), validated.

    Each table has ``query`` and optionally ``name`` (the query text when left out, as on
    the command line). Unknown keys and two topics of one name are refused, as the sources
    file's own tables are."""
    entries = data.get("topic")
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise TopicQueryError("topics must be an array of tables: [[topic]]")
    topics: list[Topic] = []
    for index, entry in enumerate(entries):
        label = f"#{index + 1}"
        if not isinstance(entry, dict):
            raise TopicQueryError(f"topic {label} is not a table")
        if isinstance(entry.get("name"), str) and entry["name"].strip():
            label = entry["name"].strip()
        unknown = set(entry) - TOPIC_KEYS
        if unknown:
            raise TopicQueryError(f"unknown keys {sorted(unknown)}", topic=label)
        query = entry.get("query")
        if not isinstance(query, str):
            raise TopicQueryError("needs a query (text)", topic=label)
        name = entry.get("name", query)
        topic = Topic(_check_name(name), query)
        if any(t.name == topic.name for t in topics):
            raise TopicQueryError("two [[topic]] tables have this name", topic=topic.name)
        topics.append(topic)
    return topics


def topic_from_args(query: str, name: str | None = None) -> Topic:
    """The topic of ``-a topic=QUERY`` (and ``-a topic_name=NAME``): named by its query
    text unless a name is given."""
    if not isinstance(query, str):
        raise TopicQueryError("-a topic needs a query")
    return Topic(_check_name(name if name is not None else query), query)


def combine_topics(*groups: Iterable[Topic]) -> list[Topic]:
    """The topics of a run (sources file, then command line), in order, each once.

    The same topic twice (one name, one query) is kept once; one name with two queries
    is refused, since ``topic_articles`` could not say which one an article matched."""
    by_name: dict[str, Topic] = {}
    for group in groups:
        for topic in group:
            seen = by_name.get(topic.name)
            if seen is None:
                by_name[topic.name] = topic
            elif seen.query != topic.query:
                raise TopicQueryError(
                    "two topics have this name, with different queries", topic=topic.name
                )
    return list(by_name.values())

"""Entity mentions in one parsed entry: people, organisations, places, roles.

Consumes a spaCy ``Doc`` of an entry (headline and text); produces
:class:`Mention` objects with document-level character offsets. Model
mistakes are corrected here only where one sentence shows them (a time zone
tagged as an organisation, a title word tagged as a name); corrections that
need the whole corpus (type voting, surnames) happen in :mod:`.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..timeparse import ZONE_RE
from .gazetteer import capital_country, capital_name, country_groups, country_name, country_of, is_place
from .lexicon import GROUP_NOUNS, HONORIFICS, OFFICE_SYNONYMS, ORG_NOUNS, RELATION_NOUNS, ROLE_NOUNS, ROLE_SYNONYMS, TITLE_WORDS
from ..nlp import text_of

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_ORG_SUFFIXES = ("Technologies", "Technology", "Corp", "Corporation", "Inc", "Ltd", "Group", "Agency", "Ministry",
                 "Company", "Bank", "University", "Institute", "Council", "Committee", "Commission", "Party", "News")
GEO_NOUNS = {"city", "town", "village", "region", "province", "peninsula", "island", "district", "port",
             "capital", "area", "county", "state", "republic", "oblast", "territory", "enclave"}
STATE_NOUNS = {"state", "nation", "country", "republic"}
LAND_NOUNS = {"peninsula", "island", "islands", "archipelago"}  # "the Crimean peninsula" is Crimea
_RELATIVE_ROLES = {"counterpart", "deputy", "aide", "official", "officials", "diplomat", "diplomats", "officer"}


@dataclass
class Mention:
    """One mention of an actor; ``role`` is a title it holds, ``is_role`` a title standing alone."""

    entry_id: str
    start: int
    end: int
    text: str
    name: str
    label: str
    role: str | None = None
    country: str | None = None
    is_role: bool = False
    sentence: int = 0
    token: int = 0
    is_subject: bool = False
    holder: int | None = None  # for a title written before a name: the name mention's start
    description: str | None = None  # head noun of a bare "the ministry" not yet linked
    acts: bool = False  # subject or possessor: the actor, not the scenery ("Moscow says", "Moscow's ties")


def find_mentions(doc: Doc, entry_id: str, base: int) -> list[Mention]:
    """Named mentions (with the titles before them) and standalone role descriptions."""
    found: list[Mention] = []
    covered: set[int] = set()
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if not label:
            continue
        span = _trim(ent)
        if span is None:
            continue
        if span.start > ent.start and doc[span.start - 1].lower_ in ROLE_NOUNS:
            label = "PERSON"  # the model's span began with a person's title
        if label == "ORG":
            span = _extend_to_acronym(span)
        name = span.text
        if label == "PERSON" and span[0].lower_ in HONORIFICS:
            name = span[1:].text
        role, country = _title_before(span) if label == "PERSON" else (None, None)
        if not name.strip():
            continue  # an honorific alone ("Mr")
        if label == "PERSON" and len(span) == 1 and is_place(name):
            label = "PLACE"
        if label == "PERSON" and name.split()[-1].rstrip(".") in _ORG_SUFFIXES:
            label = "ORG"
        found.append(Mention(entry_id, base + span.start_char, base + span.end_char, span.text, name, label,
                             role=role, country=country, sentence=span.sent.start, token=span.start,
                             is_subject=_subject_or_beside(span.root), acts=_acts(span.root)))
        for a, b in _descriptor_spans(span) if label in ("PERSON", "ORG") else []:
            words = doc.char_span(a, b, alignment_mode="expand")
            d_role, d_country = _role_key(list(words)) if words is not None and any(_is_role_word(t) for t in words) else (None, None)
            found.append(Mention(entry_id, base + a, base + b, text_of(doc)[a:b], text_of(doc)[a:b], label,
                                 role=d_role, country=d_country, is_role=True,
                                 sentence=span.sent.start, token=span.start, holder=base + span.start_char))
        covered.update(range(span.start, span.end))
    found.extend(_role_mentions(doc, entry_id, base, covered))
    found.extend(_description_mentions(doc, entry_id, base, covered))
    unique: dict[tuple[int, int], Mention] = {}
    for m in found:  # one mention per span: a name, then what describes it, then free descriptions
        unique.setdefault((m.start, m.end), m)
    return sorted(unique.values(), key=lambda m: m.start)


def titled_people(doc: list[Mention]) -> set[int]:
    """Starts of the names a person's title is written beside (``spokeswoman Ilse Varn``, ``Ilse Varn,
    the spokeswoman for ...``): people, whatever label the model gave the name."""
    return {m.holder for m in doc if m.is_role and m.holder is not None and m.role
            and m.role.split()[-1] in ROLE_NOUNS and m.role.split()[-1] not in ORG_NOUNS}


def _description_mentions(doc: Doc, entry_id: str, base: int, covered: set[int]) -> list[Mention]:
    """Organisations named by description: ``Russia's foreign ministry``, ``the ministry``.

    A bare ``the ministry`` gets its name from a fuller description later
    (:func:`link_descriptions`); until then its ``name`` is the head noun.
    """
    found = []
    for chunk in doc.noun_chunks:  # "the German capital" is the city the gazetteer names
        root = chunk.root
        if root.lower_ == "capital" and root.i not in covered:
            tokens = [t for t in chunk if t.dep_ not in ("det", "predet")]
            _, country = _role_key(tokens)
            if country and len(tokens) >= 2:
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
                written = text_of(doc)[start:end]  # "the Russian capital" is Moscow, and named so
                found.append(Mention(entry_id, base + start, base + end, written, capital_name(country) or written, "PLACE",
                                     role="capital", country=country, sentence=chunk.sent.start, token=tokens[0].i))
    for chunk in doc.noun_chunks:  # "the Crimean peninsula": a place named by its adjective
        root = chunk.root
        named = [t for t in chunk if t.i < root.i and t.dep_ in ("amod", "compound") and t.text[:1].isupper()]
        if root.lower_ in LAND_NOUNS and len(named) == 1 and named[0].i == root.i - 1 and root.i not in covered and named[0].i not in covered:
            start, end = named[0].idx, root.idx + len(root)
            found.append(Mention(entry_id, base + start, base + end, text_of(doc)[start:end], text_of(doc)[start:end], "PLACE",
                                 sentence=chunk.sent.start, token=named[0].i))
    for chunk in doc.noun_chunks:  # "the former Soviet state": a country described by the group it belongs to
        root = chunk.root
        groups = [t.lower_ for t in chunk if t.i < root.i and t.lower_ in country_groups()]
        if (root.lower_ in STATE_NOUNS and root.tag_ == "NN" and len(groups) == 1 and root.i not in covered
                and any(t.lower_ == "the" for t in chunk) and not any(t.ent_type_ == "GPE" for t in chunk)):
            tokens = [t for t in chunk if t.dep_ != "det"]
            start, end = tokens[0].idx, root.idx + len(root)
            found.append(Mention(entry_id, base + start, base + end, text_of(doc)[start:end], text_of(doc)[start:end], "PLACE",
                                 role=groups[0], is_role=True, sentence=chunk.sent.start, token=tokens[0].i,
                                 is_subject=root.dep_ in ("nsubj", "nsubjpass")))
    for tok in doc:  # "the alliance's military infrastructure": a possessor noun chunks do not show
        if tok.lower_ in ORG_NOUNS and tok.dep_ == "poss" and tok.i not in covered and any(c.lower_ == "the" for c in tok.children):
            found.append(Mention(entry_id, base + tok.idx, base + tok.idx + len(tok), tok.text, tok.text, "ORG",
                                 role=tok.lower_, sentence=tok.sent.start, token=tok.i, acts=True, description=tok.lower_))
    for chunk in doc.noun_chunks:
        root = chunk.root
        group = root.lower_ in GROUP_NOUNS
        if (root.lower_ not in ORG_NOUNS and not group) or root.i in covered or root.dep_ == "compound":
            continue
        tokens = [t for t in chunk if t.dep_ not in ("det", "predet") and t.lower_ not in ("his", "her", "its", "their", "our", "both", "all")]
        if not tokens or any(t.ent_type_ == "PERSON" for t in tokens):
            continue
        named = [t for t in tokens if t.ent_type_ == "ORG" and t.i < root.i and t.text[:1].isupper()]
        if named and not group:
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            org = " ".join(t.text for t in named)
            found.append(Mention(entry_id, base + start, base + end, text_of(doc)[start:end], org, "ORG",
                                 sentence=chunk.sent.start, token=tokens[0].i, role=root.lower_,
                                 is_subject=root.dep_ in ("nsubj", "nsubjpass"), acts=root.dep_ in ("nsubj", "nsubjpass", "poss")))
            continue
        tokens += of_phrase(root)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        role, country = _role_key(tokens)
        bare = len(tokens) == 1 and not group
        if bare and not any(t.lower_ == "the" for t in chunk):
            continue
        if group:
            role = root.lower_  # the group's kind; the country only when the text says whose group it is
        found.append(Mention(entry_id, base + start, base + end, text_of(doc)[start:end], text_of(doc)[start:end], "ORG",
                             role=role, country=country, is_role=False, sentence=chunk.sent.start, token=tokens[0].i,
                             is_subject=root.dep_ in ("nsubj", "nsubjpass"), description=root.lower_ if bare else None))
    return found


def of_phrase(root: Token) -> list[Token]:
    """``of defence`` in ``ministry of defence``, ``50 of the Olympic Charter`` in ``Rule 50 of ...``."""
    numbers = [c for c in root.rights if c.dep_ == "nummod" and c.i > root.i]
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == root.i + 1 + len(numbers):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                conj = {t.i for c in objects[0].children if c.dep_ in ("cc", "conj") for t in c.subtree}
                return numbers + [t for t in child.subtree if not t.is_punct and t.i not in conj]
    return []


def _link_bare_role(m: Mention, mentions: list[Mention]) -> None:
    """``the minister`` is the latest person named before it with that role (else nobody)."""
    named = [p for p in mentions if p.label == "PERSON" and not p.is_role and p.start < m.start
             and p.role and m.description in p.role.split()]
    if named:
        m.holder, m.description = named[-1].start, None


#: Organisation nouns that, with "the", stand for the organisation last named ("the organisation said").
ANAPHORIC_ORGS = frozenset({"organisation", "organization", "bloc", "agency", "union", "coalition", "company", "operator"})


def last_named_org(before: list[Mention], noun: str | None, document: list[Mention]) -> Mention | None:
    """The organisation ``the <noun>`` stands for among the mentions ``before`` it (in reading order): the
    last one named, an acronym or a name of several words first; for ``the bloc``/``the union`` a bloc of
    states (``EU``, ``African Union``) before a body. A name the model also tags as a person or place
    somewhere in the ``document`` is not taken."""
    if noun not in ANAPHORIC_ORGS:
        return None
    unsure = {m.name for m in document if m.label != "ORG"}
    named = [m for m in before if m.label == "ORG" and not m.is_role and m.description is None and m.name[:1].isupper()
             and m.name not in unsure and not set(m.name.lower().split()) & ROLE_NOUNS]  # not "Spokeswoman Anna Berg" tagged as one
    # an acronym or a name of several words before a lone word, which the model often tags ORG for a town ("the ministry in Tartu")
    named = [m for m in named if m.name.isupper() or len(m.name.split()) > 1] or named
    if noun in ("bloc", "union"):
        named = [m for m in named if m.name.isupper() or "union" in m.name.lower().split()] or named
    return named[-1] if named else None


def link_descriptions(mentions: list[Mention]) -> None:
    """Give each bare ``the ministry`` the name of the fuller description it refers to.

    Its own entry's nearest earlier description first, then a later one in the
    entry, then the document's latest earlier one; none found means the mention
    is dropped by the caller (``description`` stays set).
    """
    full = [m for m in mentions if m.label == "ORG" and m.role and m.description is None and set(m.role.split()) & ORG_NOUNS]
    for m in mentions:
        if m.description is None:
            continue
        same = [f for f in full if m.description in f.role.split()]
        before = [f for f in same if f.entry_id == m.entry_id and f.start < m.start]
        after = [f for f in same if f.entry_id == m.entry_id and f.start > m.start]
        earlier = [f for f in same if f.start < m.start]
        if m.label == "PERSON":
            _link_bare_role(m, mentions)
            continue
        source = (before[-1:] or after[:1] or earlier[-1:] or [None])[0]
        if source is not None:
            m.name, m.role, m.country, m.description = source.name, source.role, source.country, None
        else:
            m.is_role, m.role = True, m.description  # resolved corpus-wide by what the text calls organisations
            named = last_named_org([p for p in mentions if p.entry_id == m.entry_id and p.start < m.start], m.role, mentions)
            if named is not None:
                m.holder = named.start  # "the Red Cross said ... The organisation said": the one last named


def link_counterparts(mentions: list[Mention]) -> None:
    """``X met his Russian counterpart``: the Russian holder of X's office.

    The counterpart's role becomes the office of the person named as the subject
    before it in its sentence (``foreign minister`` for a secretary of state), so
    that it resolves like ``the Russian foreign minister``; with no such person
    known, it stays an unresolved ``counterpart``.
    """
    for m in mentions:
        if not (m.is_role and m.holder is None and m.role == "counterpart" and m.country):
            continue
        peers = [p for p in mentions if p.label == "PERSON" and not p.is_role and p.sentence == m.sentence
                 and p.start < m.start and p.is_subject]
        if not peers:
            continue
        peer = peers[-1]
        offices = [p.role for p in mentions if p.role and p.role.split()[-1] not in _RELATIVE_ROLES and p.country != m.country
                   and (p is peer or p.holder == peer.start or (not p.is_role and p.name == peer.name))]
        if offices:
            m.role = offices[0]


def link_state_descriptions(mentions: list[Mention]) -> None:
    """``the former Soviet state``: the latest state of that group named before it.

    Candidates are named places whose country is in the group; the state that is
    the subject of the description's own sentence is left out (``Moscow wants to
    stop the former Soviet state`` is not about Russia), and a state that acts
    (subject, possessor) is preferred to one named in passing (``the Ukraine border``).
    """
    for m in mentions:
        if not (m.is_role and m.label == "PLACE" and m.holder is None and m.role in country_groups()):
            continue
        members = country_groups()[m.role]
        placed = [(p, country_name(p.name) or capital_country(p.name)) for p in mentions
                  if p.label == "PLACE" and not p.is_role and p.start < m.start]
        placed = [(p, c) for p, c in placed if c in members]
        own_subjects = {c for p, c in placed if p.sentence == m.sentence and p.is_subject}
        candidates = [p for p, c in placed if c not in own_subjects]
        acting = [p for p in candidates if p.acts or p.is_subject]
        chosen = (acting or candidates)[-1:] if candidates else []
        if chosen:
            m.holder = chosen[0].start


def _trim(ent: Span) -> Span | None:
    """Drop articles, possessives and punctuation at the edges; reject non-names."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    start = _after_title(doc, start, end)
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].text in ("’s", "'s")):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    text = span.text
    for suffix in ("’s", "'s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if not any(c.isupper() for c in text) or any(c.isdigit() for c in text) or len(text) < 2:
        return None
    if ZONE_RE.fullmatch(text):
        return None
    if len(span) == 1 and span[0].dep_ in ("compound", "amod") and span[0].head.lower_ in ROLE_NOUNS and span[0].pos_ != "PROPN" or (
            len(span) == 1 and span[0].lower_ in TITLE_WORDS):
        return None  # "Defence" in "Defence Secretary": a title word, not a name
    if "\n" in text:
        return None
    if text != span.text:
        return doc.char_span(span.start_char, span.start_char + len(text)) or span
    return span


def _after_title(doc: Doc, start: int, end: int) -> int:
    """Where a name starts in a span the model began with a person's title (``Spokeswoman Hanna
    Velk``, capitalised at the start of a sentence): after the title words, if at least two
    capitalised words of a name follow. ``General Motors`` keeps its first word."""
    i = start
    while i < end and (doc[i].lower_ in ROLE_NOUNS or doc[i].lower_ in TITLE_WORDS):
        i += 1
    if i == start or not any(doc[j].lower_ in ROLE_NOUNS for j in range(start, i)):
        return start
    rest = doc[i:end]
    if len(rest) >= 2 and all(t.text[:1].isupper() and t.is_alpha and t.lower_ not in ROLE_NOUNS for t in rest) and (
            rest[-1].text.rstrip(".") not in _ORG_SUFFIXES):
        return i
    return start


def _extend_to_acronym(span: Span) -> Span:
    """The whole name an acronym in brackets defines, where the model stopped short:
    ``[Organization for Security and Co-operation] in Europe (OSCE)``."""
    doc = span.doc
    for end in range(span.end + 1, min(span.end + 5, len(doc) - 2)):
        if doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text.isupper():
            words = [t.text for t in doc[span.start:end] if t.text[:1].isupper() and t.text != "-"]
            if "".join(w[0] for w in words) == doc[end + 1].text and all(t.text[:1].isupper() or t.lower_ in ("in", "of", "for", "and", "the", "-") for t in doc[span.end:end]):
                return doc[span.start:end]
            break
    return span


def _title_before(span: Span) -> tuple[str | None, str | None]:
    """The title written before a name (``Russian Foreign Minister``) and the country it states."""
    doc = span.doc
    i = span.start - 1
    tokens: list[Token] = []
    while i >= 0:
        tok = doc[i]
        if tok.is_punct and tok.text not in ("-", "’s", "'s"):
            break
        if tok.pos_ in ("PROPN", "NOUN", "ADJ", "PART") or tok.lower_ in ("of", "-", "’s", "'s"):
            if tok.ent_type_ == "PERSON" or tok.lower_ in ("the", "a"):
                break
            tokens.insert(0, tok)
            i -= 1
            continue
        break
    while tokens and (tokens[0].lower_ in ("of", "-", "’s", "'s") or tokens[0].pos_ == "PART"):
        tokens.pop(0)
    if not tokens or not any(_is_role_word(t) for t in tokens):
        appos = _appositive_role(span)
        return appos if appos else (None, None)
    return _role_key(tokens)


def _subject_or_beside(root) -> bool:
    """The name is a subject, or stands beside one (``Finland's foreign minister, Elina Valtonen, welcomed``)."""
    return root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))


def _acts(root: Token) -> bool:
    """Subject or possessor, or paired by "and" with another state or organisation
    ("between Moscow and Washington"): the actor, not the scenery."""
    actor = ("nsubj", "nsubjpass", "poss", "agent")
    if root.dep_ in actor or (root.dep_ == "conj" and root.head.dep_ in actor):
        return True
    doc = root.doc
    if root.i + 2 < len(doc) and doc[root.i + 1].text == "-" and doc[root.i + 2].lower_ in ("led", "backed", "headed", "brokered"):
        return True  # "the Washington-led alliance": the state leads
    if root.dep_ == "pobj" and root.head.lower_ in ("with", "between", "to") and root.head.head.lemma_ in RELATION_NOUNS:
        return True  # "Moscow's ties with London": a party to the relation
    partners = [c for c in root.children if c.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
    return any(p.ent_type_ in ("GPE", "ORG", "NORP") for p in partners)


def _descriptor_spans(span: Span) -> list[tuple[int, int]]:
    """What the text says a name is, beside the name: ``Skeleton racer`` X, X, ``the chief of
    staff to ...``, ``a satellite imagery company``, X. Character spans within the entry."""
    spans = []
    title = _title_span(span, require_role=False)
    if title is not None:
        spans.append(title)
    root = span.root
    of = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if of is not None and of.head.pos_ == "NOUN" and of.head.lower_ in GEO_NOUNS:
        named = _phrase_span([t for t in of.head.subtree if t.i <= span.end - 1 and not t.is_punct and t.dep_ not in ("det", "poss")])
        if named is not None:
            spans.append(named)  # "the town of Brask", "the Ukrainian peninsula of Crimea"
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_:
            words = [t for t in child.subtree if not t.is_punct and (t.i > child.i or t.dep_ not in ("det", "poss"))]
            after = [c for c in root.children if c.dep_ == "prep" and words and c.i == words[-1].i + 1]
            for prep in after:  # "X, the chief of staff to Y,": the parser hangs "to Y" on the name
                words += [t for t in prep.subtree if not t.is_punct]
            spans.append(_phrase_span(words))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not root.head.ent_type_:
        head = root.head
        spans.append(_phrase_span([t for t in head.subtree if t.i <= head.i and not t.is_punct and t.dep_ not in ("det", "poss")]))
    return [s for s in spans if s is not None and s[1] - s[0] > 2]


def _phrase_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of a run of words; punctuation inside it ("US-based", "Ukraine‘s") may be left out of ``tokens``."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].tag_ == "POS" or tokens[0].text in ("’s", "'s")):
        tokens = tokens[1:]
    if not tokens or not any(t.pos_ == "NOUN" for t in tokens):
        return None
    doc = tokens[0].doc
    inside = {t.i for t in tokens}
    if any(i not in inside and not (doc[i].is_punct and doc[i].text not in (",", ";", "(", ")")) for i in range(tokens[0].i, tokens[-1].i)):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _title_span(span: Span, require_role: bool = True) -> tuple[int, int] | None:
    """Character span of the title words directly before a name (``Kremlin spokesman``)."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "PART") or doc[i].lower_ in ("of", "-", "’s", "'s")) \
            and doc[i].lower_ not in ("the", "a", "his", "her", "their", "its") and not (doc[i].is_punct and doc[i].text not in ("-",)):
        i -= 1
    first = i + 1
    while first < span.start and (doc[first].lower_ in ("of", "-") or doc[first].tag_ == "POS"):
        first += 1
    last = span.start
    while last > first and doc[last - 1].lower_ in ("of", "-", "the"):
        last -= 1  # "the peninsula of Crimea" is a description, not a title
    if last < span.start:
        return None
    words = doc[first:span.start]
    if first >= span.start or (require_role and not any(_is_role_word(t) for t in words)):
        return None
    if not any(t.pos_ == "NOUN" or _is_role_word(t) for t in words):
        return None  # "the Kremlin's Peskov": a possessor, not a description
    return doc[first].idx, doc[span.start - 1].idx + len(doc[span.start - 1])


def _appositive_role(span: Span) -> tuple[str | None, str | None] | None:
    """``Irena Mavric, the foreign minister,`` or ``Valdoria's foreign minister, Irena Mavric,``."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and _is_role_word(child):
            return _role_key([t for t in child.subtree if t.i < child.i + 1 and t.lower_ not in ("the", "a", ",")])
    if root.dep_ == "appos" and _is_role_word(root.head):
        head = root.head
        return _role_key([t for t in head.subtree if t.i <= head.i and t.lower_ not in ("the", "a", ",")])
    return None


def _is_role_word(tok: Token) -> bool:
    return tok.lower_ in ROLE_NOUNS or tok.lower_ in ROLE_SYNONYMS or tok.lower_.rstrip("s") in ROLE_NOUNS or "-".join(tok.lower_.split()) in ROLE_NOUNS


def _role_key(tokens: list[Token]) -> tuple[str | None, str | None]:
    """A normalised role (``foreign minister``, ``nato chief``) and the country it names."""
    country = None
    words: list[str] = []
    skip: set[int] = set()
    for n, tok in enumerate(tokens):
        if tok.text in ("’s", "'s") or tok.tag_ == "POS" or n in skip:
            continue
        whole = _whole_name(tokens, n)
        if whole is not None and whole[1] > n + 1:
            skip.update(range(n + 1, whole[1]))
            name = " ".join(t.text for t in tokens[n:whole[1]])
            if tok.ent_type_ == "GPE" and country is None and country_of(name):
                country = country_of(name)  # "United States Secretary of State"
            else:
                words.append(_initials(name))  # "European Union's top diplomat" = "EU foreign policy chief"
            continue
        place = country_of(tok.text) or _local_place(tok)
        led = (n + 2 < len(tokens) and tokens[n + 1].text == "-" and tokens[n + 2].lower_ in ("led", "headed", "backed", "based", "run", "brokered")) or (
            n >= 2 and tokens[n - 1].text == "-" and tokens[n - 2].lower_ in ("pro", "anti"))
        if place and country is None and not led and tok.ent_type_ in ("GPE", "NORP", ""):
            country = place
            continue
        words.append(tok.lower_)
    cut_word = next((w for w in ("of", "for") if w in words[1:]), None)
    if cut_word:
        cut = words.index(cut_word)
        words = words[cut + 1:] + words[:cut]  # "head of nato" → "nato head"
    words = [ROLE_SYNONYMS.get(w, w) for w in words]
    role = " ".join(words).replace(" - ", "-").strip()
    for title, office in OFFICE_SYNONYMS.items():
        if role == title or role.endswith(" " + title):
            role = role[: len(role) - len(title)] + office
            break
    return (role or None), country


def _whole_name(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """(n, end) when ``tokens[n]`` opens a several-word place or organisation name within ``tokens``."""
    tok = tokens[n]
    opens = tok.ent_iob_ == "B" or (tok.ent_iob_ == "I" and (n == 0 or tokens[n - 1].i != tok.i - 1 or tokens[n - 1].ent_iob_ == "O"))
    if not opens or tok.ent_type_ not in ("GPE", "ORG"):
        return None  # an entity may open with "the", which titles leave out
    end = n + 1
    while end < len(tokens) and tokens[end].ent_iob_ == "I" and tokens[end].i == tokens[end - 1].i + 1:
        end += 1
    return n, end


def _initials(name: str) -> str:
    """An organisation's name as its initials, the way titles abbreviate it (``European Union`` → ``eu``)."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum() and w.lower() not in ("of", "for", "and", "the", "in")]
    return "".join(w[0] for w in words).lower()


def _document_places(doc: Doc) -> frozenset[str]:
    """The place names a parsed text mentions, computed once per document."""
    if "wirewatch_places" not in doc.user_data:
        doc.user_data["wirewatch_places"] = frozenset(
            {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")} | {t.text for t in doc if t.ent_type_ == "GPE"})
    return doc.user_data["wirewatch_places"]


def _local_place(tok: Token) -> str | None:
    """A place the document names that this word stands for: ``Kestria's`` or ``Kestrian``
    (for places no gazetteer knows: a capitalised adjective is its place name plus -n/-an/-ian)."""
    if not tok.text[:1].isupper():
        return None
    places = _document_places(tok.doc)
    if tok.ent_type_ == "GPE" and tok.text in places and tok.pos_ == "PROPN":
        return tok.text
    for suffix in ("ian", "an", "n"):
        if tok.text.endswith(suffix):
            stem = tok.text[: -len(suffix)]
            for place in places:
                if place in (stem, stem + "a", stem + "e", stem + "ia"):
                    return place
    return None


def _role_mentions(doc: Doc, entry_id: str, base: int, covered: set[int]) -> list[Mention]:
    """Noun phrases such as ``the Russian foreign minister`` or ``NATO chief`` standing alone."""
    found = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.i in covered or not _is_role_word(root) or root.dep_ == "compound":
            continue
        if any(t.ent_type_ == "PERSON" for t in chunk) or any(t.ent_type_ == "PERSON" for t in root.head.subtree if t.i > root.i and t.i - root.i <= 3):
            continue
        tokens = [t for t in chunk if t.lower_ not in ("the", "a", "an", "his", "her", "its", "their", "our")]
        if root.lower_ in ("head", "chief", "leader"):
            tokens += of_phrase(root)
        bare = len(tokens) < 2 and not root.text[0].isupper()
        if bare and not any(t.lower_ == "the" for t in chunk):
            continue
        role, country = _role_key(tokens)
        counterpart = role == "counterpart" and country is not None and any(t.lower_ in ("his", "her") for t in chunk)
        if not role or (role.split()[-1] in _RELATIVE_ROLES and not bare and not counterpart):
            continue  # "his Russian counterpart" stays: :func:`link_counterparts` gives it an office
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1])
        found.append(Mention(entry_id, base + start, base + end, text_of(doc)[start:end], text_of(doc)[start:end], "PERSON",
                             role=role, country=country, is_role=True, sentence=chunk.sent.start, token=tokens[0].i,
                             is_subject=root.dep_ in ("nsubj", "nsubjpass"), description=root.lower_ if bare else None))
    return found


def mark_surnames(mentions: list[Mention]) -> None:
    """A one-word name that is the surname of a full name in the same document is a person.

    The model tags ``Lavrov`` as an organisation in some sentences; the document
    that also says ``Sergey Lavrov`` settles it.
    """
    surnames = {m.name.split()[-1] for m in mentions if m.label == "PERSON" and not m.is_role and " " in m.name}
    for m in mentions:
        if not m.is_role and " " not in m.name and m.name in surnames:
            m.label = "PERSON"


def role_key(tokens: list[Token]) -> tuple[str | None, str | None]:
    """Public form of the role normaliser: (role, country) of a title's tokens."""
    return _role_key([t for t in tokens if t.lower_ not in ("the", "a", "an")])


def local_place(tok: Token) -> str | None:
    """Public form of the document-local place reader: the place a word (``Kestrian``) names."""
    return _local_place(tok)

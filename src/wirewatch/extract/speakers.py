"""Who a subject phrase refers to: names, pronouns, descriptions, roles.

Consumes the subject token of a speech verb and what came before it in the
document (earlier mentions, speakers, descriptions); produces a speaker name
as the text gives it (resolved to a canonical entity later, corpus-wide), or
``None`` when the text does not establish one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .lexicon import ORG_NOUNS, PRONOUNS_OTHER, PRONOUNS_PERSON, ROLE_NOUNS, SPEECH_VERBS
from .mentions import ANAPHORIC_ORGS, Mention, last_named_org, of_phrase, role_key
from ..nlp import text_of


_LONGEST_MENTION = 400


@dataclass
class Context:
    """What a document has said so far, in reading order."""

    mentions: list[Mention] = field(default_factory=list)
    speakers: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, name, "PERSON"|"ORG") in this entry
    descriptions: dict[str, list[tuple[int, str, bool]]] = field(default_factory=dict)  # head → [(offset, phrase, is_subject)]
    _starts: list[int] = field(default_factory=list)
    _by_start: dict[int, Mention] = field(default_factory=dict)

    def index(self) -> None:
        """Sort the mentions and index them by offset (call after the mention list is final)."""
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._by_start = {m.start: m for m in self.mentions if not m.is_role}

    def mentions_before(self, offset: int) -> list[Mention]:
        """Mentions earlier in the same entry: a live-blog update is read on its own."""
        return self.mentions[bisect_left(self._starts, self.entry[0]) : bisect_left(self._starts, offset)]

    def at(self, offset: int) -> list[Mention]:
        """Mentions covering a character offset."""
        found, i = [], bisect_right(self._starts, offset) - 1
        while i >= 0 and self.mentions[i].start > offset - _LONGEST_MENTION:
            if offset < self.mentions[i].end:
                found.append(self.mentions[i])
            i -= 1
        return found

    def named_at(self, start: int) -> Mention | None:
        return self._by_start.get(start)

    entry: tuple[int, int] = (0, 0)
    attributions: list[tuple[int, int, str, str]] = field(default_factory=list)  # "according to X" sentences
    phrases: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # any head → fuller phrases of this entry

    def new_entry(self, doc: Doc, base: int) -> None:
        """Forget the previous entry's speakers; note this entry's organisation descriptions."""
        self.speakers = []
        self.attributions = []
        self.entry = (base, base + len(text_of(doc)))
        self.phrases = {}
        for chunk in doc.noun_chunks:
            root = chunk.root
            tokens = [t for t in chunk if t.dep_ != "det"] + of_phrase(root)
            if len(tokens) >= 2 and root.pos_ in ("NOUN", "PROPN"):
                text = " ".join(t.text for t in tokens).replace(" ’s", "’s").replace(" 's", "'s")
                self.phrases.setdefault(root.lower_, []).append((base + chunk.start_char, text))
            if root.lower_ in ORG_NOUNS and len(tokens) >= 2:
                text = " ".join(t.text for t in tokens).replace(" ’s", "’s").replace(" 's", "'s")
                self.descriptions.setdefault(root.lower_, []).append((base + chunk.start_char, text, root.dep_ in ("nsubj", "nsubjpass")))

    def description_before(self, head: str, offset: int) -> str | None:
        """The fuller phrase ``the ministry`` stands for: this entry's (before, else after), else an earlier one."""
        found = self.descriptions.get(head, [])
        lo, hi = self.entry
        before = [text for at, text, _ in found if lo <= at < offset]
        after = [text for at, text, _ in found if offset <= at < hi]
        earlier = [text for at, text, _ in found if at < lo]
        return (before[-1:] or after[:1] or earlier[-1:] or [None])[0]


_QUANTITY_HEADS = {"thousands", "hundreds", "dozens", "millions", "scores", "tens", "group", "number", "crowd",
                   "crowds", "members", "band", "handful", "majority", "some", "many", "most"}
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we"}


#: Verbs whose object does what their "of"/"for" gerund says ("accused Russia of sending troops").
_ACCUSING = {"accuse", "suspect", "convict", "blame", "criticise", "criticize", "condemn", "charge"}


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing clauses that share it (``..., warning of ...``)."""
    came_from_acl = False
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ == "prep" and verb.lower_ in ("of", "for") and verb.head.lemma_ in _ACCUSING:
            accused = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if accused is not None:
                return accused  # "NATO accused Russia of sending more troops": Russia sends them
        climbs = verb.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "relcl", "acomp") or (
            came_from_acl and verb.dep_ in ("dobj", "pobj")) or (  # "issued an advisory urging ...": the issuer urges
            verb.dep_ == "prep" and verb.head.pos_ in ("VERB", "AUX"))  # "resorted to throwing stones"
        if climbs and verb.head.i != verb.i:
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            came_from_acl = verb.dep_ == "acl" or (verb.dep_ == "relcl" and infinitive)  # "a rally to protest"
            verb = verb.head
            continue
        return None
    return None


def phrase(token: Token) -> list[Token]:
    """The noun phrase a subject token heads: left modifiers, and who it speaks ``for``.

    ``a spokesperson for the European Commission`` → ``European Commission spokesperson``.
    """
    tokens = [t for t in token.subtree if t.i <= token.i and t.dep_ != "det" and not t.is_punct]
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at"):
            owner = [t for t in child.subtree if t.i > child.i and not t.is_punct and t.dep_ != "det"]
            if owner and token.lower_ in ROLE_NOUNS:
                return owner + [t for t in tokens if t.i == token.i or t.dep_ in ("compound", "amod") and not _is_generic(t)]
            tokens.extend(t for t in child.subtree if not t.is_punct)
        elif child.dep_ == "prep" and child.lower_ == "in" and token.lower_ not in ROLE_NOUNS:
            tokens.extend(t for t in child.subtree if not t.is_punct)  # "officials in Kyiv"
    return sorted(tokens, key=lambda t: t.i)


def surface(tokens: list[Token]) -> str:
    """Tokens as the text writes them: one stretch of text when they are contiguous."""
    ordered = list(tokens)  # kept in the caller's order: "European Commission spokesperson"
    runs: list[list[Token]] = []
    for t in ordered:
        if runs and (t.i == runs[-1][-1].i + 1 or (t.i == runs[-1][-1].i + 2 and t.doc[t.i - 1].is_punct and t.doc[t.i - 1].text in "-–")):
            runs[-1].append(t)
        else:
            runs.append([t])
    doc = ordered[0].doc if ordered else None
    return " ".join(doc[r[0].i : r[-1].i + 1].text for r in runs) if doc is not None else ""


def _is_generic(token: Token) -> bool:
    return token.lower_ in ("senior", "top", "unnamed", "anonymous")


def resolve_speaker(subject: Token, base: int, context: Context) -> tuple[str | None, str]:
    """The speaker a subject stands for, and its kind (``PERSON`` or ``ORG``).

    ``the organisation``, ``the bloc`` (alone, as owner or as the body one speaks for) are the
    organisation last named: ``the bloc’s foreign policy chief`` → ``EU foreign policy chief``."""
    name, kind = _resolve_speaker(subject, base, context)
    words = (name or "").split()
    noun = re.sub(r"[’']s$", "", words[0]).lower() if words else ""
    if noun in ANAPHORIC_ORGS and any(t.lower_ == noun and any(d.dep_ == "det" and d.lower_ == "the" for d in t.children)
                                       for t in subject.sent):
        named = _named_before(context, base + subject.sent.start_char, noun) or _named_before(context, base + subject.idx, noun)
        if named:
            return " ".join([named, *words[1:]]), kind
    return name, kind


def _resolve_speaker(subject: Token, base: int, context: Context) -> tuple[str | None, str]:
    lower = _POSSESSIVE_PRONOUNS.get(subject.lower_, subject.lower_)
    offset = base + subject.idx
    reporter = _reporting_subject(subject) if lower in PRONOUNS_PERSON | PRONOUNS_OTHER else None
    if reporter is not None:
        return resolve_speaker(reporter, base, context)  # "the rebels said they would ...": they = the rebels
    if lower in PRONOUNS_PERSON:
        return _recent(context, offset, ("PERSON",)), "PERSON"
    if lower in PRONOUNS_OTHER:
        return _recent(context, offset, ("ORG", "PLACE")), "ORG"
    if lower in _QUANTITY_HEADS or subject.pos_ == "NUM":
        members = next((g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
        if members is not None:
            return resolve_speaker(members, base, context)  # "thousands of Nigerians": the Nigerians
    own = _mention_at(context, offset)
    if own is not None:
        return own.name, "PERSON" if own.label == "PERSON" else "ORG"
    tokens = phrase(subject)
    text = surface(tokens)
    determined = any(t.dep_ in ("det", "poss") and t.lower_ in ("the", "this", "that", "his", "her", "its", "their") for t in subject.lefts)
    if lower in ROLE_NOUNS and determined and len(tokens) <= 2:
        described = _last_speaker_called(context, offset, lower)
        if described is not None:  # "A spokesperson for the Commission said ... 'We urge ...,' the spokesperson said"
            return described
        return _last_with_role(context, offset, lower) or _recent(context, offset, ("PERSON",)), "PERSON"
    if lower in ROLE_NOUNS:
        holder = _holder_of(context, role_key(tokens))
        if holder:
            return holder, "PERSON"
        if len(tokens) == 1 and any(t.dep_ == "det" and t.lower_ in ("a", "an") for t in subject.lefts):
            return _unnamed(context, offset, lower), "PERSON"
    if lower == "ministry" and any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in subject.children):
        held = _ministry_of_minister(context, offset)
        if held:
            return held, "ORG"  # "Defence Minister Andris Spruds said ... His ministry has said": the defence ministry
    if lower in ORG_NOUNS:
        if determined and len(tokens) <= 2:
            return context.description_before(lower, offset) or text, "ORG"
        return text, "ORG"
    if determined and len(tokens) <= 2 and subject.pos_ == "NOUN":
        earlier = [text for at, text in context.phrases.get(lower, []) if at < offset]
        if earlier:
            return earlier[-1], "ORG"  # "that rule states" → the rule named before
    for child in subject.children:
        if child.dep_ == "appos":
            named = _mention_at(context, base + child.idx)
            if named is not None:
                return named.name, "PERSON" if named.label == "PERSON" else "ORG"
    modifiers = [m for t in tokens if t.i < subject.i for m in [_mention_at(context, base + t.idx)] if m is not None and m.label in ("ORG", "PERSON")]
    if modifiers and subject.pos_ == "NOUN" and subject.tag_ != "NNS" and lower not in ROLE_NOUNS:
        return modifiers[-1].name, "ORG"  # "UN estimates", "the Interfax report"
    if subject.pos_ == "PROPN":
        return text, "PERSON" if subject.ent_type_ == "PERSON" else "ORG"
    if subject.pos_ == "NOUN" and (subject.tag_ == "NNS" or len(tokens) >= 2):
        return text, "ORG"  # "diplomats", "officials in Kyiv": a group speaks
    return None, "PERSON"


def _ministry_of_minister(context: Context, offset: int) -> str | None:
    """The ministry of the minister last named before ``offset`` (``foreign minister`` → ``foreign ministry``)."""
    for m in reversed(context.mentions_before(offset)):
        if m.label == "PERSON" and m.role:
            words = m.role.split()
            if words[-1] != "minister" or len(words) < 2:
                return None
            ministry = " ".join([*words[:-1], "ministry"])
            return f"{m.country}’s {ministry}" if m.country else ministry
    return None


_SPOKES_NOUNS = {"spokesman", "spokeswoman", "spokesperson"}


def _unnamed(context: Context, offset: int, noun: str) -> str:
    """``A spokesman said`` after ``Estonia’s interior ministry has ...``: the spokesman of the
    organisation last named in the update; any other unnamed official is known by the role alone."""
    if noun in _SPOKES_NOUNS:
        named = [m for m in context.mentions_before(offset) if m.label == "ORG"]
        if named:
            return f"{named[-1].name} {noun}"
    return noun


def _named_before(context: Context, offset: int, noun: str) -> str | None:
    """The organisation ``the <noun>`` stands for: the last one named before it in the entry."""
    named = last_named_org(context.mentions_before(offset), noun, context.mentions)
    return named.name if named is not None else None


def _reporting_subject(pronoun: Token) -> Token | None:
    """The named subject of the speech verb whose clause a subject pronoun opens."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return None
    speaker = next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if speaker is None or speaker.pos_ == "PRON" or clause.head.lemma_ not in SPEECH_VERBS:
        return None
    number = {"he": "Sing", "she": "Sing", "it": "Sing", "they": "Plur", "we": "Plur"}.get(pronoun.lower_)
    if number == "Plur" and speaker.tag_ not in ("NNS", "NNPS") and not any(c.dep_ == "conj" for c in speaker.children):
        return None if speaker.ent_type_ not in ("NORP",) else speaker
    if pronoun.lower_ in ("he", "she") and speaker.ent_type_ not in ("PERSON", ""):
        return None
    return speaker


def _mention_at(context: Context, offset: int) -> Mention | None:
    """The mention covering ``offset``; a description beside a name stands for the name."""
    for m in sorted(context.at(offset), key=lambda m: (m.is_role, m.holder is None)):
        if m.holder is not None:
            return context.named_at(m.holder) or m
        return m
    return None


def _recent(context: Context, offset: int, labels: tuple[str, ...]) -> str | None:
    """The latest speaker or subject mention of the wanted kind before ``offset``."""
    kind = "PERSON" if "PERSON" in labels else "ORG"
    best: tuple[int, str] | None = None
    for at, name, speaker_kind in context.speakers:
        if at < offset and speaker_kind == kind and (best is None or at > best[0]):
            best = (at, name)
    for m in context.mentions_before(offset):
        if m.label in labels and m.is_subject and (best is None or m.start > best[0]):
            best = (m.start, m.name)
    if kind == "ORG":
        for found in context.descriptions.values():
            for at, text, is_subject in found:
                if is_subject and context.entry[0] <= at < offset and (best is None or at > best[0]):
                    best = (at, text)
    if best is None:
        for m in reversed(context.mentions_before(offset)):
            if m.label in labels:
                return m.name
    return best[1] if best else None


def _holder_of(context: Context, key: tuple[str | None, str | None]) -> str | None:
    """The one person the document names with this role (``the spokeswoman for X`` → her name)."""
    role, country = key
    if not role:
        return None
    names = {m.name for m in context.mentions if m.label == "PERSON" and not m.is_role and m.role == role
             and (country is None or m.country in (None, country))}
    return next(iter(names)) if len(names) == 1 else None


def _last_speaker_called(context: Context, offset: int, noun: str) -> tuple[str, str] | None:
    """The latest speaker before ``offset`` known only by a description ending in ``noun``
    (``European Commission spokesperson``), unless a person holding that role was named since."""
    best: tuple[int, str, str] | None = None
    for at, name, kind in context.speakers:
        if at < offset and name.lower().split()[-1:] == [noun] and len(name.split()) > 1 and (best is None or at > best[0]):
            best = (at, name, kind)
    if best is None:
        return None
    named = [m for m in context.mentions_before(offset) if m.label == "PERSON" and m.role and noun in m.role.split() and m.start > best[0]]
    return None if named else (best[1], best[2])


def _last_with_role(context: Context, offset: int, noun: str) -> str | None:
    for m in reversed(context.mentions_before(offset)):
        if m.label == "PERSON" and m.role and noun in m.role.split():
            return m.name
    return None

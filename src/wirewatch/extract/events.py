"""Stage ``events``: who did what to whom, coded in PLOVER.

Consumes a parsed entry, its mentions, speakers context and quotes; produces
:class:`EventMention` items. The coding rules are data
(``data/plover.yaml``: verbs, verb phrases and nouns per event type, modes,
contexts, scores) read by this small engine over the dependency parse:

- a verb triggers the type of its most specific phrase (``hold`` + ``talks``,
  ``pull`` + ``out``, ``call`` + ``for``), else of its lemma; a noun triggers
  when it names the event as a subject, object or prepositional object (``the
  invasion``, ``talks between X and Y``, ``on a visit to Melbourne``) and no
  verb over it codes it already (``imposed sanctions``, ``met for talks``);
- the source is the verb's subject (``by`` X in the passive), resolved like a
  speaker (names, pronouns, descriptions, roles); for a noun, its owner,
  nationality or ``of`` agent, else the subject of the verb it is the object
  of, or that it hangs on through ``on``/``during``/``for``/``at`` (``Blinken,
  on a visit to Melbourne, said``); the target its object or the object of
  ``against``/``on``/``with``/``to``/``into``/``at``, the actor after an object
  thing's own preposition or its owner (``held talks with X``, ``concern over X's
  law``), the second of joint subjects of a mutual act (``X and Y met``), else an
  object known by its description (``arrested protesters``; never one's own forces);
- wire syntax: a subject the parser gave to a trailing attribution or an opening phrase is taken
  back; ``his government`` in reported speech is the speaker; a thing's author is its target
  (``rejected an offer by X``); an event noun takes its verb's phrase (``a ban on imports``); an
  attribution's aside (``..., X said, urging Y to ...``) ranks below the reported act;
- ``negated``: a ``not``/``no``/``never`` on the trigger or its verb;
  ``hypothetical``: a modal (could, would, might, may, should), an ``if``
  clause, ``in the event of`` or a word of possibility (``the threat of an
  invasion``, ``fears of war``) on the way up from the trigger;
- stance and purpose: refusing a cooperative act is REJECT, demanding one REQUEST, an intent to
  cooperate AGREE and to coerce THREATEN (also a conflictual act with its own ``if`` clause, pledged,
  held out as possible or not ruled out); an act done "to protest" is a PROTEST, force used "to
  disperse" a crowd COERCE; urging others to back a third party is SUPPORT, calling for sanctions
  against one ACCUSE (CAMEO's rallying support and opposition);
- ``claimed_by``: the speaker of the quote or reported clause holding it;
- the date: the entry's, moved by a weekday, yesterday, tomorrow or last week
  said in the event's clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from ..models import Stamp
from .event_actors import (
    _LIGHT, _REPORTERS, _SELF, _Described, _actors, _first_person_speaker, _name, _named_target, _nationality, _subject,
)
from .gazetteer import fold
from .lexicon_plover import Lexicon
from .quotes import Quote
from .speakers import Context, subject_of

_MODALS = {"could", "would", "might", "may", "should", "can", "must"}
_NEGATIONS = {"not", "n't", "never", "no"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class EventMention:
    entry_id: str
    start: int
    end: int
    trigger: str
    sentence: str
    type: str
    mode: str | None
    context: str | None
    source: str | None
    target: str | None
    location: str | None
    negated: bool
    hypothetical: bool
    claimed_by: str | None
    date: str | None
    date_precision: str
    confidence: float


def find_events(doc: Doc, entry_id: str, base: int, body_start: int, context: Context, quotes: list[Quote],
                stamp: Stamp, outlet: str | None, lexicon: Lexicon) -> list[EventMention]:
    """Events of one entry's body text."""
    found: list[EventMention] = []
    taken: set[int] = set()
    for tok in doc:
        if tok.idx < body_start or tok.i in taken:
            continue
        event_type = _trigger(tok, lexicon)
        if event_type is None:
            continue
        mention = _code(tok, event_type, doc, entry_id, base, context, quotes, stamp, outlet, lexicon)
        if mention is not None:
            found.append(mention)
            taken.update(c.i for c in tok.children if c.dep_ in ("dobj", "attr"))  # "held talks": one event
    return found


def _trigger(tok: Token, lexicon: Lexicon) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma in _KEEPING_OPEN and any(c.dep_ == "neg" for c in tok.children) and any(
                lexicon.nouns.get(w) in ("ASSAULT", "COERCE", "SANCTION") or w in ("action", "force", "option")
                for w in _object_lemmas(tok)):
            return "THREATEN"  # "did not rule out military action": force held out as an option
        for phrase in lexicon.phrases.get(lemma, []):
            if phrase.particle and not any(c.dep_ in ("prt", "advmod") and c.lower_ == phrase.particle for c in tok.children):
                continue
            if phrase.prep and not _has_prep(tok, phrase.prep):
                continue
            if phrase.objects and not (_object_lemmas(tok, phrase.prep) & phrase.objects):
                continue
            if phrase.subjects and not (_subject_lemmas(tok) & phrase.subjects):
                continue
            return _rallying(tok, _as_protest(tok, phrase.type), lexicon)
        found = _rallying(tok, lexicon.verbs.get(lemma), lexicon)
        if found is None and lemma in _REPORTERS | {"believe", "suspect", "think"} and _blames(tok):
            return "ACCUSE"  # "Kabul said Islamabad was behind the bombing": saying who is to blame accuses
        if lemma in _PLEDGES:
            acts = [_trigger(c, lexicon) for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
            if any(act in ("ASSAULT", "COERCE", "SANCTION") for act in acts):
                return "THREATEN"  # "vowed to crush any uprising": a pledge of force is a threat
        if found is None:
            for child in tok.children:
                if child.dep_ == "dobj":
                    modifier = next((c for c in child.children if c.dep_ == "compound" and c.lemma_.lower() in lexicon.nouns), None)
                    if modifier is not None:
                        return lexicon.nouns[modifier.lemma_.lower()]  # "launched a mediation effort"
        return _as_protest(tok, found)
    if any(c.dep_ == "compound" and c.lower_ in ("news", "press", "conference") for c in tok.children):
        return None  # "a news conference", "a conference call": where something is said, not an event
    if tok.dep_ == "pobj" and (tok.head.lower_, tok.lower_) in _IDIOMS:
        return None  # "the director in charge of": no charge is brought
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "conj", "appos", "ROOT", "pobj"):
        verb = tok.head if tok.head.pos_ == "VERB" else _taking_part(tok)
        if verb is not None and _trigger(verb, lexicon) is not None:
            return None  # the verb codes it ("imposed sanctions", "met for talks")
        for child in tok.children:
            if child.dep_ in ("amod", "compound") and f"{child.lemma_.lower()} {lemma}" in lexicon.nouns:
                return lexicon.nouns[f"{child.lemma_.lower()} {lemma}"]  # "a general strike", "war games"
        if lemma in lexicon.nouns and (named := _named_act(tok, lexicon)):
            return named  # "a ban on imports" is what "banned imports" is
        return lexicon.nouns.get(lemma)
    return None


def _named_act(noun: Token, lexicon: Lexicon) -> str | None:
    """An event noun takes the type of its verb's phrase on what it is "on", "of" or "against", or what
    modifies it: "a ban on imports" (SANCTION, as "banned imports"), not the bare noun's (a ban is COERCE)."""
    acted_on = {g.lemma_.lower() for c in noun.children if c.dep_ == "prep" and c.lower_ in ("on", "of", "against")
                for g in c.children if g.dep_ == "pobj"}
    acted_on |= {c.lemma_.lower() for c in noun.children if c.dep_ == "compound"}  # "an import ban"
    for phrase in lexicon.phrases.get(noun.lemma_.lower(), []):
        if phrase.objects and not (phrase.particle or phrase.prep or phrase.subjects) and acted_on & phrase.objects:
            return phrase.type
    return None


#: What is said or asked is coded as itself even when said "to protest" ("summoned the envoy to protest").
_VERBAL = {"ACCUSE", "REQUEST", "THREATEN", "CONSULT", "AGREE", "SUPPORT", "PROTEST"}


#: Sanctions one state takes against another, which stay sanctions when taken "in protest".
_DIPLOMATIC = {"recall", "expel", "sever", "suspend", "cancel", "postpone", "freeze", "downgrade", "close", "cut",
               "halt", "withdraw", "break", "impose", "ban", "scrap", "end"}
#: Purposes that make the act done for them an event of their type: (purpose lemma, type, types it overrides).
_PURPOSES = {"protest": "PROTEST", "demonstrate": "PROTEST", "disperse": "COERCE", "quell": "COERCE"}


def _as_protest(verb: Token, event_type: str | None) -> str | None:
    """``refused to unload ships to protest ...``, ``stayed home in protest``: an act done as a
    protest is a PROTEST, whatever it would be on its own (not a verbal act: summoning an envoy
    "to protest" stays an accusation, a demonstrator who protested "that ..." accuses); force used
    "to disperse" a crowd is repression (COERCE)."""
    if event_type == "PROTEST" and any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return "ACCUSE"  # "the port mistreats its workers, the union protested": a verbal protest
    if event_type in _VERBAL or verb.lemma_ in _REPORTERS or (event_type == "SANCTION" and verb.lemma_.lower() in _DIPLOMATIC):
        return event_type  # recalling an envoy "in protest" is still a sanction
    below = [g for c in verb.children if c.dep_ == "xcomp" for g in c.children]  # "refused to unload ships to protest"
    for child in [*verb.children, *below]:
        purpose = _PURPOSES.get(child.lemma_.lower())
        infinitive = child.dep_ == "advcl" or (child.dep_ == "xcomp" and event_type is not None and child.head.i == verb.i)
        if infinitive and purpose and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            if purpose == "PROTEST" or event_type in (None, "ASSAULT"):
                return purpose
        if child.dep_ == "prep" and child.lower_ in ("in", "as") and any(
                g.dep_ == "pobj" and g.lemma_.lower() == "protest" for g in child.children):
            return "PROTEST"
    return event_type


def _rallying(verb: Token, event_type: str | None, lexicon: Lexicon) -> str | None:
    """CAMEO's "rally support on behalf of" and "rally opposition against": asking others to
    back a third party (``urged donors to support the transitional government``) is SUPPORT; calling for
    sanctions against one (``called for sanctions against the regime``) or asking others to boycott or
    sanction one (``urged investors to boycott firms owned by the junta``) is ACCUSE. Asking others to
    back the asker's own cause (``urged Spain to support its bid``) stays a REQUEST (CAMEO 022)."""
    if event_type != "REQUEST":
        return event_type
    asked = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    asked += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children if g.dep_ == "pobj"]
    for act in asked:
        if act.pos_ == "VERB":
            kind = lexicon.verbs.get(act.lemma_.lower())
        else:
            kind = lexicon.nouns.get(act.lemma_.lower())
        backed = [c for c in act.children if c.dep_ == "dobj"] if act.pos_ == "VERB" else []
        if kind == "SUPPORT" and backed and not any(_own(o) for o in backed):
            return "SUPPORT"
        if kind == "SANCTION" and any(c.dep_ == "prep" and c.lower_ == "against" for c in act.children):
            return "ACCUSE"
        if (kind == "SANCTION" or act.lemma_.lower() in _SHUNNING) and any(
                o.lemma_.lower() not in lexicon.nouns and _names_party(o) for o in backed):
            return "ACCUSE"
    return event_type


#: Verbs of shunning a party that, asked of others, rally opposition against it.
_SHUNNING = {"boycott", "shun", "isolate", "ostracise", "ostracize"}


def _own(obj: Token) -> bool:
    """``it``, ``them``, ``its bid``, ``the country's bid``: what is to be backed is the asker's own."""
    return obj.pos_ == "PRON" or any(c.dep_ == "poss" and (c.pos_ == "PRON" or (
        c.lemma_.lower() in _SELF and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children))) for c in obj.children)


def _names_party(obj: Token) -> bool:
    """A state, organisation or person is named in the phrase (``firms owned by Myanmar's army``)."""
    return any(t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") for t in obj.subtree)


def _blames(verb: Token) -> bool:
    """The verb reports that someone is responsible, guilty or behind something."""
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.lemma_ != "be":
            continue
        for child in clause.children:
            if child.dep_ == "acomp" and child.lemma_.lower() in ("responsible", "guilty", "culpable", "liable", "accountable"):
                return True
            if child.dep_ == "prep" and child.lower_ == "behind":
                return True
    return False


def _subject_lemmas(verb: Token) -> set[str]:
    """Lemmas of a verb's subject and its modifiers (``peacekeeping troops arrived``)."""
    subject = _subject(verb)
    if subject is None:
        return set()
    heads = [subject, *(g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")]
    return {h.lemma_.lower() for h in heads} | {c.lemma_.lower() for h in heads for c in h.children if c.dep_ in ("compound", "amod")}


def _has_prep(verb: Token, prep: str) -> bool:
    """``call for``: the preposition on the verb, or opening the clause right after it
    (the parser hangs "for" on the infinitive in "called for its citizens to leave")."""
    if any(c.dep_ in ("prep", "agent", "dative", "mark") and c.lower_ == prep for c in verb.children):
        return True
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return following is not None and following.lower_ == prep and following.dep_ == "mark"


def _object_lemmas(verb: Token, prep: str | None = None) -> set[str]:
    """Lemmas of what a verb acts on: its object (and the object's modifiers and ``of`` phrase),
    prepositional objects, and the object of an infinitive it governs."""
    lemmas = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "xcomp", "dative"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ in ("compound", "amod", "dobj"))
            lemmas.update(g.lemma_.lower() for c in child.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                          for g in c.children if g.dep_ == "pobj")  # "tons of wheat", "$3 billion in aid"
            lemmas.update(_counted(child))  # "hundreds of tonnes of relief supplies"
        elif child.dep_ == "ccomp" and child.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            # "allowed inspectors to visit the site": who is let (or made) to act
            lemmas.update(c.lemma_.lower() for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
        elif child.dep_ == "acomp" or (child.dep_ == "ccomp" and child.pos_ == "ADJ"):
            lemmas.add(child.lemma_.lower())  # "found the mayor guilty"
        elif child.dep_ == "prep" and (prep is None or child.lower_ == prep) and child.lower_ not in _SETTING_PREPS:
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
    return lemmas


def _counted(noun: Token) -> set[str]:
    """What a chain of counts and measures counts out ("hundreds of tonnes of relief supplies": supply)."""
    found, word = set(), noun
    for _ in range(3):
        word = next((g for c in word.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
        if word is None:
            break
        found.add(word.lemma_.lower())
    return found


def _code(tok: Token, event_type: str, doc: Doc, entry_id: str, base: int, context: Context, quotes: list[Quote],
          stamp: Stamp, outlet: str | None, lexicon: Lexicon) -> EventMention | None:
    verb = tok if tok.pos_ == "VERB" else (tok.head if tok.head.pos_ in ("VERB", "AUX") else _taking_part(tok))
    if (tok.lemma_.lower() in _WARNINGS and not _named_target(tok, base, context) and not _object_lemmas(tok) & _OWN_ACTS
            and not _conditional(tok)):
        return None  # "warned that an invasion could come": a warning about others, not a threat
    if tok.pos_ != "VERB" and tok.lemma_.lower() in _DOCUMENT_NOUNS:
        return None  # "Russia's draft treaty": a document, not the act of agreeing
    mutual = event_type in _MUTUAL or tok.lemma_.lower() in _FIGHTING
    source, target = _actors(tok, verb, base, context, moving=event_type in _MOVING, mutual=mutual)
    speaker = _first_person_speaker(tok, base, quotes)
    if speaker is not None:
        source = speaker  # "we can resolve ...", said Wallace: we = Wallace
    if outlet and source and fold(source) == fold(outlet):
        return None  # an outlet's own voice is never an actor
    described = isinstance(target, _Described)
    if source is None and (target is None or described):
        return None  # no actor at all: "fears of war"; an unnamed actor of a named target is kept, with low confidence
    if target is not None and source is not None and fold(target) == fold(source):
        target = None
    recoded = _recode(tok, event_type)
    if recoded == "REQUEST" and event_type != "REQUEST":
        asker = _asker(tok, base, context)
        if asker is not None:
            source, target = asker, source  # "X declared that China must drop barriers": X asks China
    refused = recoded == "REJECT" and event_type in _COOPERATIVE  # "will not negotiate": the "not" makes it a refusal
    event_type = recoded
    mode = _mode(tok, event_type, lexicon)
    if event_type == "MOBILIZE" and mode == "exercise" and _several(_subject(verb) if verb is not None else None):
        event_type, mode = "COOPERATE", _mode(tok, "COOPERATE", lexicon)  # "Greek and Cypriot warships began exercises"
    sent = tok.sent
    offset = base + tok.idx
    claimant = next((q.speaker for q in quotes if q.start <= offset < q.end and q.speaker), None)
    when, precision = _event_date(verb or tok, stamp)
    hypothetical = _hypothetical(tok)
    mention = EventMention(
        entry_id=entry_id, start=offset, end=offset + len(tok), trigger=tok.text, sentence=sent.text.strip(),
        type=event_type, mode=mode, context=_context(sent, lexicon),
        source=source, target=str(target) if target is not None else None, location=_location(tok, verb, base, context),
        negated=_negated(tok, verb) and not refused and not (event_type == "THREATEN" and tok.lemma_.lower() in _KEEPING_OPEN),
        hypothetical=hypothetical,
        claimed_by=claimant if claimant and fold(claimant) != fold(source or "") else None,
        date=when, date_precision=precision, confidence=0.0,
    )
    mention.confidence = round(max(0.05, 0.4 - 0.3 * (source is None) + 0.2 * (target is not None and not described) + 0.2 * (tok.pos_ == "VERB")
                                   + 0.2 * (not hypothetical) - 0.05 * _depth(tok) - 0.2 * _subordinate(tok)
                                   - 0.3 * _aside(tok)), 2)
    return mention


def _several(subject: Token | None) -> bool:
    """``Russia and China``, ``French and Egyptian warships``: a subject of more than one party."""
    if subject is None:
        return False
    own = _nationality(subject)
    for conj in (c for c in subject.children if c.dep_ == "conj"):
        # "Chinese fighter jets and warships": the second is more of the same party's forces
        if not own or conj.pos_ == "PROPN" or conj.ent_type_ or any(g.ent_type_ in ("NORP", "GPE") for g in conj.children):
            return True
    return any(
        c.dep_ in ("amod", "compound") and any(g.dep_ == "conj" for g in c.children) for c in subject.children)


def _depth(tok: Token) -> int:
    """How far below its sentence's main verb a trigger sits (reporting verbs do not count)."""
    depth, word = 0, tok
    while word.head.i != word.i and depth < 10:
        word = word.head
        if word.lemma_ not in _REPORTERS:
            depth += 1
    if tok.lemma_ in _REPORTERS | {"accuse"} and any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
        depth += 3  # "abused immigrants, a rights group charged": the charge reports the event
    return depth


def _aside(tok: Token) -> bool:
    """A trigger in what a trailing attribution adds ("X has been on hunger strike, his family said,
    urging London to intervene"): the wire's news is the reported clause before it, not the aside."""
    word = tok
    while word.head.i != word.i:
        head = word.head
        if (word.dep_ in ("advcl", "conj") and word.i > head.i and head.lemma_ in _REPORTERS
                and any(c.dep_ in ("ccomp", "parataxis") and c.i < head.i for c in head.children)):
            return True
        word = head
    return False


def _subordinate(tok: Token) -> bool:
    """A trigger in a relative clause or a background phrase: rarely the reported event."""
    word = tok
    while word.head.i != word.i:
        if word.dep_ in ("relcl", "acl", "advcl") or (word.dep_ == "pobj" and word.head.lower_ in ("after", "before", "during", "following", "despite", "amid")):
            return True
        word = word.head
    return False


_PLEDGES = {"vow", "pledge", "promise", "swear"}
_KEEPING_OPEN = {"rule", "exclude"}
_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
_CONFLICTUAL = {"SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "PROTEST"}
_INTENT_WORDS = {"willing", "prepared", "ready", "plan", "offer", "promise", "pledge", "agree", "commit", "intend",
                 "vow", "want", "seek", "hope", "expect", "determined", "aim", "consider", "weigh", "mull", "contemplate",
                 "reserve"}
#: Verbs that halt what they govern ("suspended its efforts to mediate").
_HALTS = {"end", "halt", "suspend", "stop", "abandon", "quit", "freeze", "cease", "drop"}
_REFUSAL_WORDS = {"refuse", "decline", "reject", "oppose", "opposed", "resist", "balk"}
_CLAUSE_DEMANDS = {"demand", "insist", "urge", "require"}  # "demanded that X ...", not "told reporters that ..."
_DEMAND_WORDS = {"urge", "demand", "call", "ask", "press", "push", "appeal", "insist", "tell", "remind", "reminder"}


def _governors(tok: Token, depth: int = 4) -> list[Token]:
    """The words above a trigger on the way up its clause chain (infinitives, complements)."""
    chain, word = [], tok
    for _ in range(depth):
        if word.head.i == word.i or word.dep_ not in ("xcomp", "ccomp", "acomp", "pcomp", "pobj", "prep", "conj", "dobj", "advcl", "acl"):
            break
        word = word.head
        chain.append(word)
    return chain


def _asker(tok: Token, base: int, context: Context) -> str | None:
    """Who demands a clause with ``must`` or a requested infinitive: the speaker above it."""
    for word in _governors(tok):
        if word.pos_ in ("VERB", "AUX") and word.i != tok.i:
            subject = subject_of(word)
            if subject is not None:
                return _name(subject, base, context)
        if word.pos_ == "NOUN" and word.head.pos_ == "VERB":  # "issued a reminder that ..."
            subject = subject_of(word.head)
            if subject is not None:
                return _name(subject, base, context)
    return None


def _recode(tok: Token, event_type: str) -> str:
    """CAMEO/PLOVER coding of stance: refusing a cooperative act is REJECT; demanding one
    is REQUEST; an expressed intent to cooperate is AGREE, to coerce is THREATEN."""
    if event_type not in _COOPERATIVE | _CONFLICTUAL:
        return event_type
    above = _governors(tok)
    lemmas = {w.lemma_.lower() for w in above}
    if above and above[0].lemma_.lower() == "commit" and tok.dep_ == "dobj":
        lemmas.discard("commit")  # "committed atrocities" is the deed, "committed to talks" an intent
    auxes = {c.lower_ for w in [tok, *above] for c in w.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" for w in [tok, *above[:1]] for c in w.children)
    if lemmas & _REFUSAL_WORDS or (negated and auxes & {"will", "would", "'ll"} and event_type in _COOPERATIVE):
        return "REJECT" if event_type in _COOPERATIVE else event_type
    if event_type == "CONSULT" and tok.pos_ == "VERB" and {w.lemma_.lower() for w in above[:2] if w.pos_ == "VERB"} & _HALTS:
        return "SANCTION"  # "ended its efforts to mediate", "stopped negotiating": halting talks or mediation (CAMEO 164/165)
    infinitive = tok.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    governor = above[0].lemma_.lower() if above else ""
    if "must" in auxes or (governor in _DEMAND_WORDS and infinitive) or (governor in _CLAUSE_DEMANDS and tok.dep_ == "ccomp"):
        return "REQUEST"
    conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for w in [tok, *above] for c in w.children)
    if event_type in _CONFLICTUAL and _conditional_act(tok):
        return "THREATEN"  # "may suspend its aid if ...": a conflictual act made conditional is a threat
    intent = bool(lemmas & _INTENT_WORDS) or bool(auxes & {"will", "shall", "'ll"}) or (
        "would" in auxes and not conditional and any(w.dep_ == "ccomp" for w in [tok, *above]))
    if intent and (event_type != "SUPPORT" or auxes & {"will", "shall", "'ll"}):
        return "AGREE" if event_type in _COOPERATIVE else "THREATEN"
    if event_type in _CONFLICTUAL and auxes & {"could", "may", "might"} and any(w.dep_ == "ccomp" for w in [tok, *above]):
        return "THREATEN"  # "the EU said it could freeze the agreement": a harm held out as possible
    return event_type


def _conditional(verb: Token) -> bool:
    """The verb has its own ``if``/``unless`` clause."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in verb.children)


def _conditional_act(verb: Token) -> bool:
    """``X may halt its aid if ...``: a modal verb whose own ``if``/``unless`` clause sets the
    condition (not a verb inside such a clause)."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in _MODALS | {"will", "'ll"} for c in verb.children):
        return False
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in verb.children)


#: Prepositions of place and time: what follows them is where or when, not what is acted on.
_SETTING_PREPS = {"at", "near", "outside", "inside", "during", "after", "before", "since", "until", "throughout", "across"}
_WARNINGS = {"warn", "caution"}
#: What one warns of doing oneself ("warned of retaliation"), unlike what one warns may happen ("warned of war").
_OWN_ACTS = {"retaliation", "response", "consequence", "reprisal", "revenge", "punishment", "measure", "countermeasure"}
_DOCUMENT_NOUNS = {"treaty", "agreement", "accord", "pact", "deal", "memorandum", "charter", "protocol", "resolution"}


def _taking_part(noun: Token) -> Token | None:
    """The verb whose subject takes part in the event ``noun`` names through a preposition of
    occasion or purpose ("Blinken, on a visit to Melbourne, said", "plans to travel to Moscow for talks")."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in _OCCASION and prep.head.pos_ == "VERB":
        return prep.head
    if noun.dep_ == "pobj" and prep.lower_ == "on" and prep.head.lemma_ == "be" and prep.head.dep_ != "auxpass":
        return prep.head  # "has been on hunger strike for 100 days", "dockers are on strike"
    if noun.dep_ == "pobj" and prep.head.pos_ == "VERB" and _LIGHT.get(prep.head.lemma_.lower()) == prep.lower_:
        return prep.head  # "engaged in looting", "resorted to violence"
    measure = prep.head
    if (noun.dep_ == "pobj" and prep.lower_ == "of" and measure.lemma_.lower() in _MEASURES
            and measure.dep_ == "dobj" and measure.head.pos_ == "VERB"):
        return measure.head  # "began five days of war games", "began a wave of strikes"
    return None


#: Types of acts that joint subjects do with each other ("X and Y met", "agreed", "signed", "cooperated").
_MUTUAL = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "RETREAT"}
#: Fighting verbs whose joint subjects fight each other ("soldiers and militants clashed").
_FIGHTING = {"clash", "fight", "exchange", "battle", "skirmish"}


#: Nouns whose "of" object is a possibility, not a fact.
_POSSIBILITY = {"threat", "risk", "fear", "prospect", "possibility", "danger", "likelihood", "chance", "spectre", "specter"}
#: Prepositions through which a clause's subject takes part in an event noun.
_OCCASION = {"on", "during", "for", "at"}
#: Nouns that measure out an event named in their "of" phrase.
_MEASURES = {"day", "week", "month", "year", "hour", "night", "series", "wave", "round", "spate", "string", "flurry",
             "bout", "volley", "cycle", "weekend", "campaign", "spree"}
#: (preposition, noun) pairs where an event noun names no event.
_IDIOMS = {("in", "charge")}


#: Event types whose object is the source's own forces or goods ("deployed soldiers", "withdrew troops").
_MOVING = {"MOBILIZE", "RETREAT", "AID", "COOPERATE"}


def _negated(tok: Token, verb: Token | None) -> bool:
    for word in (tok, verb):
        if word is not None and any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in word.children):
            return True
    return False


def _hypothetical(tok: Token) -> bool:
    """A modal, an ``if`` clause or ``in the event of``/``in case of`` between the trigger and its sentence's root.

    A possessed noun that is an object is taken as given, whatever the modal above it: in "they
    could use their talks to ease tension" the talks take place."""
    if tok.pos_ == "NOUN" and any(c.dep_ == "poss" for c in tok.children) and (
            tok.dep_ == "dobj" or (tok.dep_ == "pobj" and tok.head.lower_ != "of")):
        return False
    word, steps = tok, 0
    while steps < 4:
        if any((c.dep_ == "aux" and c.lower_ in _MODALS) or (c.dep_ == "mark" and c.lower_ in ("if", "unless")) for c in word.children):
            return True
        if _only_possible(word):
            return True
        if word.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "prep", "xcomp", "conj", "acl") and word.head.i != word.i:
            word, steps = word.head, steps + 1
            continue
        break
    return False


def _only_possible(word: Token) -> bool:
    """``word`` is the object of "in the event of"/"in case of" ("in the event of a Russian assault") or of
    a word of possibility ("the threat of a Russian invasion", "fears of war")."""
    of = word.head
    if word.dep_ != "pobj" or of.lower_ != "of":
        return False
    if of.head.lemma_.lower() in _POSSIBILITY:
        return True
    return of.head.lower_ in ("event", "case") and of.head.head.lower_ == "in" and of.head.head.i != of.head.i


def _mode(tok: Token, event_type: str, lexicon: Lexicon) -> str | None:
    modes = lexicon.modes.get(event_type) or {}
    words = {tok.lemma_.lower()} | {t.lemma_.lower() for c in tok.children if c.dep_ not in ("ccomp", "advcl") for t in c.subtree}
    for mode, triggers in modes.items():
        if words & triggers:
            return mode
    return None


def _context(sent, lexicon: Lexicon) -> str | None:
    lemmas = {t.lemma_.lower() for t in sent}
    counts = {name: len(lemmas & words) for name, words in lexicon.contexts.items()}
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] else None


def _location(tok: Token, verb: Token | None, base: int, context: Context) -> str | None:
    for head in (tok, verb):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "near"):
                for obj in child.children:
                    place = next((m for m in context.at(base + obj.idx) if m.label == "PLACE"), None)
                    if obj.dep_ == "pobj" and place is not None:
                        return place.name
    return None


def _event_date(verb: Token, stamp: Stamp) -> tuple[str | None, str]:
    """The day the event happened: the entry's, moved by what its clause says."""
    if stamp.precision not in ("day", "minute") or not stamp.iso:
        return None, "unknown"
    day = date.fromisoformat(stamp.iso[:10])
    words = " ".join(t.lower_ for t in verb.subtree if t.ent_type_ == "DATE" or t.lower_ in _WEEKDAYS)
    future = any(c.lower_ in ("will", "'ll") for c in verb.children if c.dep_ == "aux")
    if "yesterday" in words:
        return (day - timedelta(days=1)).isoformat(), "day"
    if "tomorrow" in words:
        return (day + timedelta(days=1)).isoformat(), "day"
    if "last week" in words:
        monday = day - timedelta(days=day.weekday() + 7)
        return monday.isoformat(), "week"
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", words):
            delta = (day.weekday() - index) % 7
            moved = day + timedelta(days=(7 - delta) % 7) if future else day - timedelta(days=delta)
            return moved.isoformat(), "day"
    return day.isoformat(), "day"

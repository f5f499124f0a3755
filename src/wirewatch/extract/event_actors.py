"""Who acts on whom in an event: the source and target actors of a trigger, over the dependency parse.

Split from :mod:`.events`, which finds triggers and codes type, mode, flags and date: this module
names the actors. An actor is a named entity, a pronoun or description resolved by the speaker
stage (``resolve_speaker``), or an unnamed actor known by its description ("the junta"); its
target may be an actor after a thing's own preposition ("held talks with X"), the second of joint
subjects of a mutual act ("X and Y met"), or people named by what they are ("protesters").
"""

from __future__ import annotations

from spacy.tokens import Token

from .gazetteer import country_of
from .lexicon import ACTOR_NOUNS, PEOPLE_NOUNS
from .quotes import Quote
from .speakers import Context, resolve_speaker, subject_of, surface
from .speakers import phrase as noun_phrase


_TARGET_PREPS = ("against", "on", "with", "to", "into", "at", "toward", "towards", "from", "over", "upon")


_ACTOR_LABELS = ("PERSON", "ORG", "PLACE")


def _subject(verb: Token) -> Token | None:
    """The verb's subject; when the parser took a sentence's subject for its root and the verb for
    a clause on it ("the rebels surrendered their weapons" parsed as rebels ← acl surrendered), that noun."""
    subject = subject_of(verb)
    if subject is not None:
        return subject
    reported = verb.dep_ == "ccomp" and verb.head.lemma_ in _REPORTERS and verb.head.i > verb.i
    if (verb.dep_ == "ROOT" or reported) and not any(c.dep_ == "expl" for c in verb.children):
        # a main clause has a subject: when the parser lost it ("After talks in Oslo, Sudan and Chad
        # agreed": Sudan hung on Oslo; "Despite pressure from the bloc, the junta refused ..., an
        # official said": the junta hung on the bloc), the name or actor noun right before the verb
        before = [t for t in verb.sent if t.i < verb.i]
        if before and ((before[-1].pos_ == "PROPN" and before[-1].ent_type_ in ("GPE", "ORG", "PERSON", "NORP"))
                       or (before[-1].pos_ == "NOUN" and before[-1].lemma_.lower() in ACTOR_NOUNS)):
            return before[-1]
    word = verb
    for _ in range(4):
        if word.dep_ == "acl" and word.head.dep_ == "ROOT" and word.head.pos_ in ("NOUN", "PROPN") and word.head.i < word.i:
            return word.head
        if word.dep_ == "acl" and word.head.i < word.i and _attributed(word.head):
            return word.head  # "the unions threatened ..., a union leader said" parsed as unions <- acl threatened
        if word.dep_ not in ("xcomp", "pcomp", "prep", "advcl", "conj") or word.head.i == word.i:
            return None
        word = word.head
    return None


def _attributed(noun: Token) -> bool:
    """``noun`` was taken for the subject of a trailing attribution that has its own subject
    ("the unions threatened to strike, a union leader said": unions and leader both on "said")."""
    reporter = noun.head
    return (noun.dep_ == "nsubj" and reporter.lemma_ in _REPORTERS
            and any(c.dep_ == "nsubj" and c.i > noun.i for c in reporter.children))


_FIRST_PERSON = {"i", "we", "my", "our", "us", "me"}


def _first_person_speaker(tok: Token, base: int, quotes: list[Quote]) -> str | None:
    """Inside a direct quote, "I"/"we" as the event's subject is the quote's speaker."""
    subject = subject_of(tok) if tok.pos_ == "VERB" else next((c for c in tok.children if c.dep_ == "poss"), None)
    if subject is None or subject.lower_ not in _FIRST_PERSON:
        return None
    offset = base + tok.idx
    return next((q.speaker for q in quotes if q.direct and q.start <= offset < q.end and q.speaker), None)


def _speaker_and_addressee(pronoun: Token | None) -> tuple[Token, Token] | None:
    """``Wallace has told Shoigu they can use their meeting``: plural "they"/"their"/"we" in
    what one actor tells another is the two of them: the teller and the told."""
    if pronoun is None or pronoun.lower_ not in ("they", "their", "we", "our"):
        return None
    for teller in pronoun.ancestors:
        if teller.lemma_ in ("tell", "assure", "inform", "promise", "warn"):
            speaker = next((c for c in teller.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            addressee = next((c for c in teller.children if c.dep_ in ("dobj", "dative")), None)
            return (speaker, addressee) if speaker is not None and addressee is not None else None
    return None


def _actors(tok: Token, verb: Token | None, base: int, context: Context, moving: bool = False,
            mutual: bool = False) -> tuple[str | None, str | None]:
    """Source and target of the event ``tok`` triggers (``moving``: an event whose object is the
    source's own forces or goods, "deployed troops", which are then no target; ``mutual``: an act
    done together, where of joint subjects "X and Y met" the first is the source, the other the target)."""
    source = target = None
    own = subject_of(tok) if tok.pos_ == "VERB" else next((c for c in tok.children if c.dep_ == "poss"), None)
    pair = _speaker_and_addressee(own)
    if pair is not None:
        return _name(pair[0], base, context), _name(_appositive_name(pair[1]), base, context)
    if tok.pos_ == "VERB":
        subject = _subject(tok)
        if subject is not None and subject.dep_ == "nsubjpass":
            target = _name(subject, base, context)
            agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            source = _name(agent, base, context) if agent is not None else _stray_agent(tok, base, context)
            if mutual and agent is not None and (target is None or _is_thing(subject)) and (partner := _partner(agent, base, context)):
                target = partner  # "a pact was signed by Chile and Japan"
            forces = subject if subject.lemma_.lower() in _FORCES else _of_agent(subject)  # "thousands of troops"
            if agent is None and forces is not None and forces.lemma_.lower() in _FORCES:
                # "Russia's combat forces were concentrated near the border": the forces' state moves them
                owner = next((c for c in forces.children if c.dep_ == "poss"), None)
                source = _nationality(forces) or (_name(owner, base, context) if owner is not None else None)
                if source is None and moving and forces.i == subject.i:
                    source = surface(noun_phrase(subject))  # "police were placed on high alert": the police act
                    target = None
                target = _target(tok, base, context, moving=moving) if source else target
        else:
            source = _name(subject, base, context) if subject is not None else None
            if mutual and subject is not None and (parties := _joint_parties(subject)):
                source = _name(parties, base, context, actors_only=True) or source  # "ministers of India and China met": India
            if subject is not None and (reporter := _self_reference(subject, base, context)):
                source = reporter  # "the president said his government would agree": the president
            target = _target(tok, base, context, moving=moving)
            if mutual and subject is not None and (target is None or isinstance(target, _Described) or not _names_actor_object(tok)):
                target = _partner(subject, base, context) or target  # "Sudan and Chad signed an accord": Chad
        return source, target
    # a noun: "Russia's invasion of Ukraine", "talks between Ukraine and Russia", "X launched an attack on Y"
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    pair = _between(tok)
    if pair:
        source = _name(pair[0], base, context)
        target = _name(pair[1], base, context) if len(pair) > 1 else None
    elif owner is not None and (named := _name(owner, base, context)):
        source = named
    elif (nation := _nationality(tok)) is not None:
        source = nation  # "new Russian military deployments"
    elif (agent := _of_agent(tok)) is not None and (named := _nationality(agent) or _name(agent, base, context, actors_only=True)):
        source = named  # "the withdrawal of Russian forces"
    elif verb is not None and tok.dep_ in ("dobj", "attr", "pobj") and verb.lemma_ not in _OBSERVING:
        subject = _subject(verb)
        source = _name(subject, base, context) if subject is not None else None
    light = verb is not None and tok.dep_ == "pobj" and _LIGHT.get(verb.lemma_.lower()) == tok.head.lower_
    target = target or _target(tok, base, context, moving=moving) or (_target(verb, base, context, moving=moving) if verb is not None and (tok.dep_ == "dobj" or light) else None)
    if source is None and target is None and (victim := _sufferer(tok)) is not None:
        target = _name(victim, base, context)  # "a jailed activist died of torture": the activist is its target
    return source, target


#: Roles whose "of"/"from" phrase names the parties they act for ("the foreign ministers of X and Y").
_ROLES = {"minister", "leader", "negotiator", "delegation", "delegate", "envoy", "official", "representative",
          "troop", "soldier", "force", "army", "navy", "coast", "guard", "team", "diplomat", "head", "chief"}


def _joint_parties(subject: Token) -> Token | None:
    """The first of joint parties a role subject stands for: "the foreign ministers of India and China",
    "negotiators from Sudan and South Sudan", "troops from Kenya and Tanzania" → India, Sudan, Kenya."""
    if subject.pos_ != "NOUN" or subject.lemma_.lower() not in _ROLES:
        return None
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
            party = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if party is not None and any(c.dep_ == "conj" for c in party.children):
                return party
    return None


#: A state or government named only by reference to the speaker ("his government", "the kingdom").
_SELF = {"country", "government", "kingdom", "nation", "administration", "republic"}


def _self_reference(subject: Token, base: int, context: Context) -> str | None:
    """In a clause reported by an actor, "his government", "its country" (and "the kingdom") are the
    reporter's: the actor who said it ("the Ethiopian Prime Minister said his government would agree")."""
    if subject.lemma_.lower() not in _SELF:
        return None
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
    if not ((owner is not None and owner.pos_ == "PRON") or (definite and len(list(subject.children)) == 1)):
        return None
    word = subject.head
    for _ in range(5):
        if word.lemma_ in _REPORTERS and word.pos_ == "VERB":
            speaker = next((c for c in word.children if c.dep_ == "nsubj" and c.i != subject.i), None)
            if speaker is None:
                return None
            if owner is not None:
                return _name(speaker, base, context)
            return _nationality(speaker) or None  # "the Saudi foreign minister said the kingdom ...": Saudi Arabia
        if word.head.i == word.i:
            return None
        word = word.head
    return None


def _partner(subject: Token, base: int, context: Context) -> str | None:
    """The second of joint subjects: ``Sudan and Chad`` → Chad; ``Greek and Cypriot warships`` → Cyprus;
    ``the leaders of Sudan and Chad`` → Chad."""
    of = next((g for c in subject.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.children if g.dep_ == "pobj"), None)
    if of is not None and (name := _partner(of, base, context)):
        return name
    for child in subject.children:
        if child.dep_ == "conj" and (name := _name(child, base, context, actors_only=True)):
            return name
    for child in subject.children:
        if child.dep_ in ("amod", "compound"):
            for other in child.children:
                if other.dep_ == "conj" and (country := country_of(other.text) if other.ent_type_ in ("NORP", "GPE") else None):
                    return country
                if other.dep_ == "conj" and (name := _name(other, base, context, actors_only=True)):
                    return name
    return None


def _names_actor_object(verb: Token) -> bool:
    """The verb's object or prepositional object is itself an actor (not a thing named beside one)."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [g for c in _preps(verb, _TARGET_PREPS) for g in c.children if g.dep_ == "pobj"]
    return any(not _is_thing(o) for o in objects if o.pos_ != "ADP")


def _stray_agent(verb: Token, base: int, context: Context) -> str | None:
    """A passive verb's ``by`` phrase that the parser hung on the verb's prepositional object
    ("aid was delivered to the town by the Red Cross"): its named actor is the source."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            for by in obj.children:
                if obj.dep_ == "pobj" and by.dep_ in ("prep", "agent") and by.lower_ == "by":
                    actor = next((g for g in by.children if g.dep_ == "pobj"), None)
                    if actor is not None and (name := _name(actor, base, context, actors_only=True)):
                        return name
    return None


def _sufferer(noun: Token) -> Token | None:
    """The subject of a verb of dying or suffering an event noun is the cause of
    (``died of torture``, ``died as a result of shelling``)."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("of", "from", "in", "after"):
        return None
    word = noun.head.head
    if word.lower_ == "result" and word.head.lower_ == "as":  # "as a result of"
        word = word.head.head
    if word.pos_ == "VERB" and word.lemma_.lower() in _SUFFERING:
        return next((c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


_REPORTERS = {"say", "tell", "report", "announce", "add", "state", "confirm", "charge", "claim", "allege", "declare"}


#: Armed forces: in the passive ("troops were deployed"), their state is the source, not the target.
_FORCES = {"troop", "soldier", "force", "army", "unit", "battalion", "brigade", "division", "reservist", "warship",
           "tank", "missile", "jet", "marine", "paratrooper", "reinforcement", "peacekeeper", "police"}


#: Verbs whose subject does what the noun after their preposition names.
_LIGHT = {"engage": "in", "resort": "to", "participate": "in", "indulge": "in", "involve": "in", "persist": "in",
          "turn": "to", "embark": "on"}


#: Verbs whose subject suffers what an event noun hanging on them names ("died of torture in prison").
_SUFFERING = {"die", "perish", "succumb", "suffer"}


_OBSERVING = {"show", "see", "reveal", "indicate", "report", "fear", "expect", "watch", "observe", "monitor", "detect", "document"}


def _nationality(noun: Token) -> str | None:
    """The state a nationality adjective on an event noun names (``Russian`` deployments → Russia)."""
    if noun.ent_type_ in ("NORP", "GPE") and country_of(noun.text):
        return country_of(noun.text)
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE"):
            country = country_of(child.text)
            if country:
                return country
    return None


def _of_agent(noun: Token) -> Token | None:
    """``withdrawal of Russian forces``, ``attacks by rebels``: who does what the noun names."""
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("of", "by"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _appositive_name(token: Token) -> Token:
    """``his Russian counterpart Sergei Shoigu``: the name beside a description."""
    return next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), token)


def _between(noun: Token) -> list[Token]:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            first = next((g for g in child.children if g.dep_ == "pobj"), None)
            if first is not None:
                return [first] + [c for c in first.children if c.dep_ == "conj"]
    return []


def _target(head: Token, base: int, context: Context, depth: int = 2, moving: bool = False) -> str | None:
    """Who the event is done to: a named actor (``_named_target``), else one known by its
    description as the object or after a preposition (``arrested dozens of protesters``,
    ``shelled rebel positions``)."""
    return _named_target(head, base, context, depth) or _described_target(head, moving)


def _named_target(head: Token, base: int, context: Context, depth: int = 2) -> str | None:
    """Who the event is done to: an actor as object or after a preposition, here or in an
    infinitive below (``agreed to return the land to X``), or the subject of a demanded clause.
    When the object is a thing (``imposed sanctions on X``, ``held talks with X``, ``severed ties
    with X``), the actor after its own preposition comes first."""
    for child in head.children:
        if child.dep_ in ("dobj", "dative") and _is_thing(child) and (
                name := _party_of(child, base, context) or _owner(child, base, context) or _author(child, base, context)):
            return name
        if child.dep_ in ("dobj", "dative") and child.pos_ != "ADP" and (name := _name(child, base, context, actors_only=True)):
            return name
    for child in _preps(head, _TARGET_PREPS + ("between",)):
        for obj in child.children:
            if obj.dep_ == "pobj" and _is_thing(obj) and (name := _owner(obj, base, context)):
                return name  # "expressed concern over Kenya's new law": Kenya
            if obj.dep_ == "pobj" and (name := _name(obj, base, context, actors_only=True)):
                return name
    for child in head.children:
        if child.dep_ == "ccomp":
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and (name := _name(subject, base, context, actors_only=True)):
                return name
        if depth and child.dep_ in ("xcomp", "advcl") and (name := _named_target(child, base, context, depth - 1)):
            return name
    return None


#: Groups whose name on a place makes it theirs ("rebel positions", "a police station").
_HOLDERS = {"rebel", "militant", "police", "army", "government", "opposition", "insurgent", "militia", "jihadist",
            "separatist", "guerrilla", "regime"}


#: Words that count out the people named in their "of" phrase ("dozens of protesters").
_COUNTS = {"dozen", "hundred", "thousand", "million", "score", "number", "group", "crowd", "ten", "handful", "band",
           "member"}


def _preps(head: Token, words: tuple[str, ...]) -> list[Token]:
    """The head's prepositions among ``words``, with the parser's "dative" ones ("sent arms to X")."""
    return [c for c in head.children if (c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")) and c.lower_ in words]


def _owner(thing: Token, base: int, context: Context) -> str | None:
    """The named owner of a thing (``Kenya's new law``, ``the junta's decree``)."""
    owner = next((c for c in thing.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    return _name(owner, base, context, actors_only=True) if owner is not None else None


def _is_thing(noun: Token) -> bool:
    """A common noun that names no actor (``sanctions``, ``talks``, ``ties``, ``positions``)."""
    return noun.pos_ == "NOUN" and not noun.ent_type_ and noun.lemma_.lower() not in ACTOR_NOUNS | PEOPLE_NOUNS


def _party_of(thing: Token, base: int, context: Context) -> str | None:
    """The named actor after a thing's own preposition (``sanctions on Iranian officials``), or
    the first side of a ``between``; not another thing (``concern over a build-up of troops``) but
    its named owner (``concern over Kenya's new law``). What ``over`` or ``at`` a thing names is
    what it is about ("a dispute over Crimea"), so only an owner counts there."""
    for child in _preps(thing, _TARGET_PREPS + ("between",)):
        for obj in child.children:
            if obj.dep_ != "pobj":
                continue
            if _is_thing(obj) and (name := _owner(obj, base, context)):
                return name
            if child.lower_ not in ("over", "at") and not _is_thing(obj) and (name := _name(obj, base, context, actors_only=True)):
                return name
    return None


def _author(thing: Token, base: int, context: Context) -> str | None:
    """Whose a thing acted on is, named by ``by``: "rejected an offer by the IMF", "dismissed a
    proposal put forward by the mediators", "struck positions held by the rebels"."""
    agents = [c for c in thing.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"]
    agents += [g for c in thing.children if c.dep_ == "acl" and c.pos_ == "VERB" for g in c.children if g.dep_ == "agent"]
    for by in agents:
        for actor in by.children:
            if actor.dep_ == "pobj" and (name := _name(actor, base, context, actors_only=True) or _described_actor(actor)):
                return name
    return None


def _described_actor(noun: Token) -> str | None:
    """An actor known by its description ("the mediators", "the rebels")."""
    if noun.pos_ == "NOUN" and noun.lemma_.lower() in ACTOR_NOUNS | PEOPLE_NOUNS | {"mediator"}:
        return _Described(surface([c for c in noun.lefts if c.dep_ in ("compound", "amod") and not c.is_punct] + [noun]))
    return None


def _described_target(head: Token, moving: bool = False) -> str | None:
    """An object, or the object of a target preposition, known by its description: people
    (``protesters``, ``dozens of villagers``), an actor noun (``the junta``) or a place held by an
    armed or political group (``rebel positions``, ``a police station``); not, when ``moving``, the
    source's own forces (``deployed soldiers``)."""
    heads = [head] + [c for c in head.children if c.dep_ == "xcomp"]  # "threatened to arrest protesters"
    objects = [c for h in heads for c in h.children if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP"]
    objects += [g for h in heads for c in _preps(h, _TARGET_PREPS) for g in c.children if g.dep_ == "pobj"]
    objects += [g for c in head.children if c.dep_ in ("ccomp", "oprd") and c.pos_ == "ADJ"
                for g in c.children if g.dep_ == "nsubj"]  # "found 37 people guilty"
    for obj in list(objects):
        if _is_thing(obj):  # "the resignation of the minister", "the minister's finances"
            objects += [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            objects += [c for c in obj.children if c.dep_ == "poss"]
    for obj in objects:
        if obj.pos_ != "NOUN" or obj.ent_type_ in ("DATE", "TIME"):
            continue
        if obj.lemma_.lower() in _COUNTS:
            obj = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), obj)
        lemma = obj.lemma_.lower()
        if moving and lemma in _FORCES:
            continue
        held = any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in _HOLDERS for c in obj.children)
        if lemma in ACTOR_NOUNS or lemma in PEOPLE_NOUNS or held:
            words = [c for c in obj.lefts if c.dep_ in ("compound", "amod") and not c.is_punct] + [obj]
            return _Described(surface(words))
    return None


class _Described(str):
    """A target known only by its description ("protesters"): it names who the event is done to,
    but neither keeps an event that has no other actor nor raises its confidence."""


_SPOKES = (" spokeswoman", " spokesman", " spokesperson", " spokespeople")


def _name(token: Token | None, base: int, context: Context, actors_only: bool = False) -> str | None:
    """The actor a noun phrase stands for (names, pronouns, descriptions), or ``None``.

    An organisation's unnamed spokesperson acts for the organisation.
    """
    name = _raw_name(token, base, context, actors_only)
    for suffix in _SPOKES:
        if name and name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _raw_name(token: Token | None, base: int, context: Context, actors_only: bool = False) -> str | None:
    if token is None or token.pos_ not in ("NOUN", "PROPN", "PRON") or token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
        return None
    if actors_only and token.pos_ != "PRON" and not any(m.label in _ACTOR_LABELS for m in context.at(base + token.idx)):
        # a thing is not made an actor by a day named after it ("imposed sanctions on Thursday on ...")
        days = {t.i for c in token.children if c.dep_ == "prep" for g in c.children
                if g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for t in c.subtree}
        words = [t for t in token.subtree if t.i not in days] if _is_thing(token) else token.subtree
        named = any(t.ent_type_ in ("GPE", "ORG", "PERSON", "NORP") or t.pos_ == "PROPN" for t in words)
        if not named:
            return None
    name, _ = resolve_speaker(token, base, context)
    agent = token.dep_ == "pobj" and token.head.dep_ == "agent"  # "rejected by the opposition"
    described = token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())  # "president" mis-tagged PROPN
    if name is None and not actors_only and (token.dep_ in ("nsubj", "nsubjpass") or agent) and (
            (described and token.lemma_.lower() in ACTOR_NOUNS) or token.lower_ in ("he", "she", "they", "we")):
        # "the junta", "the president", "they" with no one named before: an actor still, known by its description
        return surface(noun_phrase(token))
    return name

"""Stage ``quotes``: who said what, direct and reported.

Consumes a parsed entry and the document's :class:`~.speakers.Context`;
produces :class:`Quote` items. Direct quotes are spans in curly or straight
double quotes, sentence-long single-quoted spans, paragraphs introduced by
``said:``, and quotes left open at a paragraph's end (they run to it).
A quote's speaker is the subject of the speech verb that governs it, or of the
nearest speech verb in its sentence; ``according to X`` gives X. A paragraph
that is only a quote continues the previous quote's speaker. Reported speech
is the clause governed by a reporting verb (``Stoltenberg said the alliance
would ...``), kept as ``direct: false``. No speaker found means ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import COMMITMENT_VERBS, DIRECTIVE_VERBS, QUESTION_VERBS, REPORTING_VERBS, SPEECH_NOUNS, SPEECH_VERBS
from .speakers import Context, resolve_speaker, subject_of
from ..nlp import text_of

_DOUBLE = re.compile(r"“[^“”]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.M)
_SINGLE = re.compile(r"(?<![\w’'])‘[^‘’]*?’(?![\w])")
_COLON_CUE = re.compile(r"\b(?:said|says|added|adds|told [\w ]{1,30}|wrote|tweeted|stated|declared|warned)\s*:\s*$", re.I)
_MIN_SINGLE_WORDS = 3
_CHANNELS = {"statement", "tweet", "post", "interview", "channel", "briefing", "conference", "speech", "letter", "message", "blog"}


@dataclass
class Quote:
    entry_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_kind: str
    cue: str | None
    direct: bool


def quote_spans(text: str, body_start: int) -> list[tuple[int, int, bool]]:
    """(start, end, introduced_by_colon) of direct quotes in ``text`` from ``body_start`` on."""
    spans: list[tuple[int, int, bool]] = []
    offset = 0
    paragraphs = text.split("\n\n")
    for i, para in enumerate(paragraphs):
        p_start = offset
        offset += len(para) + 2
        if p_start < body_start:
            continue
        found = [(m.start(), m.end()) for m in _DOUBLE.finditer(para) if len(m.group(0).strip("“”\" ")) > 0]
        for m in _SINGLE.finditer(para):
            inner = m.group(0)[1:-1]
            if len(inner.split()) >= _MIN_SINGLE_WORDS and not any(a <= m.start() < b for a, b in found):
                found.append((m.start(), m.end()))
        spans.extend((p_start + a, p_start + b, False) for a, b in found)
        if not found and i > 0 and _COLON_CUE.search(paragraphs[i - 1]):
            spans.append((p_start, p_start + len(para), True))
        elif not found and ":" in para:
            cue = re.search(r"\b(?:said|says|added|told [\w ]{1,30}|wrote|tweeted)\s*:\s+(?=\S)", para)
            if cue:
                spans.append((p_start + cue.end(), p_start + len(para), True))
    return sorted(spans)


@dataclass
class _Candidate:
    """A quote found but not yet attributed: resolution runs in reading order."""

    start: int
    end: int
    direct: bool
    cue: Token | None
    subject: Token | None
    span: Span | None = None


def find_quotes(doc: Doc, entry_id: str, base: int, body_start: int, context: Context) -> list[Quote]:
    """Direct and reported quotes of one entry (``body_start``: where the headline ends)."""
    context.new_entry(doc, base)
    spans = quote_spans(text_of(doc), body_start)
    candidates: list[_Candidate] = []
    for start, end, colon in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not span.text.strip("“”\"‘’ "):
            continue
        inner = _strip_marks(text_of(doc), start, end)
        cue, subject = _attribution(span, colon, doc, spans, body_start)
        candidates.append(_Candidate(inner[0], inner[1], True, cue, subject, span))
    candidates.extend(_reported(doc, body_start, spans))
    _according_sentences(doc, base, body_start, context)
    quotes: list[Quote] = []
    previous: Quote | None = None
    for cand in sorted(candidates, key=lambda c: c.start):
        cue = cand.cue
        if cand.subject is not None:
            speaker, kind = resolve_speaker(cand.subject, base, context)
        elif cue is not None and _is_according(cue):
            speaker, kind = _according_to(cue, base, context)
        elif cand.direct and previous is not None and cand.span is not None and _continues(cand.span, previous, base):
            speaker, kind, cue = previous.speaker, previous.speaker_kind, None
        else:
            speaker, kind = None, "PERSON"
        cue_text = _cue_text(cue) if cue is not None else (previous.cue if previous is not None and speaker and previous.speaker == speaker else None)
        quote = Quote(entry_id, base + cand.start, base + cand.end, text_of(doc)[cand.start:cand.end], speaker, kind, cue_text, cand.direct)
        quotes.append(quote)
        if speaker:
            context.speakers.append((quote.start, speaker, kind))
        if cand.direct:
            previous = quote
    unique: dict[tuple[int, int], Quote] = {}
    for quote in quotes:  # two reporting verbs can report one clause: keep it once
        unique.setdefault((quote.start, quote.end), quote)
    return list(unique.values())


def _according_sentences(doc: Doc, base: int, body_start: int, context: Context) -> None:
    """Who holds what a sentence says without quoting anyone (figures use this).

    ``according to X, ...`` gives the sentence to X; a request (``the ministry
    advised residents within 20 kilometres to leave``) gives what follows the
    verb to the one who made it, so does an offer or a promise (``Ruritania offered
    to withdraw up to 5,000 soldiers``), and an estimate (``the general put the number
    at 4 000``) its number to the one who made it.
    """
    for tok in doc:
        if tok.idx < body_start:
            continue
        if _is_according(tok):
            speaker, kind = _according_to(tok, base, context)
            if speaker:
                sent = tok.sent
                context.attributions.append((base + sent.start_char, base + sent.end_char, speaker, kind))
        elif (at := _estimate(tok)) is not None and (subject := subject_of(tok)) is not None:
            speaker, kind = resolve_speaker(subject, base, context)  # "the general has put the number at 4 000"
            if speaker:
                end = max(t.idx + len(t) for t in at.subtree)
                context.attributions.append((base + at.idx, base + end, speaker, kind))
        elif (tok.lemma_ in DIRECTIVE_VERBS or tok.lemma_ in COMMITMENT_VERBS) and tok.pos_ == "VERB" and any(
                _directed(tok, c) for c in tok.children):
            subject = subject_of(tok)
            if subject is not None:
                speaker, kind = resolve_speaker(subject, base, context)
                if speaker:
                    end = max(t.idx + len(t) for t in tok.subtree)
                    context.attributions.append((base + tok.idx, base + end, speaker, kind))


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in "“”\"‘’ ":
        start += 1
    while end > start and text[end - 1] in "“”\"‘’ ":
        end -= 1
    return start, end


def _sentences(span: Span) -> list[Span]:
    sents = {span[0].sent.start: span[0].sent, span[-1].sent.start: span[-1].sent}
    return [sents[k] for k in sorted(sents)]


def _attribution(span: Span, colon: bool, doc: Doc, spans: list[tuple[int, int, bool]], body_start: int) -> tuple[Token | None, Token | None]:
    """The speech cue of a quote and the subject token of that cue."""
    inside = set(range(span.start, span.end))
    if colon:
        prev = [t for t in doc[: span.start] if not t.is_space][-12:]
        for tok in reversed(prev):
            if tok.lemma_ in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
                return tok, subject_of(tok)
        return _utterance_before(span, doc)
    relayed = _quoted_as_saying(span)
    if relayed is not None:
        return relayed
    root = next((t for t in span if t.head.i not in inside or t.head.i == t.i), None)
    walker, steps, question, weak = root, 0, None, None
    while walker is not None and steps < 8:
        if walker.i not in inside and walker.lemma_ in SPEECH_VERBS and walker.pos_ in ("VERB", "AUX"):
            if walker.lemma_ in _WEAK_CUES and weak is None:
                weak = walker  # "X said his officers had observed “some movement”": X reports it
            elif walker.lemma_ not in QUESTION_VERBS:
                return walker, subject_of(walker)
            else:
                question = question or walker
        if walker.head.i == walker.i:
            break
        walker, steps = walker.head, steps + 1
    if weak is not None:
        return weak, subject_of(weak)
    if question is not None:
        return question, subject_of(question)
    quoted = {i for a, b, _ in spans for t in [doc.char_span(a, b, alignment_mode="expand")] if t is not None for i in range(t.start, t.end)}
    cues = [t for sent in _sentences(span) for t in sent
            if t.i not in inside and t.i not in quoted and t.idx >= body_start
            and ((t.lemma_ in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")) or _is_according(t))]
    if not cues:
        return _utterance_before(span, doc) if text_of(doc)[:span.start_char].rstrip().endswith(":") else (None, None)
    cue = min(cues, key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))
    if _is_according(cue):
        return cue, None
    return cue, subject_of(cue)


def _utterance_before(span: Span, doc: Doc) -> tuple[Token | None, Token | None]:
    """``Karis ended his speech with a message for Moscow: “...”``: a quote after a colon, with no
    speech verb, belongs to the subject of the clause that names the message."""
    for tok in reversed([t for t in doc[: span.start] if not t.is_space][-12:]):
        if tok.lemma_.lower() in _UTTERANCES and tok.pos_ == "NOUN":
            verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
            subject = subject_of(verb) if verb is not None else None
            if subject is not None and (subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subject.pos_ == "PRON"):
                return verb, subject
    return None, None


#: Nouns for what someone says, which introduce a quote after a colon without a speech verb.
_UTTERANCES = {"message", "statement", "address", "speech", "letter", "note", "post", "tweet", "words", "warning",
               "reply", "response", "appeal", "plea", "remark", "remarks", "verdict", "answer"}


def _quoted_as_saying(span: Span) -> tuple[Token, Token] | None:
    """``the agency quotes Shoigu as telling Wallace``: the quoted person speaks."""
    for sent in _sentences(span):
        for tok in sent:
            if tok.lemma_ == "quote" and tok.pos_ == "VERB":
                objects = [c for c in tok.children if c.dep_ == "dobj"]
                saying = [t for t in tok.subtree if t.lower_ == "as" and any(c.tag_ == "VBG" for c in t.children)]
                if objects and saying:
                    return tok, objects[0]
    return None


def _is_according(tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def _according_to(cue: Token, base: int, context: Context) -> tuple[str | None, str]:
    to = cue.doc[cue.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None, "ORG"
    return resolve_speaker(objects[0], base, context)


def _continues(span: Span, previous: Quote, base: int) -> bool:
    """A sentence that is only a quote, following another quote, continues its speaker."""
    sent = span[0].sent
    outside = [t for t in sent if not (span.start <= t.i < span.end) and not t.is_punct and not t.is_space]
    return len(outside) <= 1 and previous.speaker is not None and base + span.start_char - previous.end < 600


def _cue_text(cue: Token) -> str:
    if _is_according(cue):
        return "according to"
    extra = [c.text for c in cue.children if c.dep_ == "prt"]
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("in", "on")):
        objects = [o for o in prep.children if o.dep_ == "pobj" and o.lower_ in _CHANNELS]
        if objects:
            extra.append(" ".join(t.text for t in prep.subtree if t.i <= objects[0].i))  # "said in a statement"
    return " ".join([cue.text] + extra)


def _reported(doc: Doc, body_start: int, spans: list[tuple[int, int, bool]]) -> list[_Candidate]:
    """Reported speech without quotation marks, in three shapes.

    ``X said (that) CLAUSE`` and ``CLAUSE, X said`` (a clausal complement on
    either side), ``CLAUSE, he said, CLAUSE`` (a parenthetical), and
    ``X accused Y of DOING`` / ``X denied DOING`` (a gerund complement).
    """
    found = []
    quoted = [(a, b) for a, b, _ in spans]
    for tok in doc:
        if tok.idx < body_start or tok.lemma_ not in REPORTING_VERBS or tok.pos_ != "VERB":
            continue
        if any(a <= tok.idx < b for a, b in quoted):
            continue
        tokens = _reported_clause(tok)
        subject = subject_of(tok)
        if not tokens:
            tokens, subject = _misparsed_report(tok)
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if any(a < end and start < b for a, b in quoted):
            continue  # a clause holding a quotation is that quotation, not a second item
        if subject is not None and subject.i not in {t.i for t in tokens}:
            found.append(_Candidate(start, end, False, tok, subject))
    for tok in doc:
        if tok.idx < body_start or tok.lower_ not in SPEECH_NOUNS or tok.head.pos_ != "VERB":
            continue
        clauses = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)]
        subject = _owner(tok) or subject_of(tok.head)
        if not clauses or subject is None:
            continue
        tokens = [t for t in clauses[0].subtree if not (t.lower_ == "that" and t.dep_ == "mark")]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if len(tokens) >= 2 and not any(a < end and start < b for a, b in quoted):
            found.append(_Candidate(start, end, False, tok.head, subject))
    return found


def _owner(noun: Token) -> Token | None:
    """Whose claim or promise a speech noun is, when the sentence says so: ``Ruritania's claim that
    ...`` or ``claims by Ruritania that ...`` (the subject of ``rejected`` only reports it)."""
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ != "PRP$":
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _directed(verb: Token, clause: Token) -> bool:
    """``advised residents to leave`` (an infinitive, which the parser may also hang as an adverbial clause)
    or ``recommended that people move`` (a that-clause; not ``told reporters that``, which reports speech)."""
    if clause.dep_ in ("xcomp", "ccomp", "advcl") and any(a.lower_ == "to" and a.dep_ == "aux" for a in clause.children):
        return True
    return (clause.dep_ == "ccomp" and verb.lemma_ != "tell"
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children))


#: Verbs of seeing or thinking that are speech cues only when no one above them reports the quote.
_WEAK_CUES = {"observe", "believe", "think", "hope", "fear", "note", "recall", "welcome", "continue"}


#: What an estimate puts at a number ("put the number at 45 000", "estimated the toll at 300").
_ESTIMATED = {"number", "figure", "toll", "total", "strength", "size", "count", "force", "cost", "damage", "losses"}


def _estimate(verb: Token) -> Token | None:
    """The ``at`` of ``put/estimate/place the number at N``, when ``verb`` makes such an estimate."""
    if verb.pos_ != "VERB" or verb.lemma_ not in ("put", "estimate", "place", "set"):
        return None
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in _ESTIMATED for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"
                 and any(g.like_num or g.pos_ == "NUM" or any(n.pos_ == "NUM" for n in g.children) for g in c.subtree)), None)


def _misparsed_report(verb: Token) -> tuple[list[Token], Token | None]:
    """``..., but acknowledged relations were at rock bottom`` when the parser reads the
    reporting verb as an adjective of the clause's subject: recover the clause, and the
    subject of the verb it is coordinated with."""
    if verb.dep_ != "amod" or verb.tag_ not in ("VBD", "VBN") or verb.head.dep_ not in ("nsubj", "nsubjpass"):
        return [], None
    clause_verb = verb.head.head
    tokens = [t for t in clause_verb.subtree if t.i > verb.i]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    owner = clause_verb.head if clause_verb.dep_ == "conj" else None
    return (tokens, subject_of(owner)) if owner is not None and len(tokens) >= 2 else ([], None)


def _reported_clause(verb: Token) -> list[Token]:
    """The tokens of what a reporting verb reports, trimmed of ``that`` and punctuation."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        clause = clauses[0]
        side = (lambda t: t.i > verb.i) if clause.i > verb.i else (lambda t: t.i < verb.i)
        tokens = [t for t in clause.subtree if side(t)]
        nested = [t for t in tokens if t.i > clause.i and t.dep_ in ("advcl", "conj", "parataxis") and t.pos_ == "VERB"
                  and (t.lemma_ in REPORTING_VERBS or _estimate(t)) and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
        if nested:  # "X says A, while Y insists B": B is Y's, not X's
            cut = min(t.left_edge.i for t in nested)
            tokens = [t for t in tokens if t.i < cut]
            while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "mark")):
                tokens = tokens[:-1]
    elif verb.dep_ == "parataxis":
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own]
    elif verb.lemma_ in ("accuse", "deny"):
        tokens = []
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                tokens = [t for c in child.children if c.dep_ == "pcomp" for t in c.subtree]
            elif child.dep_ in ("xcomp", "dobj") and (child.tag_ == "VBG" or child.lower_.endswith("ing")):
                tokens = list(child.subtree)
            if tokens:
                break
    else:
        return []
    if tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens if len(tokens) >= 2 or (tokens and (tokens[0].tag_ == "VBG" or tokens[0].lower_.endswith("ing"))) else []

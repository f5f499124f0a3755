"""Timeline summarisation: pick the key dates of a story and a few sentences for each.

A date-wise method after Ghalandari & Ifrim (2020, "Examining the state of the art
in news timeline summarization", DATEWISE):

1. every sentence is tagged with the calendar days it refers to ("March 3, 2011",
   "3 March", "on Monday", "yesterday", "two days ago"), resolved against the
   publication date of its article (a year-less date or bare weekday in the past
   unless the sentence looks ahead: "will", "is due", "scheduled");
2. days are ranked by how many articles refer to them (a mention made in
   hindsight, after the day, weighs double), plus the number of articles
   published on them and a quarter of the number published the day after;
3. for each of the top days, its pool (sentences that name it, and undated
   sentences published on it or the day after) is embedded with TF-IDF
   (uni- and bigrams; undated sentences only from the first 25 of their article);
   the sentence nearest the pool's centroid is picked first (a small bonus for
   sentences published on the day or the next: reports rather than previews or
   look-backs),
   further ones so that together they stay near the centroid (CentroidOpt),
   skipping near-duplicates of sentences already in the timeline and penalising
   first/second-person sentences ("share your views").

Pure library: no database, no network, no models.  Sentences come back verbatim.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["Article", "Settings", "tag_dates", "summarize_timeline"]


@dataclass
class Article:
    """One news article, already split into plain-text sentences."""

    id: str
    published: date
    sentences: list[str]
    source: str | None = None


@dataclass(frozen=True)
class Settings:
    """Knobs of the method; defaults tuned on Timeline17 topics bpoil, finan, h1n1, haiti, mj."""

    pub_weight: float = 1.0        # score of a date per article published on it
    later_weight: float = 2.0      # weight of a mention made after the date (hindsight) vs. on or before it
    pub_window: int = 1            # undated sentences also join the pools of the days this far before publication
    redundancy: float = 0.5        # max TF-IDF cosine between two sentences of one timeline
    ngrams: int = 2                # TF-IDF n-gram length
    min_words: int = 12            # summary sentence length bounds (words)
    max_words: int = 35
    person_penalty: float = 0.1    # score penalty of first/second person ("we", "you") outside quotes
    centroid_opt: int = 1          # 1: a day's further sentences by centroid optimisation; 0: by rank
    tense_days: int = 300          # year-less dates follow the sentence's tense if that lands within this many days
    next_pub_weight: float = 0.25  # score of a date per article published the day after it (news of a day often appears the next)
    pub_clip: int = 25             # only an article's first N sentences join the pools of its publication days (0: all)
    fresh_bonus: float = 0.015     # score bonus of a sentence published on its day or up to fresh_days later
    fresh_days: int = 1            # (a report of the day, rather than a preview or a look back)


# --------------------------------------------------------------------------------------
# Date tagging
# --------------------------------------------------------------------------------------

_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for m in names}
_WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:\s*,?\s*(?P<{}>(?:19|20)\d\d)\b)?"
_LEAD = rf"(?:{_WEEKDAY}\s*,?\s*(?:the\s+)?)?"

DATE_RE = re.compile(
    rf"\b{_LEAD}(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\b(?!\s*[:.]\d|\s*%){_YEAR.format('y1')}"
    rf"|\b{_LEAD}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})\b{_YEAR.format('y2')}"
    r"|\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
    rf"|\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wd>{_WEEKDAY})\b"
    r"|\b(?P<word>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night|[Tt]his (?:morning|afternoon|evening))\b"
    r"|\b(?P<n>\d{1,2}|[Aa]|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en)"
    r"\s+(?P<unit>days?|weeks?)\s+ago\b"
)
_FUTURE_RE = re.compile(r"\b(?:will|'ll|is due|are due|is expected|are expected|plans? to|scheduled)\b",
                        re.IGNORECASE)
_WORD_OFFSETS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1,
                 "this morning": 0, "this afternoon": 0, "this evening": 0}


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: str, day: str, year: str | None, published: date,
               future: bool, tense_days: int) -> date | None:
    """A month and day.  A missing year follows the tense: the latest occurrence on or
    before `published` unless the sentence looks ahead (`future`), then the next one on
    or after it; if that is more than `tense_days` away, the occurrence nearest to
    `published`."""
    m = _MONTHS[month.rstrip(".").lower()]
    d = int(re.match(r"\d+", day).group())
    if year:
        return _safe_date(int(year), m, d)
    options = [x for y in (published.year - 1, published.year, published.year + 1)
               if (x := _safe_date(y, m, d))]
    tensed = [x for x in options if (x >= published if future else x <= published)
              and abs((x - published).days) <= tense_days]
    return min(tensed or options, key=lambda x: (abs((x - published).days), x > published), default=None)


def _weekday(name: str, rel: str | None, published: date, future: bool) -> date:
    """The day called `name` nearest to `published`: past unless the sentence looks ahead."""
    back = (published.weekday() - _WEEKDAYS[name.lower()]) % 7
    rel = (rel or "").lower()
    if rel == "next" or (future and rel != "last"):
        return published + timedelta(days=(-back) % 7 or (7 if rel == "next" else 0))
    if rel == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def tag_dates(sentence: str, published: date, tense_days: int = Settings.tense_days) -> list[date]:
    """Calendar days a sentence refers to, in order of appearance, without repeats.
    Year-less dates and bare weekdays are resolved by tense (see `_month_day`)."""
    found: list[date] = []
    future: bool | None = None
    for m in DATE_RE.finditer(sentence):
        g = m.groupdict()
        if (g["m1"] or g["m2"] or g["wd"]) and future is None:
            future = bool(_FUTURE_RE.search(sentence))
        if g["m1"] or g["m2"]:
            day = _month_day(g["m1"] or g["m2"], g["d1"] or g["d2"], g["y1"] or g["y2"], published,
                             bool(future), tense_days)
        elif g["iso"]:
            day = _safe_date(*map(int, g["iso"].split("-")))
        elif g["wd"]:
            day = _weekday(g["wd"], g["rel"], published, bool(future))
        elif g["word"]:
            day = published + timedelta(days=_WORD_OFFSETS[g["word"].lower()])
        else:
            n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
            day = published - timedelta(days=n * (7 if g["unit"].startswith("week") else 1))
        if day and day not in found:
            found.append(day)
    return found


# --------------------------------------------------------------------------------------
# Date ranking
# --------------------------------------------------------------------------------------

@dataclass
class _Sentence:
    text: str
    published: date
    article: int            # index of its article
    mentions: list[date]    # days it refers to
    position: int = 0       # place in its article


def _sentences(articles: Sequence[Article], settings: Settings) -> list[_Sentence]:
    return [_Sentence(text, a.published, j, tag_dates(text, a.published, settings.tense_days), p)
            for j, a in enumerate(articles) for p, text in enumerate(a.sentences) if text.strip()]


def _rank_dates(sents: Sequence[_Sentence], articles_per_day: Counter[date],
               start: date, end: date, settings: Settings) -> list[date]:
    """Days in [start, end], most important first.

    A day scores one point per article that refers to it (split between the days one
    sentence names; hindsight mentions weigh `later_weight`) plus `pub_weight` per
    article published on it and `next_pub_weight` per article published the day after."""
    score: Counter[date] = Counter()
    seen: set[tuple[int, date]] = set()
    for s in sents:
        for d in s.mentions:
            if (s.article, d) not in seen:
                seen.add((s.article, d))
                score[d] += (settings.later_weight if s.published > d else 1.0) / len(s.mentions)
    for d, n in articles_per_day.items():
        score[d] += settings.pub_weight * n
        score[d - timedelta(days=1)] += settings.next_pub_weight * n
    days = [d for d in score if start <= d <= end]
    return sorted(days, key=lambda d: (-score[d], d))


# --------------------------------------------------------------------------------------
# Sentence selection
# --------------------------------------------------------------------------------------

def _pools(sents: Sequence[_Sentence], settings: Settings) -> dict[date, list[int]]:
    """Day -> indices of the sentences about it: those naming it, and undated sentences
    among the first `pub_clip` of an article published on it or up to `pub_window` days
    later (deep in an article, an undated sentence is background more often than news)."""
    pool: dict[date, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        for d in s.mentions:
            pool[d].append(i)
        if not s.mentions and (not settings.pub_clip or s.position < settings.pub_clip):
            for k in range(settings.pub_window + 1):
                pool[s.published - timedelta(days=k)].append(i)
    return pool


_PROSE_RE = re.compile(r"""^["'(]?[A-Z0-9][^|]*[.!"')]$""")


def _summary_worthy(text: str, settings: Settings) -> bool:
    """Prose of moderate length, not a question, not boilerplate."""
    text = text.strip()
    n = len(text.split())
    return (settings.min_words <= n <= settings.max_words and not text.endswith("?")
            and bool(_PROSE_RE.match(text)))


_QUOTED_RE = re.compile(r"(?:``|[\"“]).*?(?:''|[\"”]|$)")
_PERSON_RE = re.compile(r"\b(?:I|[Ww]e|[Yy]ou|[Yy]our|[Mm]y|[Oo]ur|me|us)\b")


def _prior(text: str, settings: Settings) -> float:
    """Score adjustment for how much a sentence reads like a timeline entry: reporters
    write those in the third person, so first or second person outside quotation
    marks ("you can share your views", "we visited") is penalised."""
    return -settings.person_penalty if _PERSON_RE.search(_QUOTED_RE.sub("", text)) else 0.0


_OPT_CANDIDATES = 30  # best-ranked non-redundant sentences centroid optimisation weighs


def _pick(idx: list[int], sents: Sequence[_Sentence], X: csr_matrix, prior: np.ndarray,
          k: int, taken: list[int], settings: Settings, day: date | None = None) -> list[int]:
    """Up to k sentences of a day's pool, summary-worthy ones only if there are any, none
    too close to a sentence already in the timeline.  The first is the one nearest to
    the pool's TF-IDF centroid (plus its `prior`, one value per sentence); with
    `centroid_opt` (news-tls CentroidOpt) each further one, among the next
    _OPT_CANDIDATES, brings the sum of the picked rows nearest to the centroid,
    otherwise it is simply the next nearest.  Sentences published on `day` or up to
    `fresh_days` later score `fresh_bonus` more: of two near-equal sentences about
    May 3, "Rescuers reached the mine on Tuesday" written on May 4 is preferred to a
    look back written in June or a preview written in April."""
    rows = X[idx]
    centroid = _unit(np.asarray(rows.mean(axis=0)).ravel())
    own = prior[idx]                         # each pool sentence's prior, with the fresh bonus
    if day is not None and settings.fresh_bonus:
        own = own + np.array([settings.fresh_bonus if 0 <= (sents[i].published - day).days <= settings.fresh_days
                              else 0.0 for i in idx])
    sim = rows @ centroid + own
    own_prior = dict(zip(idx, own))
    used = set(taken)
    order = [idx[j] for j in np.argsort(-sim, kind="stable") if idx[j] not in used]
    order = [i for i in order if _summary_worthy(sents[i].text, settings)] or order
    base = dict(zip(idx, rows @ centroid))   # cosine of each pool sentence to the centroid
    picked: list[int] = []
    picked_norm2 = 0.0                       # squared norm of the sum of picked rows
    for _ in range(k):
        best, best_val, best_dots, tried = None, -np.inf, 0.0, 0
        for i in order:
            if tried == _OPT_CANDIDATES:
                break
            if i in picked:
                continue
            dots = (X[taken + picked] @ X[i].T).toarray().ravel() if taken or picked else np.zeros(0)
            if dots.size and dots.max() > settings.redundancy:
                continue
            if not settings.centroid_opt or not picked:
                best, best_dots = i, dots[len(taken):].sum()
                break
            # cosine of (sum of picked + candidate) to the centroid; rows are unit vectors
            tried += 1
            cross = dots[len(taken):].sum()
            val = (sum(base[p] for p in picked) + base[i]) / np.sqrt(picked_norm2 + 1 + 2 * cross)
            if val + own_prior[i] > best_val:
                best, best_val, best_dots = i, val + own_prior[i], cross
        if best is None:
            break
        picked_norm2 += 1 + 2 * best_dots
        picked.append(best)
    return picked or order[:1]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v)
    return v / norm if norm else v


def _tfidf(sents: Sequence[_Sentence], settings: Settings) -> csr_matrix:
    """L2-normalised TF-IDF rows, one per sentence (all zero if no content words)."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, settings.ngrams))
    try:
        return vectorizer.fit_transform(s.text for s in sents).tocsr()
    except ValueError:  # empty vocabulary
        return csr_matrix((len(sents), 1))


def summarize_timeline(articles: Iterable[Article], n_dates: int, n_sentences: int,
                       start: date | None = None, end: date | None = None,
                       settings: Settings | None = None) -> list[tuple[date, list[str]]]:
    """Exactly the n_dates most important dates in [start, end] (fewer only if fewer
    candidate dates exist), each with up to n_sentences extractive sentences (verbatim
    from the input), in date order.

    start/end, when given, bound the dates only: articles published outside them still
    count as evidence for the dates inside."""
    settings = settings or Settings()
    articles = list(articles)
    sents = _sentences(articles, settings)
    if not sents or n_dates <= 0 or n_sentences <= 0:
        return []
    start, end = start or date.min, end or date.max
    X = _tfidf(sents, settings)
    pools = _pools(sents, settings)
    prior = np.array([_prior(s.text, settings) for s in sents])
    timeline: list[tuple[date, list[str]]] = []
    taken: list[int] = []
    for day in _rank_dates(sents, Counter(a.published for a in articles), start, end, settings):
        if len(timeline) == n_dates:
            break
        picked = _pick(pools[day], sents, X, prior, n_sentences, taken, settings, day) if pools.get(day) else []
        if picked:
            taken += picked
            timeline.append((day, [sents[i].text for i in picked]))
    return sorted(timeline, key=lambda x: x[0])

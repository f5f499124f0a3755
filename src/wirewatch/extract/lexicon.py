"""Word lists the extractors share: speech cues, roles, titles, qualifiers.

General English news vocabulary, never names from a given corpus.
"""

from __future__ import annotations

#: Verbs that introduce what someone said or wrote (lemmas).
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "write", "tweet", "post", "state", "warn", "claim", "insist",
    "note", "explain", "ask", "urge", "announce", "declare", "stress", "reply",
    "quote", "accuse", "describe", "call", "argue", "allege", "assert", "confirm", "deny",
    "suggest", "admit", "acknowledge", "emphasise", "emphasize", "complain", "predict",
    "promise", "vow", "pledge", "threaten", "caution", "remark", "observe", "conclude",
    "report", "reiterate", "repeat", "dismiss", "slam", "criticise", "criticize", "demand",
    "tell", "inform", "brief", "recall", "continue", "mention", "maintain", "counter",
    "believe", "think", "hope", "fear", "agree", "reject", "blame", "welcome",
})

#: Speech verbs that govern reported speech (a clause with what was said).
REPORTING_VERBS = frozenset({
    "say", "tell", "add", "write", "tweet", "state", "warn", "claim", "insist", "note",
    "explain", "announce", "declare", "stress", "confirm", "deny", "allege", "assert",
    "admit", "acknowledge", "predict", "argue", "report", "reiterate", "caution", "suggest",
    "demand", "accuse", "deny", "estimate",
})

#: Verbs that report a request ("advised residents within 20 kilometres to leave"):
#: not quotations, but the numbers inside belong to whoever made the request.
DIRECTIVE_VERBS = frozenset({
    "urge", "advise", "ask", "call", "invite", "tell", "recommend", "order", "instruct", "encourage",
})

#: Verbs that commit their subject to what follows ("offered to withdraw 5,000 soldiers"):
#: the numbers inside are the committer's.
COMMITMENT_VERBS = frozenset({"offer", "promise", "pledge", "vow", "agree", "propose", "threaten", "plan", "intend"})

#: Nouns whose "that" clause reports speech: "gave assurances that ...".
SPEECH_NOUNS = frozenset({
    "assurance", "assurances", "claim", "claims", "warning", "warnings", "promise", "promises",
    "statement", "pledge", "pledges", "announcement", "insistence", "demand", "demands", "allegation",
    "allegations", "accusation", "accusations", "denial",
})

#: Nouns naming a public role; with a name beside them they establish who holds it.
ROLE_NOUNS = frozenset({
    "minister", "secretary", "secretary-general", "spokesman", "spokeswoman", "spokesperson",
    "chief", "president", "vice-president", "premier", "chancellor", "envoy", "ambassador",
    "general", "commander", "head", "leader", "director", "ruler", "king", "queen", "prince",
    "governor", "mayor", "senator", "representative", "official", "adviser", "advisor",
    "diplomat", "negotiator", "chairman", "chairwoman", "chair", "speaker", "editor",
    "correspondent", "reporter", "commissioner", "representative", "prosecutor", "judge",
    "monarch", "emir", "sultan", "patriarch", "pope", "deputy", "aide", "counterpart",
    "mediator", "observer", "monitor", "officer", "colonel", "admiral", "marshal", "lieutenant",
    "captain", "sergeant", "general-secretary", "foreign-minister",
})

#: Honorifics dropped from names: "Mr Blinken" is Blinken.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mr.", "mrs.", "ms.", "dr.", "gen", "gen.", "prof", "prof."})

#: Nouns heading a description of an organisation ("the ministry", "the army").
ORG_NOUNS = frozenset({
    "ministry", "government", "army", "military", "office", "agency", "department", "embassy",
    "parliament", "cabinet", "council", "commission", "committee", "presidency", "administration",
    "alliance", "bloc", "union", "organisation", "organization", "company", "police", "navy",
    "force", "forces", "court", "authority", "authorities", "service", "mission", "delegation",
    "kremlin", "command", "staff", "secretariat", "bank", "party", "coalition", "operator",
})

#: Shares written as words (``about a third``, ``two-thirds``): denominators by name.
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "tenth": 10, "tenths": 10}

#: Words before a number that qualify it, longest first.
QUALIFIERS_BEFORE = (
    "as many as", "more than", "fewer than", "less than", "at least", "at most", "up to",
    "upwards of", "in excess of", "close to", "just over", "just under", "well over",
    "closer to", "within", "approximately", "nearly", "almost", "around", "about", "roughly", "some", "over",
    "under", "an estimated", "estimated", "only", "just", "barely", "at a maximum of",
)
QUALIFIERS_AFTER = ("or more", "or so", "or fewer", "or less", "and more", "plus")

#: Speech verbs whose quoted words usually belong to the statement that reports them
#: ("the ministry said Lavrov had asked about “indivisible security”").
QUESTION_VERBS = frozenset({"ask", "inquire", "enquire", "wonder", "query"})

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_OTHER = frozenset({"it", "they", "we"})

#: Role words that mean the same office: "head of NATO" is the "NATO chief".
ROLE_SYNONYMS = {"head": "chief", "leader": "chief", "fm": "foreign minister", "pm": "prime minister"}

#: Titles of one office under its usual names, as news English writes them: a US
#: "secretary of state" and a "top diplomat" hold the foreign ministry of their state
#: or organisation. Matched at the end of a normalised role ("eu foreign policy chief").
OFFICE_SYNONYMS = {
    "state secretary": "foreign minister", "foreign secretary": "foreign minister",
    "top diplomat": "foreign minister", "foreign policy chief": "foreign minister",
    "chief diplomat": "foreign minister", "foreign affairs minister": "foreign minister",
    "defence secretary": "defence minister", "defense secretary": "defence minister",
    "defense minister": "defence minister", "defense chief": "defence minister", "defence chief": "defence minister",
}

#: Nouns of a relation between parties: the places in "ties with London" act as states.
RELATION_NOUNS = frozenset({"tie", "relation", "relationship", "talk", "dialogue", "contact", "agreement", "deal",
                            "treaty", "negotiation", "dispute", "rift", "standoff", "war", "conflict", "cooperation"})

#: Plural nouns naming an armed or political group: "separatists", "Russian-backed separatists".
GROUP_NOUNS = frozenset({"separatists", "rebels", "insurgents", "militants", "guerrillas", "jihadists", "paramilitaries", "militias"})

#: Nouns that name a political actor even unnamed ("the junta promised", "the president vowed").
ACTOR_NOUNS = frozenset({
    "junta", "regime", "government", "president", "premier", "king", "queen", "emir", "sultan", "opposition",
    "rebel", "guerrilla", "insurgent", "militia", "militiaman", "army", "military", "police", "parliament",
    "cabinet", "minister", "chancellor", "monarch", "authorities", "authority", "leadership", "administration",
    "court", "tribunal", "union", "mob", "envoy", "ambassador", "mediator", "council", "assembly", "party",
    "leader", "chief", "commander", "general", "secretary", "delegation", "negotiator", "side", "group",
    "organisation", "organization", "agency", "movement", "front", "alliance", "coalition", "bloc", "federation",
    "state", "country", "nation", "community", "committee", "commission", "ministry", "senate", "congress",
    "legislature", "judge", "prosecutor", "mayor", "governor", "navy", "force",
})

#: People an event is commonly done to, named by what they are ("protesters", "two foreign engineers"), as lemmas.
PEOPLE_NOUNS = frozenset({
    "civilian", "protester", "demonstrator", "villager", "resident", "inhabitant", "journalist", "reporter",
    "activist", "dissident", "soldier", "troop", "militant", "fighter", "hostage", "prisoner", "detainee",
    "worker", "student", "refugee", "migrant", "official", "officer", "policeman", "diplomat", "candidate",
    "supporter", "farmer", "crowd", "population", "citizen", "national", "politician", "lawmaker",
    "engineer", "tourist", "pilgrim", "settler", "separatist", "jihadist", "gunman", "insurgent", "striker",
    "marcher", "broadcaster", "newspaper", "minority", "member", "opponent", "critic", "people", "family",
    "counterpart", "ally", "partner", "neighbour", "neighbor", "donor", "republic", "kingdom", "emirate",
    "person", "man", "woman", "child", "victim", "crew", "pilot", "personnel", "investor", "tribe", "voter",
    "legislator", "passenger", "patient", "doctor",
})


#: Words of office titles the model tags as names on their own ("Defence" in "Defence Secretary").
TITLE_WORDS = frozenset({"defence", "defense", "state", "foreign", "interior", "economy", "finance", "justice", "home", "trade"})

"""Word lists the rules lean on where the small spaCy model is weak.

Kept deliberately small and explicit (the verbs of speaking are retrieval/speech_verbs.py,
which the date module shares): titles that precede names, nouns that can
stand for a speaker, a place gazetteer for common datelines and venues, and an
English stopword list used to refuse non-English text.
"""

from __future__ import annotations

import re

from retrieval.geography import world_places



# Verbs that may carry a direct quote but whose clausal complement is not a
# report of speech ("asked whether", "called it", "continued to fall").
NO_INDIRECT = {"ask", "quote", "describe", "call", "continue", "urge", "point", "post", "complain", "advise"}
# Verbs that only count as cues when they govern a quote ("continued" is far
# more often "shares continued to fall").
QUOTE_ONLY = {
    "continue", "describe", "call", "urge", "point", "post", "complain", "recall", "advise", "enthuse",
    "exclaim", "joke", "quip", "praise", "hail", "dub",
}
# Verbs reporting a request with an object and a to-infinitive ("urged residents
# to stay indoors", "called on Congress to act"): the infinitive is the content.
# Opinion verbs: only a main-clause "X believes/thinks (that) …" reports a view.
COGNITION = {"believe", "think"}
REQUEST_VERBS = {"urge", "call", "ask", "tell", "advise", "warn"}
# "the company said" refers back to the organisation last quoted or named.
ORG_DESCRIPTORS = {
    "company", "firm", "group", "automaker", "carmaker", "airline", "bank", "manufacturer", "agency", "ministry",
    # political news: "the campaign said", "the newspaper reported"
    "campaign", "newspaper", "paper", "network", "magazine", "party", "committee", "organization", "council",
}

# Titles that may precede a name and become the speaker's role.
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "spokesman", "spokeswoman",
    "spokesperson", "ceo", "chief", "executive", "chairman", "chairwoman", "chair",
    "director", "senator", "sen.", "governor", "gov.", "representative", "rep.", "mayor",
    "chancellor", "king", "queen", "prince", "general", "gen.", "admiral", "commissioner",
    "ambassador", "analyst", "economist", "professor", "prof.", "dr.", "mr.", "mrs.", "ms.",
    "judge", "justice", "leader", "head", "founder", "co-founder", "cfo", "coo", "cto",
    "officer", "manager", "official", "strategist", "trader", "attorney", "lawyer",
    "deputy", "foreign", "defense", "defence", "finance", "treasury", "senior", "general",
    "managing", "partner", "editor", "correspondent", "adviser", "advisor", "pope",
    "mr", "mrs", "ms", "dr", "premier", "sir", "lord", "lady", "chairperson",
}

# Lowercase head nouns that can themselves be speakers ("officials said").
HUMAN_NOUNS = {
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
    "analyst", "analysts", "expert", "experts", "economist", "economists", "executive",
    "executives", "source", "sources", "investigators", "investigator", "police",
    "authorities", "company", "government", "ministry", "department", "agency", "officer",
    "officers", "minister", "president", "ceo", "chairman", "director", "leader", "leaders",
    "lawmakers", "senators", "critics", "researchers", "scientists", "witnesses", "residents",
    "trader", "traders", "strategist", "strategists", "representative", "representatives",
    "spokesmen", "manager", "managers", "union", "airline", "carrier", "manufacturer",
    "automaker", "bank", "firm", "group", "board", "court", "judge", "prosecutors",
    "military", "army", "commission", "committee", "council", "white", "administration",
    "secretary", "governor", "senator", "mayor", "chancellor", "diplomats", "diplomat",
    "people", "observers", "premier", "chairperson", "spokesmen", "insiders", "employees", "workers", "engineers", "regulators",
    "insider", "activists", "activist", "teacher", "teachers", "coach", "doctor", "doctors", "lawyers", "attorneys",
    "protesters", "campaigners", "opponents", "supporters", "owners", "investors", "consumers", "voters", "officers",
    "individual", "individuals", "person", "someone", "writer", "author", "scientist", "researcher", "historian", "professor", "economist", "commentator", "commentators",
}
# Nouns naming a written source ("according to a report").
SOURCE_NOUNS = {
    "report", "reports", "statement", "statements", "study", "survey", "poll", "data",
    "figures", "estimates", "documents", "document", "letter", "filing", "release",
    "website", "newspaper", "memo", "emails", "analysis", "records", "forecast",
    "suit", "lawsuit", "complaint", "email", "e-mail", "announcement", "notice", "blog",
}
# Descriptors that can refer back to a named person ("the president said").
DESCRIPTOR_TITLES = {
    "president", "minister", "spokesman", "spokeswoman", "spokesperson", "ceo", "chairman",
    "chairwoman", "senator", "governor", "secretary", "chancellor", "mayor", "director",
    "executive", "founder", "analyst", "economist", "leader", "official", "chief",
}

PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"}

# Venues that are not geographic but answer "where was it said".
MEDIA_VENUES = [
    "social media", "Twitter", "Facebook", "Instagram", "Telegram", "YouTube", "X",
    "television", "national television", "state television", "state TV", "TV", "radio",
    "his blog", "her blog", "the company's website", "its website", "the radio",
]
MEDIA_RE = re.compile(
    r"\b(?:on|via|in a post on|in a video on|in a message on)\s+("
    + "|".join(re.escape(v) for v in sorted(MEDIA_VENUES, key=len, reverse=True))
    + r")\b"
)

# Places the small model often misses or mislabels; NER GPE/LOC/FAC adds more. The world's
# countries and cities come from data (retrieval.geography); the seats of power that news names
# as places are added here.
PLACES = set(world_places()) | {"Capitol Hill", "White House", "Kremlin", "Downing Street", "Pentagon", "Elysée"}
PLACES_LOWER = {p.lower() for p in PLACES}


# Frequent English function words: a text where few tokens are among these is
# not English, and parsing it with an English model only invents speakers.
EN_STOPWORDS = set(
    """the a an and or but of to in on at for with by from as is are was were be been
    has have had it its that this which who said says he she they we i you not no
    will would can could should may than then there their his her our your after
    before about over into also more most other some such only new one two""".split()
)


"""Verbs that introduce speech, as surface forms ("said", "warns", "announcing" -> their base form):
the attribution rules run without spaCy's lemmatizer for speed, and the date module reads the day
something was said ("announced on Monday") with the same list. "said" covers most news text; the
rest follow the GenderGapTracker / textacy style lists.
"""

from __future__ import annotations


# (base, third person, past, -ing)
_VERBS = [
    ("say", "says", "said", "saying"),
    ("tell", "tells", "told", "telling"),
    ("add", "adds", "added", "adding"),
    ("note", "notes", "noted", "noting"),
    ("state", "states", "stated", "stating"),
    ("write", "writes", "wrote", "writing"),
    ("claim", "claims", "claimed", "claiming"),
    ("warn", "warns", "warned", "warning"),
    ("explain", "explains", "explained", "explaining"),
    ("announce", "announces", "announced", "announcing"),
    ("comment", "comments", "commented", "commenting"),
    ("stress", "stresses", "stressed", "stressing"),
    ("argue", "argues", "argued", "arguing"),
    ("insist", "insists", "insisted", "insisting"),
    ("confirm", "confirms", "confirmed", "confirming"),
    ("deny", "denies", "denied", "denying"),
    ("report", "reports", "reported", "reporting"),
    ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    ("admit", "admits", "admitted", "admitting"),
    ("suggest", "suggests", "suggested", "suggesting"),
    ("predict", "predicts", "predicted", "predicting"),
    ("reply", "replies", "replied", "replying"),
    ("respond", "responds", "responded", "responding"),
    ("remark", "remarks", "remarked", "remarking"),
    ("declare", "declares", "declared", "declaring"),
    ("emphasize", "emphasizes", "emphasized", "emphasizing"),
    ("emphasise", "emphasises", "emphasised", "emphasising"),
    ("assert", "asserts", "asserted", "asserting"),
    ("maintain", "maintains", "maintained", "maintaining"),
    ("reveal", "reveals", "revealed", "revealing"),
    ("promise", "promises", "promised", "promising"),
    ("tweet", "tweets", "tweeted", "tweeting"),
    ("post", "posts", "posted", "posting"),
    ("testify", "testifies", "testified", "testifying"),
    ("concede", "concedes", "conceded", "conceding"),
    ("complain", "complains", "complained", "complaining"),
    ("observe", "observes", "observed", "observing"),
    ("continue", "continues", "continued", "continuing"),
    ("recall", "recalls", "recalled", "recalling"),
    ("ask", "asks", "asked", "asking"),
    ("quote", "quotes", "quoted", "quoting"),
    ("describe", "describes", "described", "describing"),
    ("call", "calls", "called", "calling"),
    ("urge", "urges", "urged", "urging"),
    ("point", "points", "pointed", "pointing"),
    ("recommend", "recommends", "recommended", "recommending"),
    ("mention", "mentions", "mentioned", "mentioning"),
    ("believe", "believes", "believed", "believing"),
    ("think", "thinks", "thought", "thinking"),
    ("estimate", "estimates", "estimated", "estimating"),
    ("allege", "alleges", "alleged", "alleging"),
    ("contend", "contends", "contended", "contending"),
    ("caution", "cautions", "cautioned", "cautioning"),
    ("forecast", "forecasts", "forecasted", "forecasting"),
    ("vow", "vows", "vowed", "vowing"),
    ("pledge", "pledges", "pledged", "pledging"),
    ("reiterate", "reiterates", "reiterated", "reiterating"),
    ("advise", "advises", "advised", "advising"),
    ("enthuse", "enthuses", "enthused", "enthusing"),
    ("exclaim", "exclaims", "exclaimed", "exclaiming"),
    ("joke", "jokes", "joked", "joking"),
    ("quip", "quips", "quipped", "quipping"),
    ("boast", "boasts", "boasted", "boasting"),
    ("praise", "praises", "praised", "praising"),
    ("hail", "hails", "hailed", "hailing"),
    ("dub", "dubs", "dubbed", "dubbing"),
    ("disclose", "discloses", "disclosed", "disclosing"),
    ("assure", "assures", "assured", "assuring"),
    ("reassure", "reassures", "reassured", "reassuring"),
    ("inform", "informs", "informed", "informing"),
    ("agree", "agrees", "agreed", "agreeing"),
    ("express", "expresses", "expressed", "expressing"),
    ("voice", "voices", "voiced", "voicing"),
    ("hint", "hints", "hinted", "hinting"),
]

SPEECH_FORMS: dict[str, str] = {form: forms[0] for forms in _VERBS for form in forms}
# The past forms: "she announced on Monday" dates the saying, not what was said.
PAST_FORMS = frozenset(forms[2] for forms in _VERBS)

# Nouns naming a saying or the message carrying one: "issued a statement" (no content of its own),
# "said in a memo that …" (how the words were given), "Brill's letter said …" (Brill's own words).
SPEECH_NOUNS = frozenset({
    "statement", "remarks", "comments", "comment", "speech", "interview", "announcement", "address",
    "release", "tweet", "post", "memo", "letter", "email", "e-mail", "message", "note", "testimony",
})

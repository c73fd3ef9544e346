"""The citation check on made-up sources: what an LLM sentence may and may not say."""

from __future__ import annotations

import pytest

from retrieval.llm.check import Cited, check, check_sentence, split_sentences
from retrieval.models import Passage, Statement

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Russian officials will attend talks with the U.S. "
    'in Istanbul on Thursday. "We expect nothing less than a serious conversation, and we are ready," Peskov said. '
    "The city spent 1,250 million euros on the venue, which opened in March 2019. "
    "Ukraine's President Volodymyr Zelenskyy said two Chinese men were captured in Donetsk."
)
SOURCES = {
    1: Cited(
        1,
        Passage(passage_id="a#0", source_id="a", text=TEXT, position=0, start=0, title="Talks in Istanbul",
                published="2025-04-08", place="Kyiv, Ukraine"),
        [
            Statement(speaker="Dmitry Peskov", speaker_id="Dmitry Peskov", role="Kremlin spokesman", kind="indirect",
                      content="Russian officials will attend talks with the U.S. in Istanbul on Thursday",
                      content_span=(0, 1), date="2025-04-07", date_assumed=False),
            Statement(speaker="Dmitry Peskov", speaker_id="Dmitry Peskov", kind="direct", content_span=(0, 1),
                      content="We expect nothing less than a serious conversation, and we are ready,"),
            Statement(speaker="Volodymyr Zelenskyy", speaker_id="Volodymyr Zelenskyy", role="Ukraine's President",
                      kind="indirect", content="two Chinese men were captured in Donetsk", content_span=(0, 1)),
        ],
    )
}


@pytest.mark.parametrize("sentence", [
    "Peskov said Russian officials will attend talks in Istanbul [1].",
    'Peskov said: "We expect nothing less than a serious conversation." [1]',
    'Peskov said they expect "nothing less than a serious conversation … we are ready" [1].',  # an ellipsis
    "On 7 April 2025, Peskov said the talks would be on Thursday [1].",
    "On April 7, 2025, Peskov spoke [1].",
    "On 2025-04-07, Peskov spoke [1].",
    "Peskov spoke on Monday [1].",
    "The venue cost 1250 million euros [1].",
    "The venue opened in March 2019 [1].",
    "Zelensky said two Chinese men were captured [1].",  # a spelling of the same name
    "He said two Chinese men were captured in Donetsk [1].",  # a pronoun is left to the other checks
    "Talks with the U.S. in Istanbul are planned, according to Peskov [1].",
])
def test_sentences_the_source_supports_pass(sentence):
    assert check_sentence(sentence, SOURCES) is None


@pytest.mark.parametrize("sentence, reason", [
    ("Peskov said talks are planned.", "cites no source"),
    ("Peskov said talks are planned [2].", "cites [2], which is not one of the 1 sources"),
    ('Peskov said: "We expect a serious conversation." [1]', "not verbatim"),
    ("Sergei Lavrov said talks are planned [1].", "names Sergei"),
    ("Lavrov said talks are planned [1].", "names Lavrov"),
    ("The venue cost 1300 million euros [1].", "gives 1300"),
    ("On 9 April 2025, Peskov spoke [1].", "gives the date 9 April 2025"),
    ("The venue opened in May 2019 [1].", "gives the date May 2019"),
    ("Peskov spoke on Friday [1].", "says Friday"),
    ("Zelenskyy said Russian officials will attend talks with the U.S. in Istanbul [1].", "reports it from Dmitry Peskov"),
    ('Zelenskyy said: "We expect nothing less than a serious conversation." [1]', "attributes it to Dmitry Peskov"),
])
def test_sentences_that_go_beyond_the_source_are_dropped_with_the_reason(sentence, reason):
    assert reason in (check_sentence(sentence, SOURCES) or "")


def test_an_answer_is_split_into_sentences_with_their_citations():
    text = 'Talks with the U.S. in Istanbul are planned [1]. Peskov said: "We are ready. Really." [1] Then more. [2]'
    assert split_sentences(text) == [
        "Talks with the U.S. in Istanbul are planned [1].",
        'Peskov said: "We are ready. Really." [1]',
        "Then more. [2]",
    ]


def test_the_llm_answer_is_split_by_the_one_segmenter_not_at_abbreviations():
    text = "The deal was signed on Feb. 24, 2022 by Gen. Ana Ruiz of Acme Inc. at No. 10 [1]. J. R. Doe agreed [2][3]."
    assert split_sentences(text) == [
        "The deal was signed on Feb. 24, 2022 by Gen. Ana Ruiz of Acme Inc. at No. 10 [1].",
        "J. R. Doe agreed [2][3].",
    ]


def test_check_keeps_the_good_sentences_and_says_why_the_others_went():
    checked = check("Peskov said Russian officials will attend talks [1]. Lavrov agreed [1].", SOURCES)
    assert checked.kept == ["Peskov said Russian officials will attend talks [1]."]
    assert [(d.sentence, d.reason) for d in checked.dropped] == [("Lavrov agreed [1].", "names Lavrov, which [1] does not")]

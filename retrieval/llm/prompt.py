"""What the model is shown: the question and the ranked evidence, numbered."""

from __future__ import annotations

from retrieval.llm.check import Cited
from retrieval.search import Ranked

MAX_SOURCES = 6  # numbered passages shown: enough for a few sentences, few enough for a small local model

SYSTEM = """You answer questions about the news from numbered sources, like a careful journalist.
Rules:
- Answer in at most {sentences} short sentences and under {words} words, in the language of the question.
- End every sentence with the numbers of the sources it rests on, like [1] or [1][3]. Cite only the numbers given.
- Use only facts the cited sources give. Every name, number and date in a sentence must be in the sources it cites.
- Put in quotation marks only words copied exactly from a source, in the source's language. Otherwise report speech without quotation marks.
- Say that someone said something only if a source attributes it to them.
- Write names of people, places and organisations exactly as the sources spell them, untranslated, even in another language.
- "reported" is the day an article appeared and "dateline" is where it was filed: neither is when or where something was said.
- Give only the answer: no preamble, no list of sources."""


def number_sources(ranked: Ranked, passages: int, limit: int = MAX_SOURCES) -> list[Cited]:
    """The passages holding the best statements and the best passages, in rank order, numbered from 1,
    each with the ranked statements it holds."""
    order: list[str] = []
    found = {p.passage_id: p for p, _ in ranked.passages} | ranked.holding
    for statement, _ in ranked.statements[:limit]:
        order.append(statement.passage_id)
    for passage, _ in ranked.passages[:passages]:
        order.append(passage.passage_id)
    chosen = [i for i in dict.fromkeys(order) if i in found][:limit]
    by_passage: dict[str, list] = {i: [] for i in chosen}
    for statement, _ in ranked.statements:
        if statement.passage_id in by_passage:
            by_passage[statement.passage_id].append(statement)
    return [Cited(n, found[i], by_passage[i]) for n, i in enumerate(chosen, start=1)]


def messages(question: str, sources: list[Cited], max_words: int, said_before: str = "") -> list[tuple[str, str]]:
    """System and user messages, as (role, text) pairs any LangChain chat model takes."""
    parts = [f"Question: {question}", ""]
    if said_before:
        parts += [f"Already answered (say something else): {said_before}", ""]
    parts.append("Sources:")
    for source in sources:
        parts += ["", _describe(source)]
    return [("system", SYSTEM.format(sentences=3, words=max_words)), ("human", "\n".join(parts))]


def _describe(source: Cited) -> str:
    p = source.passage
    about = ", ".join(x for x in (f"reported {p.published}" if p.published else "", f"dateline {p.place}" if p.place else "") if x)
    lines = [f"[{source.n}] {p.title}" + (f" ({about})" if about else ""), p.text.strip()]
    if source.statements:
        lines.append("Statements in it:")
        for s in source.statements:
            who = f"{s.speaker}, {s.role}" if s.role else s.speaker
            when = f"{'reported ' if s.date_assumed else ''}{s.date}" if s.date else "date not given"
            kind = "direct quote" if s.kind == "direct" else "reported speech"
            # As in extractive answers, a place the text doesn't give for the statement is only the dateline.
            where = s.place if s.place and s.place.lower() in p.text.lower() else f"dateline {s.place}" if s.place else "not given"
            lines.append(f"- speaker: {who}; {kind}; date: {when}; place: {where}; content: {s.content}")
    return "\n".join(lines)

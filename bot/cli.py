"""`newsbot`: the command-line front end. It parses arguments, calls `retrieval.Newsbot`, and prints."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence

from config import Settings
import retrieval
from retrieval import Answer, IngestReport, onnx_model


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    one_shot = argv is None and args.handler in _READ_ONLY  # the program itself, not a caller in Python
    if one_shot:
        # Importing the store and the model allocates objects that live until exit; the cyclic
        # collector walking them again and again cost ~0.1 s of a cold `newsbot ask`.
        gc.disable()
    try:
        code = args.handler(args, settings)
    except KeyboardInterrupt:
        return 130
    if one_shot:
        _leave(code)
    return code


def _leave(code: int) -> None:
    """Exit without the interpreter's teardown: freeing Chroma's and the model's objects takes
    ~0.25 s, a sixth of a cold `newsbot ask`. Only after commands that wrote nothing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away: nothing left to deliver
            pass
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Cited answers about the news, from your sources.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="add articles: .txt/.md/.html/.jsonl files, folders, http(s) URLs")
    ingest.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
    ingest.set_defaults(handler=cmd_ingest)

    ask = commands.add_parser("ask", help="ask a question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(handler=cmd_ask)

    sources = commands.add_parser("sources", help="list stored sources")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(handler=cmd_sources)

    remove = commands.add_parser("remove", help="remove a source and everything extracted from it")
    remove.add_argument("source_id")
    remove.set_defaults(handler=cmd_remove)

    extract = commands.add_parser("extract", help="print the attributed statements of a plain-text article")
    extract.add_argument("file")
    extract.add_argument("--json", action="store_true")
    extract.set_defaults(handler=cmd_extract)

    commands.add_parser("chat", help="a conversation in the terminal").set_defaults(handler=cmd_chat)
    commands.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)").set_defaults(handler=cmd_run)
    return parser


def cmd_ingest(args, settings: Settings) -> int:
    newsbot = retrieval.Newsbot(settings)
    report = newsbot.ingest(args.targets, progress=_progress_printer())
    print_report(report)
    return 0 if report.ok else 1


def _progress_printer():
    interactive = sys.stderr.isatty()

    def show(done: int, label: str) -> None:
        if interactive:
            print(f"\r{done} sources read…", end="", file=sys.stderr, flush=True)
        elif done % 100 == 0:
            print(f"{done} sources read…", file=sys.stderr, flush=True)

    return show


def print_report(report: IngestReport) -> None:
    if sys.stderr.isatty():
        print("\r", end="", file=sys.stderr)
    for skipped in report.skipped:
        print(f"skipped: {skipped.origin}: {skipped.reason}", file=sys.stderr)
    for failure in report.failed:
        print(f"failed: {failure.origin}: {failure.reason}", file=sys.stderr)
    print(report.summary())


def cmd_ask(args, settings: Settings) -> int:
    onnx_model.load(settings.embedding_threads)  # in the background while `Newsbot` imports chromadb
    answer = retrieval.Newsbot(settings).ask(" ".join(args.question))
    if args.json:
        print(json.dumps(answer.model_dump(), ensure_ascii=False))
    else:
        print(format_answer(answer))
    return 0


def format_answer(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        for numbers, c in answer.sources_cited():
            details = ", ".join(part for part in (c.published, c.place) if part)
            label = "".join(f"[{n}]" for n in numbers)
            lines.append(f"{label} {c.title}" + (f" ({details})" if details else "") + (f" {c.url}" if c.url else ""))
            lines += [f"    also: {a.title} ({a.published}) {a.url}".rstrip() for a in c.also]
    return "\n".join(lines)


def cmd_sources(args, settings: Settings) -> int:
    sources = retrieval.Newsbot(settings).sources()
    if args.json:
        print(json.dumps([s.model_dump() for s in sources], ensure_ascii=False))
        return 0
    if not sources:
        print("No sources yet. Add some with: newsbot ingest PATH_OR_URL")
    for s in sources:
        print(f"{s.source_id}\t{s.published or '-'}\t{s.passages} passages\t{s.statements} statements\t{s.title}")
    return 0


def cmd_remove(args, settings: Settings) -> int:
    if retrieval.Newsbot(settings).remove(args.source_id):
        print(f"removed {args.source_id}")
        return 0
    print(f"no source {args.source_id!r}; `newsbot sources` lists them", file=sys.stderr)
    return 1


def cmd_extract(args, settings: Settings) -> int:
    try:
        with open(args.file, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"failed: {args.file}: cannot be read as UTF-8 text ({error})", file=sys.stderr)
        return 1
    from retrieval.attribution import StatementExtractor  # no store needed: skip opening Chroma

    statements = StatementExtractor(model=settings.spacy_model).extract(text)  # reads a seed-format dateline
    if args.json:
        print(json.dumps({"statements": [s.extract_json() for s in statements]}, ensure_ascii=False))
        return 0
    for s in statements:
        quoted = f'"{s.content}"' if s.kind == "direct" else s.content
        print(f"{s.date or '?'}  {s.speaker}{', ' + s.role if s.role else ''} ({s.cue}, {s.place or 'no place'}): {quoted}")
    return 0


def cmd_chat(args, settings: Settings) -> int:
    newsbot = retrieval.Newsbot(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask about the news (Ctrl-D to leave).")
    previous: Answer | None = None
    while True:
        try:
            question = input("> " if interactive else "")
        except EOFError:
            if interactive:
                print()
            return 0
        if not question.strip():
            continue
        previous = newsbot.ask(question, previous=previous)
        print(format_answer(previous) + "\n", flush=True)


def cmd_run(args, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        print("TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env.", file=sys.stderr)
        return 2
    from bot.telegram import run

    run(settings)
    return 0


_READ_ONLY = (cmd_ask, cmd_sources, cmd_extract)

if __name__ == "__main__":
    sys.exit(main())

"""Hostile text (escape sequences, C1 controls, bidi overrides) never reaches the terminal raw.

An imported page could retitle the terminal (OSC 0), clear it (CSI 2J), write the
clipboard (OSC 52) or plant a hyperlink (OSC 8).  Every CLI table and text output and
every review widget shows such text with its controls made visible; JSON stays exact.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from review_fixtures import build_review_db, make_app, settle
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cpec_verify.review.rendering.claims import safe_text
from cpec_verify.store.models import Article, Claim, Source, Span, Verdict
from cpec_verify.textsafe import is_terminal_safe, json_terminal_safe, terminal_safe

TITLE_SET = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
LINK = "\x1b]8;;http://evil.test\x1b\\click\x1b]8;;\x1b\\"
C1_CSI = "\x9b31m"
BIDI = "\u202etxt.exe"
HOSTILE = [TITLE_SET, CLEAR, CLIPBOARD, LINK, C1_CSI, BIDI, "bell\x07", "del\x7f"]
RAW = ("\x1b", "\x9b", "\x9d", "\x07", "\x7f", "\u202e")


def raw_controls(text: str) -> list[str]:
    return [c for c in RAW if c in text]


def test_each_hostile_string_is_made_visible_with_the_same_length() -> None:
    for s in HOSTILE:
        safe = terminal_safe(s)
        assert is_terminal_safe(safe) and not raw_controls(safe), repr(safe)
        assert len(safe) == len(s)  # offsets into article text stay valid
    assert terminal_safe(CLIPBOARD).startswith("␛]52;c;")
    assert terminal_safe("line one\n\tline two [bold]x[/]") == "line one\n\tline two [bold]x[/]"


@given(st.text())
def test_safe_text_keeps_length_and_holds_no_control(s: str) -> None:
    safe = terminal_safe(s)
    assert len(safe) == len(s)
    assert all(c in "\n\t" or not (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0) for c in safe)
    assert is_terminal_safe(safe)
    assert json.loads(json_terminal_safe(json.dumps(s, ensure_ascii=False))) == s


def test_rich_text_keeps_its_styles_where_they_were() -> None:
    from rich.text import Text

    text = Text("ab" + CLIPBOARD + "cd")
    text.stylize("bold", len(text) - 2, len(text))
    safe = safe_text(text)
    assert safe.plain[-2:] == "cd" and safe.spans[0].start == len(text) - 2


def _hostile_article(engine: Engine) -> int:
    """An article whose every field carries escape sequences, with a claim and a verdict."""
    body = f"The port {CLIPBOARD} handled 1,200 ships {LINK} in 2024.{CLEAR} {BIDI}"
    with Session(engine) as session:
        source = Source(path=f"evil{TITLE_SET}.txt", sha256="e" * 64, size=1, format="txt")
        session.add(source)
        session.flush()
        article = Article(
            source_id=source.id or 0,
            title=f"Port {TITLE_SET} report",
            outlet=f"Out{C1_CSI}let",
            text=body,
            chars=len(body),
            sentence_count=1,
        )
        session.add(article)
        session.flush()
        span = Span(article_id=article.id or 0, kind="sentence", start=0, end=len(body), text=body)
        session.add(span)
        session.flush()
        claim = Claim(
            article_id=article.id or 0,
            sentence_id=span.id,
            start=0,
            end=len(body),
            text=body,
            kinds=["figure"],
            score=0.9,
        )
        session.add(claim)
        session.flush()
        session.add(
            Verdict(
                claim_id=claim.id or 0,
                reviewer=f"ana{CLEAR}",
                label="supported",
                note=f"see {LINK} {CLIPBOARD}",
            )
        )
        session.commit()
        return claim.id or 0


def test_cli_text_outputs_carry_no_control_characters(engine: Engine, run) -> None:  # noqa: ANN001
    _hostile_article(engine)
    for argv in (
        ("articles",),
        ("show", "1"),
        ("claims",),
        ("verdicts",),
        ("verdicts", "--history"),
        ("status",),
        ("agreement", "--disagreements"),
    ):
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.stderr)
        assert not raw_controls(result.stdout + result.stderr), argv
    shown = run("show", "1").stdout
    assert "␛]52;c;" in shown and "Port ␛]0;owned␇ report" in shown


def test_cli_json_stays_exact_and_inert(engine: Engine, run) -> None:  # noqa: ANN001
    _hostile_article(engine)
    for argv, pick in (
        (("show", "1", "--format", "json"), lambda d: d["title"]),
        (("articles", "--format", "json"), lambda d: d[0]["title"]),
        (("verdicts", "--format", "json"), lambda d: d[0]["reviewer"]),
    ):
        result = run(*argv)
        assert not raw_controls(result.stdout), argv
        value = pick(json.loads(result.stdout))
        assert value in (f"Port {TITLE_SET} report", f"ana{CLEAR}"), argv


def test_error_lines_naming_a_hostile_file_are_safe(run, tmp_path) -> None:  # noqa: ANN001
    bad = tmp_path / f"x{TITLE_SET}.yaml"
    bad.write_bytes(b"claims: [unclosed\n")
    result = run("claims", "import", str(bad))
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
    assert not raw_controls(result.stderr)
    assert "␛]0;owned␇" in result.stderr


async def test_review_screen_draws_no_control_characters(engine: Engine) -> None:
    build_review_db(engine)
    claim_id = _hostile_article(engine)
    app = make_app(engine, reviewer=f"tester{TITLE_SET}", filter="all")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        while screen.detail is None or screen.detail.claim_id != claim_id:  # type: ignore[attr-defined]
            await pilot.press("j")
            await settle(pilot)
        drawn = _screen_text(app)
        assert "handled 1,200" in drawn and "tester␛]0;owned" in drawn
        assert "␛]52;c;" in drawn and "Port ␛]0;owned" in drawn and "␛[2J" in drawn
        assert not raw_controls(drawn)


def _screen_text(app: object) -> str:
    """Every character of every visible widget, as the compositor would send it."""
    screen = app.screen  # type: ignore[attr-defined]
    strips = screen._compositor.render_strips()  # noqa: SLF001
    return "\n".join(strip.text for strip in strips)


async def test_adjudication_screen_draws_no_control_characters(engine: Engine) -> None:
    from cpec_verify.store.entities.reviewers import add_reviewer

    claim_id = _hostile_article(engine)
    with Session(engine) as session:
        add_reviewer(session, "lea", lead=True)
        claim = session.exec(select(Claim).where(Claim.id == claim_id)).one()
        session.add(Verdict(claim_id=claim.id or 0, reviewer="ben", label="conflicting"))
        session.commit()
    app = make_app(engine, reviewer="lea", filter="all")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        for _ in range(50):
            await pilot.pause()
            await app.workers.wait_for_complete()
            if "ana␛[2J" in _screen_text(app):
                break
        drawn = _screen_text(app)
        assert "␛]8;;http://evil.t" in drawn and "ana␛[2J" in drawn  # note, reviewer
        assert not raw_controls(drawn)


def test_a_file_name_that_is_not_utf8_prints_without_crashing(
    engine: Engine, run, tmp_path
) -> None:  # noqa: ANN001
    import os

    build_review_db(engine)
    name = os.fsdecode(b"verdicts-caf\xe9.csv")  # a Latin-1 byte: a lone surrogate in Python
    path = tmp_path / name
    path.write_text("claim_id,reviewer,label\n1,ana,supported\n")
    result = run("verdicts", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "verdicts-caf\ufffd.csv" in result.stdout
    bad = tmp_path / os.fsdecode(b"claims-caf\xe9.yaml")
    bad.write_text("claims: [unclosed\n")
    failed = run("claims", "import", str(bad))
    assert failed.exit_code == 1 and "claims-caf\ufffd.yaml" in failed.stderr


def test_the_fast_check_and_the_replacement_table_agree() -> None:
    from cpec_verify.textsafe import _TABLE, _UNSAFE

    assert {c for c in range(0x110000) if _UNSAFE.match(chr(c))} == set(_TABLE)


def test_data_written_to_a_terminal_is_made_safe_and_to_a_file_kept_exact() -> None:
    import io

    from cpec_verify.cli.app import terminal_guard

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen, file = Tty(), io.StringIO()
    terminal_guard(screen, json=False).write(f"id,note\r\n1,{CLEAR}\r\n")
    terminal_guard(file, json=False).write(f"id,note\r\n1,{CLEAR}\r\n")
    assert screen.getvalue() == "id,note\n1,␛[2J␛[H\n"  # CRLF is a plain line end on screen
    assert file.getvalue() == f"id,note\r\n1,{CLEAR}\r\n"
    screen = Tty()
    terminal_guard(screen, json=True).write(json.dumps({"t": C1_CSI}, ensure_ascii=False))
    assert json.loads(screen.getvalue()) == {"t": C1_CSI} and "\x9b" not in screen.getvalue()

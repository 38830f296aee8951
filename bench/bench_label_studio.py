"""Label Studio round trip (not in CI: needs a ~1 GB ``pip install label-studio``).

Run: ``python bench/bench_label_studio.py --label-studio /path/to/venv/bin/label-studio``.

Builds a small desk whose articles put emoji, flags, ZWJ sequences, CJK and combining
marks before and inside claims, exports it with ``cpec-verify export --format
label-studio``, starts a throwaway ``label-studio`` server, creates a project with
``schemas/label-studio-config.xml``, uploads the file through the same import endpoint
as the UI (a ``.label-studio`` name too, which must be refused), and then compares,
through the API, every imported span with the claim it should select: in the stored
tasks, in Label Studio's JSON_MIN export and in its CONLL2003 export (whose converter
tokenises the text by the offsets).  It prints one line per check and a summary.
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [
    [
        "Crowds cheered 🚆🇵🇰 as the first train left at dawn.",
        "Officials 👩🏽‍💼 said the line cost 3 billion dollars.",
        "The trip now takes 5 hours instead of 9.",
    ],
    [
        "漢字の見出し: the new port handled 1,200 ships last year.",
        "Cafe\u0301 owners near the quay said 12 shops reopened.",
        "A flag display 🇨🇳🇵🇰🇬🇧 greeted 400 delegates.",
    ],
    [
        "Plain ASCII sentence about 70 buses a day.",
        "Emoji inside the claim: output rose 40% 🚀 in March.",
        "Combining marks n\u0303 and a\u0301 sit before 8 new wells.",
    ],
]
CLAIMS = [
    (0, 0, "the first train left at dawn"),
    (0, 1, "the line cost 3 billion dollars"),
    (0, 2, "5 hours instead of 9"),
    (1, 0, "the new port handled 1,200 ships last year"),
    (1, 1, "12 shops reopened"),
    (1, 2, "greeted 400 delegates"),
    (2, 1, "output rose 40% 🚀 in March"),
    (2, 2, "8 new wells"),
]


def build_desk(db: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from sqlmodel import Session

    from cpec_verify.store.db import get_engine
    from cpec_verify.store.models import (
        Adjudication,
        Article,
        Claim,
        Reviewer,
        Source,
        Span,
        Verdict,
    )

    t0 = datetime(2025, 10, 1, 9, 0)
    with Session(get_engine(str(db))) as s:
        s.add_all([Reviewer(name="lea", is_lead=True), Reviewer(name="ana"), Reviewer(name="ben")])
        spans: dict[tuple[int, int], Span] = {}
        articles: list[Article] = []
        for a, sentences in enumerate(ARTICLES):
            text = " ".join(sentences)
            source = Source(
                path=f"/bench/{a}.txt",
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                size=len(text.encode()),
                format="text",
            )
            s.add(source)
            s.flush()
            art = Article(
                source_id=source.id,
                part=1,
                title=f"Wide text {a}",
                outlet="Bench Ledger",
                published="2025-09-26",
                text=text,
                chars=len(text),
                sentence_count=len(sentences),
            )
            s.add(art)
            s.flush()
            articles.append(art)
            pos = 0
            for i, sentence in enumerate(sentences):
                span = Span(
                    article_id=art.id,
                    kind="sentence",
                    paragraph=0,
                    start=pos,
                    end=pos + len(sentence),
                    text=sentence,
                )
                s.add(span)
                s.flush()
                spans[(a, i)] = span
                pos += len(sentence) + 1
        tick = 0
        for n, (a, i, fragment) in enumerate(CLAIMS):
            span = spans[(a, i)]
            start = span.start + span.text.index(fragment)
            claim = Claim(
                article_id=articles[a].id,
                sentence_id=span.id,
                start=start,
                end=start + len(fragment),
                text=fragment,
                kinds=["figure"],
                quantities=[],
                score=1.0,
            )
            s.add(claim)
            s.flush()
            labels = ("supported", "supported") if n % 3 else ("supported", "conflicting")
            for who, label in zip(("ana", "ben"), labels, strict=True):
                tick += 1
                s.add(
                    Verdict(
                        claim_id=claim.id,
                        reviewer=who,
                        label=label,
                        evidence=[],
                        note=f"{who} 📝 note",
                        created_at=t0 + timedelta(minutes=tick),
                    )
                )
            if labels[0] != labels[1]:
                tick += 1
                s.add(
                    Adjudication(
                        claim_id=claim.id,
                        lead="lea",
                        label="conflicting",
                        rationale="the figures differ 🧾",
                        created_at=t0 + timedelta(minutes=tick),
                    )
                )
        s.commit()


class Client:
    """Session-cookie client for Label Studio's API (works whatever the token settings)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: bytes | None = None, ctype: str = "") -> bytes:
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Referer", self.base + "/")
        if ctype:
            req.add_header("Content-Type", ctype)
        if method != "GET":
            req.add_header("X-CSRFToken", self._csrf())
        with self.opener.open(req, timeout=120) as resp:
            return resp.read()

    def login(self, email: str, password: str) -> None:
        page = self.request("GET", "/user/login/").decode()
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {"email": email, "password": password}
        if m:
            form["csrfmiddlewaretoken"] = m.group(1)
        self.request(
            "POST",
            "/user/login/",
            urllib.parse.urlencode(form).encode(),
            "application/x-www-form-urlencoded",
        )
        json.loads(self.request("GET", "/api/current-user/whoami"))

    def json(self, method: str, path: str, body: object | None = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        return json.loads(self.request(method, path, data, "application/json") or b"null")

    def upload(self, path: str, name: str, content: bytes) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        try:
            out = self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")
            return 201, out.decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, proc: subprocess.Popen, limit: float) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"label-studio exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/health", timeout=5).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(2)
    raise SystemExit(f"label-studio did not answer within {limit:.0f} s")


def covering_tokens(text: str, value: dict) -> str:
    """The whitespace tokens overlapping ``[start, end)`` (code points), joined by spaces."""
    return " ".join(
        m.group()
        for m in re.finditer(r"\S+", text)
        if m.start() < value["end"] and m.end() > value["start"]
    )


def conll_spans(conll: str) -> list[str]:
    """The token runs tagged B-Claim/I-Claim, joined with spaces, in document order."""
    runs: list[list[str]] = []
    for line in conll.splitlines():
        parts = line.split()
        if len(parts) < 2 or parts[0] == "-DOCSTART-":
            continue
        tag = parts[-1]
        if tag == "B-Claim":
            runs.append([parts[0]])
        elif tag == "I-Claim" and runs:
            runs[-1].append(parts[0])
    return [" ".join(r) for r in runs]


def utf16_peer(tasks: list[dict]) -> list[dict]:
    """The same tasks with offsets in UTF-16 units, as cpec-verify wrote them before."""

    def units(text: str, i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    out = json.loads(json.dumps(tasks))
    for t in out:
        for ann in t["annotations"]:
            for r in ann["result"]:
                if r["type"] == "labels":
                    v = r["value"]
                    v["start"], v["end"] = (
                        units(t["data"]["text"], v["start"]),
                        units(t["data"]["text"], v["end"]),
                    )
    return out


def span_figures(api: Client, pid: int, exported: list[dict], work: Path) -> dict[str, tuple]:
    """(right, total) spans as Label Studio stores them, in JSON_MIN and in CONLL2003.

    ``exported`` are the tasks with the right (code point) offsets, the reference.
    """
    export = f"/api/projects/{pid}/export?download_all_tasks=true&exportType="
    stored = api.json("GET", export + "JSON")
    spans = ok = 0
    for t in stored:  # type: ignore[union-attr]
        for ann in t["annotations"]:
            for r in ann["result"]:
                if r["type"] == "labels":
                    v = r["value"]
                    spans += 1
                    ok += t["data"]["text"][v["start"] : v["end"]] == t["data"]["claim"]
    minimal = api.json("GET", export + "JSON_MIN")
    hits = total = 0
    for item in minimal:  # type: ignore[union-attr]
        claim = item.get("claim")
        for v in claim if isinstance(claim, list) else []:
            total += 1
            hits += item["text"][v["start"] : v["end"]] == v["text"]
    conll = api.request("GET", export + "CONLL2003").decode("utf-8", errors="replace")
    (work / f"project-{pid}.conll").write_text(conll, encoding="utf-8")
    runs = conll_spans(conll)
    # the converter may keep a whole whitespace token ("dawn." for "dawn") or split
    # punctuation off ("40 %"): a run is right when it holds the claim and stays within
    # the whitespace tokens overlapping the span; shifted offsets cut or move words
    wanted = set()
    for e in exported:
        value = e["annotations"][0]["result"][0]["value"]
        cover = covering_tokens(e["data"]["text"], value)
        wanted.add(("".join(e["data"]["claim"].split()), "".join(cover.split())))
    whole = sum(1 for r in runs if any(c in "".join(r.split()) in cov for c, cov in wanted))
    return {
        "stored spans select the claim": (ok, spans, stored),
        "JSON_MIN span text is the text at its offsets": (hits, total, None),
        "CONLL2003 claim tokens right": (whole, len(runs), None),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label-studio", required=True, help="path of the label-studio executable")
    ap.add_argument("--start-timeout", type=float, default=600)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ls-bench-"))
    db, tasks = work / "desk.sqlite", work / "tasks.json"
    build_desk(db)
    users = work / "users.yaml"
    email, password = "bench@example.com", "bench-" + uuid.uuid4().hex[:12]
    users.write_text(f"ana: {email}\n")
    cli = [sys.executable, "-m", "cpec_verify", "export", "--db", str(db)]
    subprocess.run(
        [*cli, "--format", "label-studio", "--annotators", str(users), "--out", str(tasks)],
        check=True,
    )
    exported = json.loads(tasks.read_text())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        LABEL_STUDIO_BASE_DATA_DIR=str(work / "ls-data"),
        LABEL_STUDIO_USERNAME=email,
        LABEL_STUDIO_PASSWORD=password,
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
    )
    log = (work / "label-studio.log").open("w")
    t_start = time.perf_counter()
    proc = subprocess.Popen(
        [args.label_studio, "start", "--no-browser", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    failures = 0

    def check(ok: bool, what: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}")

    try:
        wait_up(base, proc, args.start_timeout)
        print(f"label-studio up in {time.perf_counter() - t_start:.1f} s at {base}")
        api = Client(base)
        api.login(email, password)
        me = api.json("GET", "/api/current-user/whoami")
        config = (ROOT / "schemas" / "label-studio-config.xml").read_text()

        def project(title: str) -> int:
            made = api.json("POST", "/api/projects", {"title": title, "label_config": config})
            return made["id"]  # type: ignore[index]

        pid = project("cpec-verify export (code points)")
        code, body = api.upload(
            f"/api/projects/{pid}/import", "tasks.label-studio", tasks.read_bytes()
        )
        said = re.search(r'[^"\[]*extension is not supported', body)
        check(
            code >= 400 and said is not None,
            f".label-studio upload refused ({code}: {said.group() if said else body[:80]!r})",
        )
        code, body = api.upload(f"/api/projects/{pid}/import", "tasks.json", tasks.read_bytes())
        check(code < 300, f".json upload accepted ({code})")
        figures = span_figures(api, pid, exported, work)
        stored = figures["stored spans select the claim"][2]
        check(len(stored) == len(exported), f"{len(stored)} of {len(exported)} tasks imported")
        by_id = {e["data"]["claim_id"]: e for e in exported}
        counts = [
            len(t["annotations"]) == len(by_id[t["data"]["claim_id"]]["annotations"])
            for t in stored
        ]
        check(all(counts), f"annotations per task as exported: {sum(counts)}/{len(counts)} tasks")
        ana = [
            a
            for t in stored
            for a in t["annotations"]
            if any(
                r["from_name"] == "reviewer" and r["value"]["text"] == ["ana"] for r in a["result"]
            )
        ]
        credited = sum(a["completed_by"] == me["id"] for a in ana)  # type: ignore[index]
        check(
            credited == len(ana) > 0,
            f"ana's annotations credited to {email}: {credited}/{len(ana)}",
        )
        truth = [a for t in stored for a in t["annotations"] if a["ground_truth"]]
        check(
            len(truth) == sum(1 for e in exported for a in e["annotations"] if a["ground_truth"]),
            f"adjudications imported as ground truth: {len(truth)}",
        )
        for what, (right, total, _) in figures.items():
            check(total > 0 and right == total, f"{what}: {right}/{total}")
        peer = utf16_peer(exported)
        peer_file = work / "tasks-utf16.json"
        peer_file.write_text(json.dumps(peer, ensure_ascii=False), encoding="utf-8")
        ppid = project("peer: UTF-16 offsets")
        code, _ = api.upload(
            f"/api/projects/{ppid}/import", "tasks-utf16.json", peer_file.read_bytes()
        )
        print(f"peer (same tasks, offsets in UTF-16 units as before), upload {code}:")
        for what, (right, total, _) in span_figures(api, ppid, exported, work).items():
            print(f"     {what}: {right}/{total}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    print(f"{'PASS' if failures == 0 else 'FAIL'}: {failures} failed check(s); work dir {work}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

"""Every example of README.md and docs/*.md runs against the data it says it
uses, so that none can drift (docs/development.md, Examples that run).

A fenced block in graphql, python or sh names its dataset after the language:
```` ```graphql demo ````, ```` ```python tiny ````; ```` ```sh not-run ```` marks
a shell example that cannot run here (it starts a server, needs files of the
reader's own); ``mutates`` after the dataset runs the example after every
other. GraphQL examples must answer without errors (a block may hold several
operations, each run on its own), or, marked ``partial``, with errors whose
root fields alone are null; Python and shell examples must exit 0. A page
holding ``<!-- examples: DATASET -->`` also has each inline question of its
text (`` `cascade(focal: "HIT", ...)` ``) asked of DATASET.
They run with SUPPLYGRAPH_URL and SUPPLYGRAPH_API_KEY set to the test
server, whose address replaces 127.0.0.1:8080 in the example, and with the
binary under test first on PATH as supplygraph.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from conftest import server

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LANGS = {"graphql": "graphql", "python": "python", "sh": "sh", "bash": "sh", "shell": "sh"}
DATASETS = ("demo", "tiny")


@dataclass
class Example:
    page: Path
    line: int
    lang: str
    words: list[str]
    text: str

    @property
    def dataset(self) -> str | None:
        return next((w for w in self.words if w in DATASETS), None)

    @property
    def id(self) -> str:
        return f"{self.page.name}:{self.line}"


def examples() -> list[Example]:
    out = []
    for page in PAGES:
        lines = page.read_text().splitlines()
        i = 0
        while i < len(lines):
            m = re.match(r"^(\s*)```(\w*)\s*(.*)$", lines[i])
            if not m:
                i += 1
                continue
            indent, lang, rest = m.groups()
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            if lang in LANGS:
                text = "\n".join(l[len(indent):] if l.startswith(indent) else l for l in lines[i + 1:j])
                out.append(Example(page, i + 1, LANGS[lang], rest.split(), text))
            i = j + 1
    return out


QUESTIONS = r"(?:cascade|uncoveredTiers|riskExposure|riskPaths|impact|supplyChain|chainView)\([^`()]*\)"


def inline_questions() -> list[Example]:
    """The questions quoted inline on pages marked <!-- examples: DATASET -->,
    as examples of language "question"."""
    out = []
    for page in PAGES:
        text = page.read_text()
        m = re.search(r"^<!-- examples: (\w+) -->$", text, re.M)
        if m:
            for q in re.finditer(r"`(" + QUESTIONS + r")`", text):
                out.append(Example(page, text.count("\n", 0, q.start()) + 1, "question", [m.group(1)],
                                   " ".join(q.group(1).split())))
    return out


ALL = examples() + inline_questions()
WANT = os.environ.get("SUPPLYGRAPH_TEST_DATASET")


def test_every_example_says_what_it_runs_on() -> None:
    bad = [f"{e.id} ```{e.lang} {' '.join(e.words)}" for e in ALL if e.lang != "question"
           if len([w for w in e.words if w in (*DATASETS, "not-run")]) != 1
           or ("not-run" in e.words and e.lang != "sh")]
    assert not bad, ("each graphql, python and sh example names one dataset (demo or tiny) after its "
                     "language; only shell examples may be not-run: " + ", ".join(bad))


def operations(text: str) -> list[str]:
    """The top-level operations of a GraphQL block (a block may list several
    anonymous queries, one per line, to paste one at a time)."""
    ops, depth, start = [], 0, 0
    body = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), text)  # comments blanked, positions kept
    body = re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: " " * len(m.group()), body)  # braces in strings do not count
    for i, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                ops.append(text[start:i + 1].strip())
                start = i + 1
    assert depth == 0 and not body[start:].strip(), "unbalanced braces"
    return ops


RUNNABLE = [e for e in ALL if e.dataset and (WANT is None or e.dataset == WANT)]


@pytest.mark.parametrize("ex", [pytest.param(e, id=e.id, marks=[pytest.mark.mutates] if "mutates" in e.words else [])
                                for e in RUNNABLE])
def test_example(ex: Example) -> None:
    url, key = server(ex.dataset or "")
    addr = httpx.URL(url).netloc.decode()
    text = ex.text.replace("127.0.0.1:8080", addr)
    if ex.lang in ("graphql", "question"):
        # an inline question is asked for its __typename: it must run, whatever it answers
        ops = [f"{{ q: {text} {{ __typename }} }}"] if ex.lang == "question" else operations(text)
        for op in ops:
            r = httpx.post(url, json={"query": op}, headers={"Authorization": f"Bearer {key}"}, timeout=60)
            body = r.json()
            data, errs = body.get("data") or {}, body.get("errors") or []
            if "partial" in ex.words:  # the failed questions are null, the others answered
                failed = {e["path"][0] for e in errs}
                assert errs and data and all(data[k] is None for k in failed), f"{ex.id}: {body}"
                assert any(data[k] is not None for k in data if k not in failed), f"{ex.id}: {body}"
                continue
            assert r.status_code == 200 and not errs and data, f"{ex.id}: {op[:80]}...: {errs}"
        return
    env = {**os.environ, "SUPPLYGRAPH_URL": url, "SUPPLYGRAPH_API_KEY": key}
    if bin := os.environ.get("SUPPLYGRAPH_BIN"):
        env["PATH"] = str(Path(bin).parent) + os.pathsep + env["PATH"]
    cmd = [sys.executable, "-c", text] if ex.lang == "python" else ["bash", "-euo", "pipefail", "-c", text]
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, f"{ex.id} exited {p.returncode}:\n{p.stdout}\n{p.stderr}"


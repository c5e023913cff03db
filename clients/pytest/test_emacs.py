"""editors/emacs/sextant.el through Eglot, against the real binary.

`emacs --batch` loads editors/emacs/test/sextant-test.el, which opens a scratch workspace (see
editor_workspace.py) with Eglot, runs sextant-status, workspace/symbol (xref apropos) for a name
and for a phrase, sextant-search, the "Find similar code" code action (its raw answers, and
picked through eglot-code-actions at point and on a region), workspace/executeCommand with
sextant.search and with an unknown command, sextant-find-similar at point and on a region, jumps
from the results buffer, sextant-duplicates and failing requests, and writes what it got to a
JSON file that this test checks."""

import json
import pathlib
import re
import subprocess
import time

from editor_workspace import COPY_NAME, ROOT, editor_environment, make_workspace

DRIVER = ROOT / "editors" / "emacs" / "test" / "sextant-test.el"
EMACS_TIMEOUT = 90


def run_emacs(tmp_path: pathlib.Path) -> tuple:
    spec = make_workspace(tmp_path, "emacs")
    started = time.monotonic()
    try:
        process = subprocess.run(
            ["emacs", "--batch", "-l", str(DRIVER)],
            env=editor_environment(tmp_path, spec), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=EMACS_TIMEOUT, cwd=spec["root"],
        )
    except subprocess.TimeoutExpired as timeout:
        raise AssertionError(f"emacs did not finish in {EMACS_TIMEOUT} s: {timeout.stdout!r} {timeout.stderr!r}")
    output = pathlib.Path(spec["out"])
    assert output.exists(), f"no result (exit {process.returncode}): {process.stdout[-3000:]} {process.stderr[-3000:]}"
    result = json.loads(output.read_text())
    result["stderr"] = process.stderr
    result["seconds"] = time.monotonic() - started
    return spec, result


# The score has two decimals: a cosine or hybrid score below 1, a BM25 score (lexical) above.
RESULT_LINE = re.compile(r"^([^:\n]+):(\d+): (.+?)  (\d+\.\d\d)  (.*)$")


def hits(step: dict) -> list:
    """(file, line, name) of the result lines of a results buffer."""
    found = []
    for line in step["value"]["lines"]:
        match = RESULT_LINE.match(line)
        if match:
            found.append((match.group(1), int(match.group(2)), match.group(3).split(".")[-1]))
    return found


def test_emacs_commands(tmp_path: pathlib.Path):
    spec, result = run_emacs(tmp_path)
    steps = result["steps"]
    copy, original = spec["copy"], spec["original"]
    print(f"Emacs {result['version'].split()[2]}, eglot {result['eglot']}: {result['seconds']:.1f} s")
    assert result["status"] == "done" and not result["failures"], result["failures"]
    assert "Debugger entered" not in result["stderr"] and "Backtrace" not in result["stderr"], result["stderr"][-3000:]
    assert steps["connect"]["value"] == "sextant-eglot-server"

    status = steps["status"]["value"]
    assert re.search(r": 4 files, \d+ chunks, \d+ symbols, \d+ vectors\ncoverage 100%$", status), status

    symbols = steps["workspaceSymbol"]["value"]
    # Eglot 1.9 shows a symbol by its line of code.
    assert symbols and COPY_NAME in symbols[0]["summary"], symbols
    assert symbols[0]["file"] == copy["path"] and symbols[0]["line"] == copy["line"] + 1, symbols

    # A name: fuzzy name matches only (no semantic neighbours).
    assert all(COPY_NAME in symbol["summary"] for symbol in symbols), symbols
    # A phrase of several words: the function it describes among the first (Eglot keeps the
    # server's order).
    phrase = [(pathlib.Path(symbol["file"]).name, symbol["line"], symbol["summary"])
              for symbol in steps["workspaceSymbolPhrase"]["value"]]
    assert [hit for hit in phrase[:3] if hit[0] == "shlex.py" and hit[2].startswith("def split(")], phrase[:5]

    search = steps["search"]["value"]
    assert search["title"] == "Sextant search: " + spec["query"] and search["mode"] == "sextant-results-mode"
    assert pathlib.Path(search["directory"]) == pathlib.Path(spec["root"])
    assert all(RESULT_LINE.match(line) for line in search["lines"]), search["lines"]
    assert ("shlex.py", "split") in [(file, name) for file, _, name in hits(steps["search"])[:3]], search["lines"][:5]

    # `g' asks again.
    assert steps["revert"]["value"]["lines"] == search["lines"], steps["revert"]

    # The declaration at point: its renamed copy first, itself not at all.
    similar = steps["similarPoint"]["value"]
    assert similar["title"] == "Sextant similar: dedent", similar["title"]
    assert hits(steps["similarPoint"])[0] == ("helpers.py", copy["line"] + 1, COPY_NAME), similar["lines"][:3]
    assert re.match(rf"helpers.py:{copy['line'] + 1}: {COPY_NAME}  \d\.\d\d  def {COPY_NAME}\(text\):$", similar["lines"][0])
    assert "dedent" not in [name for _, _, name in hits(steps["similarPoint"])]
    # RET on the first result visits it.
    assert steps["jump"]["value"] == {"file": copy["path"], "line": copy["line"] + 1}

    # The region over dedent's body finds the copy too.
    region = steps["similarRegion"]["value"]
    assert region["title"] == "Sextant similar: textwrap.py:{}-{}".format(*original["range"]), region["title"]
    assert COPY_NAME in [name for _, _, name in hits(steps["similarRegion"])[:2]], region["lines"][:3]

    # The code action at point: one Command, run through Eglot, answers {items, coverage} as
    # sextant/findSimilar does, the renamed copy first.
    answer = steps["codeActionAnswer"]["value"]
    assert answer["actions"] == [{
        "title": "Find similar code", "command": "sextant.findSimilar",
        "arguments": [{"textDocument": {"uri": pathlib.Path(original["path"]).as_uri()},
                       "position": {"line": original["bodyLine"], "character": original["bodyColumn"] + 2}}],
    }], answer["actions"]
    assert answer["result"]["keys"] == ["coverage", "items"] and answer["result"]["coverage"] == 1, answer["result"]
    top = answer["result"]["items"][0]
    assert (top["name"], top["file"], top["line"]) == (COPY_NAME, copy["path"], copy["line"]), answer["result"]["items"][:3]
    assert "dedent" not in [item["name"] for item in answer["result"]["items"]]

    # Picked the editor's way (eglot-code-actions, its menu): sextant.el shows the answer in
    # *sextant*, the copy first.
    acted = steps["codeActionPoint"]["value"]
    assert acted["offered"] == ["Find similar code"], acted["offered"]
    assert acted["title"] == "Sextant similar: dedent" and acted["mode"] == "sextant-results-mode", acted
    assert hits(steps["codeActionPoint"])[0] == ("helpers.py", copy["line"] + 1, COPY_NAME), acted["lines"][:3]
    # On an active region over dedent's body (M-x eglot-code-actions).
    acted = steps["codeActionRegion"]["value"]
    assert acted["offered"] == ["Find similar code"], acted["offered"]
    assert acted["title"] == "Sextant similar: textwrap.py:{}-{}".format(*original["range"]), acted["title"]
    assert COPY_NAME in [name for _, _, name in hits(steps["codeActionRegion"])[:2]], acted["lines"][:3]

    # workspace/executeCommand sextant.search (lexical) through Eglot: shown in *sextant*, and
    # the raw answer has BM25 scores only.
    executed = steps["executeSearch"]["value"]
    assert executed["title"] == "Sextant search: " + spec["query"], executed["title"]
    assert all(RESULT_LINE.match(line) for line in executed["lines"]), executed["lines"]
    assert hits(steps["executeSearch"])[0][::2] == ("shlex.py", "split"), executed["lines"][:3]
    raw = executed["result"]
    assert raw["keys"] == ["coverage", "items"] and raw["items"], raw
    assert all(item["similarity"] is None and item["score"] == item["keywordScore"] for item in raw["items"]), raw["items"][:3]
    # An unknown command: a user-error carrying the server's -32602 message.
    unknown = steps["executeUnknown"]["value"]
    assert unknown["type"] == "user-error", unknown
    assert unknown["message"].startswith(f"{spec['unknownCommand']}: unknown command {spec['unknownCommand']}; available: "), unknown
    assert "sextant.findSimilar" in unknown["message"] and "sextant.search" in unknown["message"], unknown

    # A server error is a user-error carrying the server's message.
    error = steps["similarError"]["value"]
    assert error["type"] == "user-error", error
    assert error["message"].startswith("sextant/findSimilar: ") and "selects no text" in error["message"], error

    error = steps["duplicatesError"]["value"]
    assert error["type"] == "user-error" and error["message"].startswith("sextant/duplicates: minScore"), error

    # Duplicates: a cluster holds both copies of dedent.
    duplicates = steps["duplicates"]["value"]
    assert duplicates["title"].startswith("Sextant duplicates: "), duplicates
    clusters, current = [], None
    for line in duplicates["lines"]:
        header = re.match(r"^Cluster (\d+): (\d+) chunks in (\d+) files?, ≥(\d\.\d\d)$", line)
        if header:
            current = []
            clusters.append(current)
        else:
            match = RESULT_LINE.match(line)
            assert match and current is not None, line
            current.append((match.group(1), int(match.group(2)), match.group(3).split(".")[-1]))
    assert any(("textwrap.py", original["line"] + 1, "dedent") in members and ("helpers.py", copy["line"] + 1, COPY_NAME) in members
               for members in clusters), duplicates["lines"]

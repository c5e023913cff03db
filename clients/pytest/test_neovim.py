"""editors/neovim/sextant.lua through Neovim's own LSP client, against the real binary.

`nvim --headless` runs editors/neovim/test/init.lua, which opens a scratch workspace (see
editor_workspace.py), runs :SextantStatus, workspace/symbol for a name and for a phrase,
:SextantSearch, the "Find similar code" code action (its raw answers, and picked through
vim.lsp.buf.code_action at the cursor and on a selection), workspace/executeCommand with
sextant.search and with an unknown command, :SextantSimilar at the cursor and on a line range,
jumps from the quickfix list, :SextantDuplicates and failing commands, and writes what it got to
a JSON file that this test checks."""

import json
import os
import pathlib
import re
import subprocess
import time

from editor_workspace import COPY_NAME, ROOT, editor_environment, make_workspace

INIT = ROOT / "editors" / "neovim" / "test" / "init.lua"
NVIM_TIMEOUT = 90
# Another Neovim than the one on PATH (e.g. a newer build) for a run by hand.
NVIM = os.environ.get("SEXTANT_NVIM", "nvim")


def run_neovim(tmp_path: pathlib.Path) -> tuple:
    spec = make_workspace(tmp_path, "neovim")
    started = time.monotonic()
    try:
        process = subprocess.run(
            [NVIM, "--headless", "-n", "-i", "NONE", "--noplugin", "-u", str(INIT)],
            env=editor_environment(tmp_path, spec), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=NVIM_TIMEOUT, cwd=spec["root"],
        )
    except subprocess.TimeoutExpired as timeout:
        raise AssertionError(f"nvim did not finish in {NVIM_TIMEOUT} s: {timeout.stdout!r} {timeout.stderr!r}")
    output = pathlib.Path(spec["out"])
    assert output.exists(), f"no result (exit {process.returncode}): {process.stdout[-3000:]} {process.stderr[-3000:]}"
    result = json.loads(output.read_text())
    assert result["ok"], result.get("error")
    assert not result["failures"], "\n".join(result["failures"])
    result["stderr"] = process.stderr
    result["seconds"] = time.monotonic() - started
    return spec, result


def names(step: dict) -> list:
    """The symbol names of quickfix entries (text "Container.name  (0.93)  snippet")."""
    return [item["text"].split("  ")[0].split(".")[-1] for item in step["items"]]


def test_neovim_commands(tmp_path: pathlib.Path):
    spec, result = run_neovim(tmp_path)
    steps = result["steps"]
    copy, original = spec["copy"], spec["original"]
    print(f"{result['version']}: {result['seconds']:.1f} s")

    # Nothing deprecated is used on this version of Neovim.
    assert not [note for note in result["notes"] if "deprecat" in note["message"]], result["notes"]
    # No Lua error anywhere: no traceback in the messages, on stderr or in v:errmsg.
    for text in (result["messages"], result["stderr"], result["errmsg"]):
        assert "stack traceback" not in text and "Error executing" not in text, text

    status = steps["status"]["message"]
    assert re.search(r": 4 files, \d+ chunks, \d+ symbols, \d+ vectors\ncoverage 100%$", status), status

    # A name: fuzzy name matches only (no semantic neighbours), the copy first.
    symbols = steps["workspaceSymbol"]
    assert symbols["items"], symbols
    assert COPY_NAME in symbols["items"][0]["text"] and symbols["items"][0]["filename"] == copy["path"], symbols
    assert all("strip_common" in item["text"] for item in symbols["items"]), symbols["items"]
    # A phrase of several words: the function it describes among the first (Neovim keeps the
    # server's order); shlex.split is named by none of the phrase's words but "split".
    phrase = steps["workspaceSymbolPhrase"]
    found = [(pathlib.Path(item["filename"]).name, item["text"].split("] ")[-1]) for item in phrase["items"]]
    assert ("shlex.py", "split") in found[:3], found[:5]

    search = steps["search"]
    assert search["title"] == "sextant: " + spec["query"]
    hits = [(pathlib.Path(item["filename"]).name, name) for item, name in zip(search["items"], names(search))]
    assert ("shlex.py", "split") in hits[:3], hits

    # The declaration under the cursor: its renamed copy comes first, itself not at all.
    similar = steps["similarCursor"]
    assert similar["title"] == "Sextant similar: dedent", similar["title"]
    first = similar["items"][0]
    assert names(similar)[0] == COPY_NAME and first["filename"] == copy["path"], similar["items"][:3]
    assert first["lnum"] == copy["line"] + 1
    assert re.match(rf"{COPY_NAME}  \(\d\.\d\d\)  def {COPY_NAME}\(text\):", first["text"]), first["text"]
    assert "dedent" not in names(similar)
    assert steps["jump"] == {"file": copy["path"], "line": copy["line"] + 1}

    # The code action at the cursor: one Command, run through workspace/executeCommand, answers
    # {items, coverage} as sextant/findSimilar does, the renamed copy first.
    answer = steps["codeActionAnswer"]
    uri = pathlib.Path(original["path"]).as_uri()
    assert answer["actions"] == [{
        "title": "Find similar code", "command": "sextant.findSimilar",
        "arguments": [{"textDocument": {"uri": uri},
                       "position": {"line": original["bodyLine"], "character": original["bodyColumn"] + 2}}],
    }], answer["actions"]
    assert answer["result"]["keys"] == ["coverage", "items"] and answer["result"]["coverage"] == 1, answer["result"]
    top = answer["result"]["items"][0]
    assert (top["name"], top["file"], top["line"]) == (COPY_NAME, copy["path"], copy["line"]), answer["result"]["items"][:3]
    assert "dedent" not in [item["name"] for item in answer["result"]["items"]]

    # Picked the editor's way (vim.lsp.buf.code_action, vim.ui.select): sextant.lua's handler
    # of workspace/executeCommand puts the answer in the quickfix list, the copy first.
    acted = steps["codeActionCursor"]
    assert acted["offered"] == ["Find similar code"], acted["offered"]
    assert acted["title"] == "Sextant similar: dedent", acted["title"]
    assert names(acted)[0] == COPY_NAME and acted["items"][0]["filename"] == copy["path"], acted["items"][:3]
    assert acted["items"][0]["lnum"] == copy["line"] + 1
    # On a characterwise selection of dedent's body: the selection's lines in the title.
    marks = steps["codeActionMarks"]
    assert [marks[0][0], marks[1][0]] == original["range"], marks
    ranged = steps["codeActionRange"]
    assert ranged["offered"] == ["Find similar code"], ranged["offered"]
    assert ranged["title"] == "Sextant similar: textwrap.py:{}-{}".format(*original["range"]), ranged["title"]
    assert COPY_NAME in names(ranged)[:2], ranged["items"][:3]

    # workspace/executeCommand sextant.search (lexical): the handler's quickfix list, and a raw
    # answer of BM25 scores only.
    executed = steps["executeSearch"]
    assert executed["title"] == "sextant: " + spec["query"], executed["title"]
    assert (pathlib.Path(executed["items"][0]["filename"]).name, names(executed)[0]) == ("shlex.py", "split"), executed["items"][:3]
    raw = executed["result"]
    assert raw["keys"] == ["coverage", "items"] and raw["items"], raw
    assert all(item.get("similarity") is None and item["score"] == item["keywordScore"] for item in raw["items"]), raw["items"][:3]
    # An unknown command: the server's -32602 message as an ERROR notification.
    unknown = steps["executeUnknown"]
    assert unknown["message"].startswith(f"{spec['unknownCommand']}: unknown command {spec['unknownCommand']}; available: "), unknown
    assert "sextant.findSimilar" in unknown["message"] and "sextant.search" in unknown["message"], unknown

    # The selected lines of dedent's body find the copy too.
    assert steps["visualMarks"] == original["range"]
    ranged = steps["similarRange"]
    assert ranged["title"] == "Sextant similar: textwrap.py:{}-{}".format(*original["range"])
    assert COPY_NAME in names(ranged)[:2], ranged["items"][:3]

    # Errors are notifications at ERROR level with the server's message.
    assert steps["similarError"]["message"].startswith("sextant/findSimilar: "), steps["similarError"]
    assert "selects no text" in steps["similarError"]["message"], steps["similarError"]
    assert "minScore must be a number" in steps["duplicatesBadArgument"]["message"]
    assert steps["duplicatesServerError"]["message"].startswith("sextant/duplicates: minScore"), steps["duplicatesServerError"]

    # Duplicates: one cluster holds both copies of dedent.
    duplicates = steps["duplicates"]
    assert duplicates["title"].startswith("Sextant duplicates: "), duplicates
    clusters = {}
    for item in duplicates["items"]:
        match = re.match(r"\[cluster (\d+): (\d+) chunks in (\d+) files?, ≥(0\.\d\d|1\.00)\] (.+)$", item["text"])
        assert match, item["text"]
        clusters.setdefault(match.group(1), []).append((pathlib.Path(item["filename"]).name, match.group(5), item["lnum"]))
    both = [members for members in clusters.values()
            if ("textwrap.py", "dedent", original["line"] + 1) in members and ("helpers.py", COPY_NAME, copy["line"] + 1) in members]
    assert both, clusters

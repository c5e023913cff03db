"""A small scratch workspace with a known answer, shared by the editor tests (test_neovim.py,
test_emacs.py): three real modules of Python's standard library and, in helpers.py, a copy of
textwrap.dedent renamed to strip_common_indent. Find-similar on dedent must put the copy
first, and duplicates must put both in one cluster.

`make_workspace` indexes it with the binary before an editor starts (into a private index
directory that the editor's server then uses too), and writes the spec the editor drivers
read: where things are, what to ask, and where to write what they got."""

import json
import os
import pathlib
import shutil
import subprocess
import textwrap as textwrap_module
import shlex as shlex_module
import fnmatch as fnmatch_module

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("SEXTANT_BINARY", str(ROOT / ".build" / "debug" / "sextant"))
COPY_NAME = "strip_common_indent"


def _function_lines(lines: list, name: str) -> tuple:
    """0-based first line of top-level `def name(` and the line after its last code line."""
    start = next(n for n, line in enumerate(lines) if line.startswith(f"def {name}("))
    end = next((n for n in range(start + 1, len(lines)) if lines[n] and not lines[n][0].isspace() and not lines[n].startswith("#")), len(lines))
    while not lines[end - 1].strip():
        end -= 1
    return start, end


def make_workspace(base: pathlib.Path, editor: str) -> dict:
    root = base / "workspace"
    root.mkdir(parents=True)
    for module in (textwrap_module, shlex_module, fnmatch_module):
        shutil.copyfile(module.__file__, root / pathlib.Path(module.__file__).name)
    original = root / "textwrap.py"
    lines = original.read_text(encoding="utf-8").split("\n")
    start, end = _function_lines(lines, "dedent")
    body = lines[start:end]
    # The copy: module-level regular expressions it uses, then the function under a new name.
    regexes = [line for line in lines if line.startswith("_") and "re.compile(" in line]
    copy = ["\"\"\"Helpers for laying out text.\"\"\"", "", "import re", "", *regexes, "", "",
            body[0].replace("def dedent(", f"def {COPY_NAME}("), *body[1:], ""]
    (root / "helpers.py").write_text("\n".join(copy), encoding="utf-8")
    copy_line = copy.index(next(line for line in copy if line.startswith(f"def {COPY_NAME}(")))
    # A line of code inside dedent's body (after the docstring) for the cursor, and a run of
    # body lines for a selection.
    docstring_end = start + 1 if lines[start + 1].count('"""') == 2 else next(
        n for n in range(start + 2, end) if '"""' in lines[n])
    body_line = next(n for n in range(docstring_end + 1, end)
                     if lines[n].strip() and not lines[n].lstrip().startswith("#"))
    blank_line = next(n for n in range(start, 0, -1) if not lines[n].strip())
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=30)

    index_dir = base / "index"
    indexed = subprocess.run([BINARY, "index", str(root), "--index-dir", str(index_dir)],
                             capture_output=True, text=True, timeout=120)
    assert indexed.returncode == 0, indexed.stderr[-2000:]

    spec = {
        "editor": editor,
        "binary": BINARY,
        "root": str(root),
        "indexDir": str(index_dir),
        "out": str(base / "result.json"),
        "original": {"path": str(original), "name": "dedent", "line": start, "bodyLine": body_line,
                     "bodyColumn": len(lines[body_line]) - len(lines[body_line].lstrip()),
                     # 1-based, inclusive: the body's first code lines to its end.
                     "range": [body_line + 1, end]},
        "copy": {"path": str(root / "helpers.py"), "name": COPY_NAME, "line": copy_line},
        # 1-based blank line: a selection of it holds no text, which the server refuses.
        "blankLine": blank_line + 1,
        "query": "split a string using shell-like syntax",
        "symbolQuery": "strip_common",
        # A phrase of several words: workspace/symbol also asks semantic search for the
        # declarations it describes (none of them is named by the phrase; with no model it finds
        # nothing). With the local model shlex.split comes first.
        "symbolPhrase": "split a string using shell-like syntax",
        # workspace/executeCommand with a command the server does not offer: a -32602 error.
        "unknownCommand": "sextant.bogus",
        # A renamed copy in another file is not an exact duplicate to the model: with the local
        # model, dedent and strip_common_indent have a cosine of 0.90 (path and name are part of
        # what is embedded).
        "minScore": 0.85,
    }
    (base / "spec.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return spec


def editor_environment(base: pathlib.Path, spec: dict) -> dict:
    """The environment for an editor: the spec, and a home of its own (no user configuration)."""
    home = base / "home"
    for sub in ("config", "data", "state", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ)
    environment.update({
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SEXTANT_TEST_SPEC": str(base / "spec.json"),
    })
    # The model lives in the real user's cache; the editor's server must find it there.
    if "SEXTANT_MODEL_DIR" not in environment:
        real_cache = os.environ.get("XDG_CACHE_HOME") or str(pathlib.Path.home() / ".cache")
        environment["SEXTANT_MODEL_DIR"] = str(pathlib.Path(real_cache) / "sextant" / "models" / "all-MiniLM-L6-v2")
    return environment

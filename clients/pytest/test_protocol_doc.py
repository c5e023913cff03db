"""docs/protocol.md cannot drift from the server: every example in it is replayed against the
built binary, and every method and command the server handles must be documented there.

The doc marks an example with an HTML comment, `<!-- example: NAME -->` (optionally
`session=NAME`), followed by fenced ```json blocks, each introduced by a label line:
`Request:` and `Notification:` (sent, all of an example's in one write), `Answer:` (the
response the request with the same id must get), `Server request:` and `Server notification:`
(a message the server must have sent by the end of the example). Examples of one session are
replayed in document order on one server; the `main` session runs first, on a copy of
docs/protocol-example/workspace indexed into a private directory (after indexing the files of
docs/protocol-example/earlier, so that embedding history exists).

Answers are compared structurally: objects must have exactly the documented keys, arrays the
documented length, strings, booleans and integers must be equal, other numbers within 1e-3
(absolute) plus 1e-3 (relative), and the strings `"<string>"`, `"<number>"`, `"<boolean>"`,
`"<object>"`, `"<array>"` and `"<time>"` (ISO 8601) match any value of that type. The
documented workspace is at `/home/you/example` and its index at
`/home/you/.cache/sextant-example`: those paths are replaced both ways.

Set SEXTANT_PROTOCOL_DOC_PRINT=1 to print every actual answer (with those paths put back), to
refresh the doc after a deliberate change.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import threading
import time

import pytest

from test_sextant_lsp import BINARY

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "protocol.md"
EXAMPLE = ROOT / "docs" / "protocol-example"
SOURCES = ROOT / "Sources"
FAKE_ROOT = "/home/you/example"
FAKE_INDEX = "/home/you/.cache/sextant-example"
MAIN_SESSION = "main"
ANSWER_TIMEOUT = 30

SEND_LABELS = {"Request:", "Notification:"}
ANSWER_LABELS = {"Answer:"}
RECEIVE_LABELS = {"Server request:", "Server notification:"}
WILDCARDS = {
    "<string>": lambda v: isinstance(v, str),
    "<number>": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "<boolean>": lambda v: isinstance(v, bool),
    "<object>": lambda v: isinstance(v, dict),
    "<array>": lambda v: isinstance(v, list),
    "<time>": lambda v: isinstance(v, str)
    and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)", v) is not None,
}


# MARK: The doc


class Example:
    def __init__(self, name, session, line):
        self.name = name
        self.session = session
        self.line = line
        self.send = []
        self.answers = []
        self.receive = []

    def __repr__(self):
        return f"{self.name} (docs/protocol.md:{self.line})"


def parse_doc(text):
    """The examples in document order, and the problems of the markup itself."""
    examples, problems = [], []
    current = None
    lines = text.split("\n")
    number = 0
    label = None
    while number < len(lines):
        line = lines[number]
        marker = re.fullmatch(r"\s*<!--\s*example:\s*(\S+)((?:\s+\w+=\S+)*)\s*-->\s*", line)
        if marker:
            attributes = dict(part.split("=", 1) for part in marker.group(2).split())
            current = Example(marker.group(1), attributes.pop("session", MAIN_SESSION), number + 1)
            if attributes:
                problems.append(f"line {number + 1}: unknown example attributes {attributes}")
            examples.append(current)
        elif line.startswith("#"):
            current = None
        elif line.strip().startswith("```json"):
            start = number + 1
            end = start
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            where = f"docs/protocol.md:{number + 1}"
            try:
                block = json.loads("\n".join(lines[start:end]))
            except json.JSONDecodeError as error:
                problems.append(f"{where}: not JSON: {error}")
                block = None
            if current is None:
                problems.append(f"{where}: a json block outside an example (every one is replayed)")
            elif block is not None:
                if label in SEND_LABELS:
                    current.send.append(block)
                elif label in ANSWER_LABELS:
                    current.answers.append(block)
                elif label in RECEIVE_LABELS:
                    current.receive.append(block)
                else:
                    problems.append(f"{where}: the line before a json block must be one of "
                                    f"{sorted(SEND_LABELS | ANSWER_LABELS | RECEIVE_LABELS)}, not {label!r}")
            number = end
            label = None
        elif line.strip() and not line.strip().startswith("```json"):
            label = line.strip()
        number += 1

    names = [example.name for example in examples]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(f"example {name} appears more than once")
    ids = {}
    for example in examples:
        if not example.send and not example.receive:
            problems.append(f"{example}: no messages")
        for message in example.send:
            if message.get("jsonrpc") != "2.0" or "method" not in message:
                problems.append(f"{example}: a sent message needs jsonrpc 2.0 and a method: {message}")
            if "id" in message:
                key = (example.session, json.dumps(message["id"]))
                if key in ids:
                    problems.append(f"{example}: id {message['id']} is also used by {ids[key]}")
                ids[key] = example
                if not any(answer.get("id") == message["id"] for answer in example.answers):
                    problems.append(f"{example}: request {message['id']} has no Answer")
        for answer in example.answers:
            if not any(message.get("id") == answer.get("id") for message in example.send):
                problems.append(f"{example}: answer {answer.get('id')} answers no request of the example")
    return examples, problems


DOC_TEXT = DOC.read_text(encoding="utf-8")
EXAMPLES, DOC_PROBLEMS = parse_doc(DOC_TEXT)


# MARK: Comparing


def compare(expected, actual, path="$"):
    """What differs between a documented value and the server's, as readable lines."""
    if isinstance(expected, str) and expected in WILDCARDS:
        return [] if WILDCARDS[expected](actual) else [f"{path}: {json.dumps(actual)} is not {expected}"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {json.dumps(actual)}"]
        problems = []
        missing = sorted(expected.keys() - actual.keys())
        extra = sorted(actual.keys() - expected.keys())
        if missing:
            problems.append(f"{path}: missing keys {missing}")
        if extra:
            problems.append(f"{path}: undocumented keys {extra} ({json.dumps({k: actual[k] for k in extra})[:300]})")
        for key in sorted(expected.keys() & actual.keys()):
            problems += compare(expected[key], actual[key], f"{path}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected an array, got {json.dumps(actual)[:300]}"]
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} elements, documented {len(expected)}: {json.dumps(actual)[:600]}"]
        problems = []
        for index, (left, right) in enumerate(zip(expected, actual)):
            problems += compare(left, right, f"{path}[{index}]")
        return problems
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        same = type(actual) is type(expected) and actual == expected
        return [] if same else [f"{path}: {json.dumps(actual)}, documented {json.dumps(expected)}"]
    # A number.
    if not isinstance(actual, (int, float)) or isinstance(actual, bool):
        return [f"{path}: {json.dumps(actual)} is not a number (documented {expected})"]
    if isinstance(expected, int) and isinstance(actual, int):
        return [] if expected == actual else [f"{path}: {actual}, documented {expected}"]
    if abs(expected - actual) <= 1e-3 + 1e-3 * abs(expected):
        return []
    return [f"{path}: {actual}, documented {expected} (beyond the tolerance)"]


# MARK: A client that shows the bytes


class Server:
    """The binary over pipes: sends framed messages, records everything it sends back, and
    answers its requests with null (as a client accepting progress tokens would)."""

    def __init__(self, stderr_path):
        self.stderr_path = stderr_path
        self.stderr = open(stderr_path, "wb")
        self.process = subprocess.Popen(
            [BINARY, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr
        )
        self.received = []
        self.condition = threading.Condition()
        self.write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    with self.condition:
                        self.condition.notify_all()
                    return
                if not line.strip():
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            message = json.loads(stream.read(int(headers["content-length"])))
            if "method" in message and "id" in message:
                self.send([{"jsonrpc": "2.0", "id": message["id"], "result": None}])
            with self.condition:
                self.received.append(message)
                self.condition.notify_all()

    def send(self, messages):
        data = b""
        for message in messages:
            body = json.dumps(message).encode("utf-8")
            data += b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.write_lock:
            try:
                self.process.stdin.write(data)
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass

    def wait_for(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                found = next((message for message in self.received if predicate(message)), None)
                remaining = deadline - time.monotonic()
                if found is not None or remaining <= 0 or self.process.poll() is not None:
                    return found
                self.condition.wait(min(remaining, 0.5))

    def response(self, id):
        return self.wait_for(lambda m: "method" not in m and m.get("id") == id, ANSWER_TIMEOUT)

    def wait_for_indexing(self, started_within):
        """Waits for a run's progress to end: a run that was started, or (when one is due) the
        next one to be started."""
        def tokens():
            with self.condition:
                created = [m["params"]["token"] for m in self.received if m.get("method") == "window/workDoneProgress/create"]
                ended = {
                    m["params"]["token"]
                    for m in self.received
                    if m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end"
                }
            return created, [token for token in created if token not in ended]

        if started_within:
            self.wait_for(lambda m: m.get("method") == "window/workDoneProgress/create", started_within)
        deadline = time.monotonic() + 120
        while tokens()[1] and self.process.poll() is None:
            assert time.monotonic() < deadline, "indexing did not finish"
            time.sleep(0.02)

    def stderr_tail(self):
        """The end of stderr or, after a crash, what crashed where."""
        self.stderr.flush()
        text = pathlib.Path(self.stderr_path).read_text(errors="replace")
        lines = text.split("\n")
        crash = [number for number, line in enumerate(lines) if "Program crashed" in line or " crashed:" in line]
        if crash:
            return "\n".join(line for number in crash for line in lines[number:number + 4] if line.strip())
        return text[-3000:]

    def stop(self):
        if self.process.poll() is None:
            self.send([{"jsonrpc": "2.0", "id": "test-shutdown", "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}])
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


# MARK: Replaying


def build_workspace(base):
    """The example workspace with history: the earlier files indexed first, then the current."""
    root = (base / "example").resolve()
    index = (base / "index").resolve()
    shutil.copytree(EXAMPLE / "workspace", root)
    earlier = [path for path in (EXAMPLE / "earlier").rglob("*") if path.is_file()]
    for path in earlier:
        shutil.copyfile(path, root / path.relative_to(EXAMPLE / "earlier"))
    subprocess.run(
        [BINARY, "index", str(root), "--index-dir", str(index), "--quiet"],
        check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    later = time.time() + 5
    for path in earlier:
        target = root / path.relative_to(EXAMPLE / "earlier")
        shutil.copyfile(EXAMPLE / "workspace" / path.relative_to(EXAMPLE / "earlier"), target)
        os.utime(target, (later, later))
    return root, index


def substituter(pairs):
    def substitute(value):
        if isinstance(value, str):
            for old, new in pairs:
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [substitute(item) for item in value]
        if isinstance(value, dict):
            return {key: substitute(item) for key, item in value.items()}
        return value

    return substitute


class Replay:
    """Every example's outcome: what differed, and what the server answered."""

    def __init__(self, base):
        self.root, self.index = build_workspace(base)
        self.base = base
        self.to_server = substituter(
            [("file://" + FAKE_ROOT, self.root.as_uri()), (FAKE_ROOT, str(self.root)), (FAKE_INDEX, str(self.index))]
        )
        self.to_doc = substituter(
            [(self.root.as_uri(), "file://" + FAKE_ROOT), (str(self.root), FAKE_ROOT), (str(self.index), FAKE_INDEX)]
        )
        self.problems = {}
        self.actual = {}
        self.initialize_answer = None
        self.exit_codes = {}
        self.seconds = 0

    def run(self):
        start = time.monotonic()
        sessions = []
        for example in EXAMPLES:
            if example.session not in sessions:
                sessions.append(example.session)
        sessions.sort(key=lambda name: name != MAIN_SESSION)
        for session in sessions:
            self.run_session(session, [example for example in EXAMPLES if example.session == session])
        self.seconds = time.monotonic() - start

    def run_session(self, session, examples):
        server = Server(self.base / f"{session}.stderr")
        indexing_due = False
        try:
            for example in examples:
                problems = []
                sent = [self.to_server(message) for message in example.send]
                server.send(sent)
                for message in sent:
                    if message["method"] == "initialize":
                        params = message.get("params") or {}
                        progress = ((params.get("capabilities") or {}).get("window") or {}).get("workDoneProgress")
                        indexing_due = bool(progress) and (params.get("initializationOptions") or {}).get("indexOnStartup", True)
                actual_answers = []
                for expected in example.answers:
                    answer = server.response(self.to_server(expected["id"]))
                    if answer is None:
                        problems.append(f"no answer to request {expected['id']}; stderr: {server.stderr_tail()}")
                        continue
                    answer = self.to_doc(answer)
                    actual_answers.append(answer)
                    problems += [f"answer {expected['id']}: {line}" for line in compare(expected, answer)]
                    request = next(m for m in sent if m.get("id") == answer["id"])
                    if request["method"] == "initialize" and session == MAIN_SESSION and "result" in answer:
                        self.initialize_answer = answer
                if any(message["method"] == "initialized" for message in sent) and indexing_due:
                    server.wait_for_indexing(started_within=10)
                else:
                    server.wait_for_indexing(started_within=0)
                for expected in example.receive:
                    # Sent by now or soon (a log line can follow the progress it reports).
                    if server.wait_for(lambda m: "method" in m and not compare(expected, self.to_doc(m)), 10):
                        continue
                    with server.condition:
                        candidates = [self.to_doc(m) for m in server.received if m.get("method") == expected.get("method")]
                    closest = min(candidates, key=lambda c: len(compare(expected, c)), default=None)
                    detail = compare(expected, closest) if closest is not None else ["nothing with that method"]
                    problems.append(f"the server sent no {expected.get('method')} like the documented one: {detail}")
                    actual_answers.append(closest)
                if any(message["method"] == "exit" for message in sent):
                    try:
                        code = server.process.wait(10)
                    except subprocess.TimeoutExpired:
                        code = None
                    self.exit_codes[session] = code
                    if code != 0:
                        problems.append(f"the server ended with {code}, documented 0; stderr: {server.stderr_tail()}")
                self.problems[example.name] = problems
                self.actual[example.name] = actual_answers
                if os.environ.get("SEXTANT_PROTOCOL_DOC_PRINT"):
                    print(f"\n<!-- example: {example.name} -->")
                    for answer in actual_answers:
                        print(json.dumps(answer, indent=2, ensure_ascii=False))
        finally:
            server.stop()


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    assert not DOC_PROBLEMS, "\n".join(DOC_PROBLEMS)
    result = Replay(tmp_path_factory.mktemp("protocol-doc"))
    result.run()
    return result


# MARK: What the server handles


def handled_methods():
    """Methods of the handler table, and those the server answers before it (initialize, exit,
    $/cancelRequest), from the sources: request and notification types mapped to their
    `static let method`."""
    methods_by_type = {}
    for path in (SOURCES / "LSPProtocol").rglob("*.swift"):
        text = path.read_text(encoding="utf-8")
        declarations = list(re.finditer(r"\b(?:struct|enum|class)\s+(\w+)", text))
        for number, declaration in enumerate(declarations):
            end = declarations[number + 1].start() if number + 1 < len(declarations) else len(text)
            method = re.search(r'static let method = "([^"]+)"', text[declaration.start():end])
            if method:
                methods_by_type[declaration.group(1)] = method.group(1)
    table = (SOURCES / "SearchServer" / "HandlerTable.swift").read_text(encoding="utf-8")
    types = re.findall(r"^\s*add\((\w+)\.self", table, flags=re.MULTILINE)
    server = (SOURCES / "SearchServer" / "LanguageServer.swift").read_text(encoding="utf-8")
    types += [name for name in re.findall(r"\b(\w+)\.method\b", server) if name in methods_by_type]
    assert len(types) > 10, f"could not read the handler table: {types}"
    unknown = [name for name in types if name not in methods_by_type]
    assert not unknown, f"no `static let method` found for {unknown}"
    return sorted({methods_by_type[name] for name in types})


def declared_commands():
    """Commands of the server's `Command` enum."""
    found = set()
    for path in (SOURCES / "SearchServer").glob("*.swift"):
        found |= set(re.findall(r'^\s*case \w+ = "(sextant\.[^"]+)"', path.read_text(encoding="utf-8"), re.MULTILINE))
    assert found, "no commands found in Sources/SearchServer"
    return found


def replayed_requests():
    return {message["method"] for example in EXAMPLES for message in example.send}


def replayed_commands():
    return {
        message.get("params", {}).get("command")
        for example in EXAMPLES
        for message in example.send
        if message["method"] == "workspace/executeCommand"
    }


def overview_table():
    """The doc's first table: its rows' first cells, as written in backquotes."""
    rows = re.findall(r"^\|\s*`([^`]+)`", DOC_TEXT, flags=re.MULTILINE)
    return set(rows)


# MARK: Tests


def test_the_doc_markup_is_sound():
    assert not DOC_PROBLEMS, "\n".join(DOC_PROBLEMS)
    assert len(EXAMPLES) > 20


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_example(replay, example):
    problems = replay.problems.get(example.name)
    assert problems is not None, f"{example} was not replayed"
    assert not problems, (
        f"{example} differs from the server:\n  "
        + "\n  ".join(problems)
        + "\nactual:\n"
        + "\n".join(json.dumps(answer, indent=2, ensure_ascii=False) for answer in replay.actual[example.name])
    )


def test_every_handled_method_is_documented():
    methods = handled_methods()
    custom = [method for method in methods if method.startswith("sextant/")]
    assert custom, "no sextant/ methods in the handler table"
    undocumented = [method for method in custom if method not in replayed_requests()]
    assert not undocumented, f"the server handles {undocumented}, which docs/protocol.md has no replayed example of"
    missing = [method for method in methods if method not in overview_table()]
    assert not missing, f"the server handles {missing}, which the overview table of docs/protocol.md leaves out"


def test_every_command_and_advertised_feature_is_documented(replay):
    capabilities = replay.initialize_answer["result"]["capabilities"]
    advertised = set(capabilities["executeCommandProvider"]["commands"])
    commands = advertised | declared_commands()
    undocumented = sorted(command for command in commands if command not in replayed_commands())
    assert not undocumented, f"the server offers commands {undocumented}, which docs/protocol.md has no replayed example of"
    missing = sorted(command for command in commands if command not in overview_table())
    assert not missing, f"the overview table of docs/protocol.md leaves out commands {missing}"
    flags = capabilities.get("experimental", {}).get("sextant", {})
    methods = {f"sextant/{name}" for name, value in flags.items() if value is True}
    undocumented = sorted(method for method in methods if method not in replayed_requests())
    assert not undocumented, f"the server advertises {undocumented}, which docs/protocol.md has no replayed example of"


def test_the_replay_is_quick(replay):
    assert MAIN_SESSION in replay.exit_codes, "the main session was not ended with exit"
    assert replay.seconds < 60, f"the replay took {replay.seconds:.1f} s"

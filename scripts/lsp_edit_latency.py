#!/usr/bin/env python3
"""Edit-to-searchable latency through the real language server.

    scripts/lsp_edit_latency.py --sextant .build/release/sextant WORKSPACE [--model hashing] [--edits 30]

Starts `sextant lsp` on WORKSPACE (a fresh index in a temporary directory), waits for the
initial index, then for each edit: opens a file, inserts a line holding a unique word inside a
function (didChange), and times from sending didChange until `sextant/search` (lexical) returns
the edited chunk. The server's own debounce (initialization option reindexDelayMs, default
400 ms) is in force unless --delay-ms says otherwise; searches apply pending edits themselves.
Prints p50 and p99 in milliseconds.
"""

import argparse
import asyncio
import pathlib
import random
import re
import statistics
import tempfile
import time

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace")
    parser.add_argument("--sextant", default=".build/release/sextant")
    parser.add_argument("--model", default="hashing")
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--delay-ms", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    root = pathlib.Path(arguments.workspace).resolve()
    files = [p for p in root.rglob("*.py") if "test" not in p.name and p.stat().st_size < 200_000]
    functions = []
    for path in files:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        for number, line in enumerate(lines):
            if not re.match(r"\s*def \w+\(", line):
                continue
            # The body starts after the line that ends the signature.
            end = next((j for j in range(number, min(number + 12, len(lines))) if lines[j].rstrip().endswith(":")), None)
            if end is not None and end + 2 < len(lines) and lines[end + 1].strip():
                functions.append((path, end))
    random.Random(arguments.seed).shuffle(functions)

    client = BaseLanguageClient("latency", "1")
    finished = asyncio.Event()

    @client.feature(types.PROGRESS)
    def progress(params):
        if isinstance(params.value, dict) and params.value.get("kind") == "end":
            finished.set()
        elif getattr(params.value, "kind", None) == "end":
            finished.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def log_message(params):
        pass

    @client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def create(params):
        return None

    await client.start_io(arguments.sextant, "lsp")
    options = {"indexDir": tempfile.mkdtemp(prefix="sextant-latency-"), "model": arguments.model}
    if arguments.delay_ms is not None:
        options["reindexDelayMs"] = arguments.delay_ms
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )
    client.initialized(types.InitializedParams())
    await asyncio.wait_for(finished.wait(), timeout=3600)

    latencies = []
    for trial, (path, number) in enumerate(functions[: arguments.edits]):
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8", errors="replace")
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
        )
        word = f"latencyprobe{arguments.seed}x{trial}"
        indent = re.match(r"\s*", text.split("\n")[number + 1]).group(0)
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=types.Position(line=number + 1, character=0), end=types.Position(line=number + 1, character=0)),
                        text=f"{indent}# {word}\n",
                    )
                ],
            )
        )
        while True:
            result = await client.protocol.send_request_async("sextant/search", {"query": word, "limit": 3, "mode": "lexical"})
            items = result.items if hasattr(result, "items") else result["items"]
            if items:
                break
            if time.perf_counter() - started > 30:
                raise SystemExit(f"edit {trial} never became findable")
        latencies.append((time.perf_counter() - started) * 1000)
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await client.shutdown_async(None)
    client.exit(None)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
    print(f"{len(latencies)} edits: edit-to-searchable p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())

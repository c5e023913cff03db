"""Drives the built `sextant` binary with a real LSP client (pytest-lsp / pygls) over stdio.

The workspace is this repository itself: a real tree of a few hundred files, indexed into a
temporary directory. pytest-lsp checks every message against the LSP specification's types.
"""

import asyncio
import os
import pathlib
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("SEXTANT_BINARY", str(ROOT / ".build" / "debug" / "sextant"))


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("index")
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(
            window=types.WindowClientCapabilities(work_done_progress=True),
        ),
        root_uri=ROOT.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=ROOT.as_uri(), name="sextant")],
        initialization_options={"indexDir": str(index_dir), "reindexDelayMs": 50},
    )
    result = await lsp_client.initialize_session(params)
    assert result.server_info.name == "sextant"
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def wait_for_index(client: LanguageClient, timeout: float = 600):
    """Waits for the end of the indexing work-done progress."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for reports in client.progress_reports.values():
            if any(isinstance(report, types.WorkDoneProgressEnd) for report in reports):
                return
        await asyncio.sleep(0.05)
    raise AssertionError("indexing did not finish")


def declaration_position(relative: str, needle: str, name: str):
    """Line and UTF-16 column of `name` on the first line containing `needle`."""
    lines = (ROOT / relative).read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        if needle in line:
            column = line.index(name, line.index(needle))
            return number, len(line[:column].encode("utf-16-le")) // 2
    raise AssertionError(f"{needle!r} not in {relative}")


@pytest.mark.asyncio
async def test_progress_was_reported(client: LanguageClient):
    kinds = [type(report).__name__ for reports in client.progress_reports.values() for report in reports]
    assert kinds[0] == "WorkDoneProgressBegin"
    assert kinds[-1] == "WorkDoneProgressEnd"


@pytest.mark.asyncio
async def test_exact_name_ranks_first_with_the_right_range(client: LanguageClient):
    results = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="MessageFramer"))
    assert results, "no symbols"
    first = results[0]
    assert first.name == "MessageFramer"
    assert first.kind == types.SymbolKind.Struct
    assert first.location.uri.endswith("Sources/JSONRPCTransport/MessageFramer.swift")
    line, character = declaration_position(
        "Sources/JSONRPCTransport/MessageFramer.swift", "package struct MessageFramer", "MessageFramer"
    )
    assert first.location.range.start == types.Position(line=line, character=character)
    assert first.location.range.end == types.Position(line=line, character=character + len("MessageFramer"))


@pytest.mark.asyncio
async def test_camel_case_humps_and_containers(client: LanguageClient):
    results = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="WkspIdx"))
    names = [symbol.name for symbol in results[:5]]
    assert "WorkspaceIndex" in names
    members = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="MessageFramer.next"))
    assert members and members[0].name == "next()" and members[0].container_name.endswith("MessageFramer")


@pytest.mark.asyncio
async def test_python_symbols_come_from_ctags(client: LanguageClient):
    results = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="declaration_position"))
    assert results and results[0].name == "declaration_position"
    assert results[0].kind == types.SymbolKind.Function
    assert results[0].location.uri.endswith("clients/pytest/test_sextant_lsp.py")


@pytest.mark.asyncio
async def test_results_are_capped_and_empty_query_is_bounded(client: LanguageClient):
    many = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="e"))
    assert 0 < len(many) <= 100
    empty = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert 0 < len(empty) <= 100


@pytest.mark.asyncio
async def test_unsaved_edits_are_indexed_with_utf16_positions(client: LanguageClient):
    uri = (ROOT / "Sources" / "ScratchBuffer.swift").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="swift", version=1, text='let s = "😀" \n')
        )
    )
    # Insert at the end of the line: character 13 counts the emoji as a surrogate pair (2).
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=13), end=types.Position(line=0, character=13)),
                    text="; func zorbleTheQuux() {}",
                )
            ],
        )
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    found = []
    while loop.time() < deadline and not found:
        await asyncio.sleep(0.1)
        found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="zorbleTheQuux"))
    assert found, "the unsaved symbol was not indexed"
    text = 'let s = "😀" ; func zorbleTheQuux() {}'  # the buffer's first line now
    column = len(text[: text.index("zorbleTheQuux")].encode("utf-16-le")) // 2
    assert found[0].location.range.start == types.Position(line=0, character=column)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    # Closed without a file on disk, the buffer leaves the index once the updates queued for it
    # (embedding its chunk included) are done; later tests count on an index without it.
    deadline = loop.time() + 30
    while loop.time() < deadline and found:
        await asyncio.sleep(0.1)
        found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="zorbleTheQuux"))
    assert not found, "the closed buffer stayed in the index"


@pytest.mark.asyncio
async def test_custom_search_request(client: LanguageClient):
    result = await client.protocol.send_request_async(
        "sextant/search", {"query": "content length header", "limit": 5, "mode": "lexical"}
    )
    items = result.items if hasattr(result, "items") else result["items"]
    assert items
    first = items[0]
    uri = first.uri if hasattr(first, "uri") else first["uri"]
    assert "Sources/" in uri or "Tests/" in uri or "protocol-fixtures" in uri


@pytest.mark.asyncio
async def test_semantic_search_with_the_local_model(client: LanguageClient):
    result = await client.protocol.send_request_async(
        "sextant/search",
        {"query": "split an incoming byte stream into messages using length headers", "limit": 5, "mode": "semantic"},
    )
    items = result.items if hasattr(result, "items") else result["items"]
    uris = [item.uri if hasattr(item, "uri") else item["uri"] for item in items]
    assert any(uri.endswith("Sources/JSONRPCTransport/MessageFramer.swift") for uri in uris), uris
    coverage = result.coverage if hasattr(result, "coverage") else result["coverage"]
    assert coverage == 1


@pytest.mark.asyncio
async def test_status_and_unknown_method(client: LanguageClient):
    status = await client.protocol.send_request_async("sextant/status", {})
    folders = status.folders if hasattr(status, "folders") else status["folders"]
    files = folders[0].files if hasattr(folders[0], "files") else folders[0]["files"]
    assert files > 100
    with pytest.raises(Exception) as info:
        await client.protocol.send_request_async("textDocument/unknownThing", {})
    assert "-32601" in str(info.value) or "not found" in str(info.value)

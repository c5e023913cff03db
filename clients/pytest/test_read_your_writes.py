"""A search sees what the user just typed, even while the edit waits for its debounce.

The server is started with a one-minute debounce, so nothing but the search itself can apply
the edit in time.
"""

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from test_sextant_lsp import BINARY, wait_for_index

FILES = {}


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def slow_debounce(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("ryw")
    source = root / "shapes.py"
    source.write_text("def area_of_circle(radius):\n    value = 3.14159 * radius * radius\n    return value\n")
    FILES["source"] = source
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ryw")],
        initialization_options={
            "indexDir": str(tmp_path_factory.mktemp("ryw-index")),
            "model": "hashing",
            "reindexDelayMs": 60000,
        },
    )
    await lsp_client.initialize_session(params)
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


def edit(client: LanguageClient, version: int, text: str):
    uri = FILES["source"].as_uri()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


@pytest.mark.asyncio
async def test_pending_edits_are_applied_before_answering(slow_debounce: LanguageClient):
    uri = FILES["source"].as_uri()
    original = FILES["source"].read_text()
    slow_debounce.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=original)
        )
    )
    typed = original + "\ndef perimeter_of_square(side):\n    total = 4 * side\n    return total\n"
    edit(slow_debounce, 2, typed)
    # No waiting: the symbol request itself must apply the edit.
    found = await slow_debounce.workspace_symbol_async(types.WorkspaceSymbolParams(query="perimeter_of_square"))
    assert [item.name for item in found or []] == ["perimeter_of_square"]

    edit(slow_debounce, 3, typed.replace("perimeter_of_square", "circumference_of_wheel"))
    result = await slow_debounce.protocol.send_request_async(
        "sextant/search", {"query": "circumference wheel", "limit": 5, "mode": "lexical"}
    )
    items = result.items if hasattr(result, "items") else result["items"]
    names = [item.name if hasattr(item, "name") else item["name"] for item in items]
    assert "circumference_of_wheel" in names, names
    assert "perimeter_of_square" not in names
    gone = await slow_debounce.workspace_symbol_async(types.WorkspaceSymbolParams(query="perimeter_of_square"))
    assert not gone

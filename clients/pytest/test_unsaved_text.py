"""Unsaved editor text is the server's own: its answers follow the buffer, while the shared
index on disk (read here by the command line, as another process would) keeps the saved file
until the editor saves it.
"""

import asyncio
import json
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from test_sextant_lsp import BINARY, wait_for_index

STATE = {}
SAVED = "def area_of_circle(radius):\n    value = 3.14159 * radius * radius\n    return value\n"


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def server(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("unsaved")
    (root / "shapes.py").write_text(SAVED)
    (root / "other.py").write_text("def volume_of_cube(side):\n    result = side ** 3\n    return result\n")
    STATE["root"] = root
    STATE["index"] = tmp_path_factory.mktemp("unsaved-index")
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="unsaved")],
        initialization_options={"indexDir": str(STATE["index"]), "model": "hashing", "reindexDelayMs": 0},
    )
    await lsp_client.initialize_session(params)
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


def names_on_disk(query: str) -> list:
    """What another process reading the shared index finds."""
    output = subprocess.run(
        [BINARY, "search", str(STATE["root"]), query, "--mode", "lexical", "--json", "--model", "hashing",
         "--index-dir", str(STATE["index"])],
        check=True, capture_output=True, text=True,
    ).stdout
    return [item["name"] for item in json.loads(output)]


async def names_in_server(client: LanguageClient, query: str, mode: str = "lexical") -> list:
    result = await client.protocol.send_request_async(
        "sextant/search", {"query": query, "limit": 5, "mode": mode}
    )
    items = result.items if hasattr(result, "items") else result["items"]
    return [item.name if hasattr(item, "name") else item["name"] for item in items]


async def eventually(check, timeout: float = 20):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            return check() if not asyncio.iscoroutinefunction(check) else await check()
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)


@pytest.mark.asyncio
async def test_unsaved_text_stays_in_the_server_until_saved(server: LanguageClient):
    source = STATE["root"] / "shapes.py"
    uri = source.as_uri()
    server.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=SAVED)
        )
    )
    typed = SAVED.replace("area_of_circle", "perimeter_of_square")
    server.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=typed)],
        )
    )
    assert "perimeter_of_square" in await names_in_server(server, "perimeter_of_square")
    assert "area_of_circle" not in await names_in_server(server, "area_of_circle")
    assert "perimeter_of_square" in await names_in_server(server, "perimeter square value", mode="hybrid")
    # The index on disk still holds the file as saved.
    assert names_on_disk("area_of_circle") == ["area_of_circle"]
    assert "perimeter_of_square" not in names_on_disk("perimeter_of_square")

    # Saving writes the text into the shared index.
    source.write_text(typed)
    server.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))

    def saved():
        assert names_on_disk("perimeter_of_square") == ["perimeter_of_square"]

    await eventually(saved)
    assert "area_of_circle" not in names_on_disk("area_of_circle")

    # Closing without saving a further edit gives the saved text back.
    server.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=typed.replace("perimeter", "diagonal"))],
        )
    )
    assert "diagonal_of_square" in await names_in_server(server, "diagonal_of_square")
    server.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))

    async def reverted():
        assert "diagonal_of_square" not in await names_in_server(server, "diagonal_of_square")
        assert "perimeter_of_square" in await names_in_server(server, "perimeter_of_square")

    await eventually(reverted)
    assert "diagonal_of_square" not in names_on_disk("diagonal_of_square")


@pytest.mark.asyncio
async def test_a_closed_buffer_is_gone_from_the_very_next_answer(server: LanguageClient):
    # A buffer of a file that is not on disk: once closed, nothing of it may answer.
    uri = (STATE["root"] / "scratch.py").as_uri()
    for round_number in range(5):
        name = f"convert_fahrenheit_to_celsius_{round_number}"
        server.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="python", version=1,
                    text=f"def {name}(value):\n    return (value - 32) * 5 / 9\n")))
        found = await server.workspace_symbol_async(types.WorkspaceSymbolParams(query=name))
        assert [s.name for s in found] == [name]
        server.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        after = await server.workspace_symbol_async(types.WorkspaceSymbolParams(query=name))
        assert after == [], f"round {round_number}: {[s.name for s in after]}"
        assert name not in await names_in_server(server, name)

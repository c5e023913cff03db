"""Workspaces as users open them, through a real LSP client: one server with four roots.

- a checkout without `.git` inside another repository's ignored `vendor/` folder,
- a folder nested in a repository that does not ignore it,
- a folder in no repository at all,
- a symlink to a folder (results keep the path the editor opened).

Each root holds one uniquely named function; `workspace/symbol` must find each in its own
root, and the ignore files inside each root must still be honoured.
"""

import os
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from test_sextant_lsp import BINARY, wait_for_index

# Filled by the fixture: the fixture's value is the client itself.
ROOTS = {}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_roots(base):
    """Builds the four roots below `base` and returns them as (name, path the editor opens)."""
    parent = base / "parent"
    write(parent / ".gitignore", "vendor/\n")
    write(parent / "app.py", "def parent_application():\n    return 1\n")
    vendored = parent / "vendor" / "uploads"
    write(vendored / "retry.py", "def retry_failed_uploads(queue):\n    return queue\n")
    write(vendored / ".gitignore", "build/\n")
    write(vendored / "build" / "copy.py", "def built_copy_of_retry():\n    return 0\n")
    nested = parent / "tools"
    write(nested / "lint.py", "def lint_workspace_sources():\n    return []\n")
    subprocess.run(["git", "init", "-q", str(parent)], check=True)
    subprocess.run(["git", "-C", str(parent), "add", "-A"], check=True)

    plain = base / "plain"
    write(plain / "plain.py", "def plain_folder_helper():\n    return 2\n")
    write(plain / ".sextantignore", "secret/\n")
    write(plain / "secret" / "hidden.py", "def hidden_by_sextantignore():\n    return 3\n")

    target = base / "linked-target"
    write(target / "linked.py", "def reached_through_a_symlink():\n    return 4\n")
    alias = base / "alias"
    os.symlink(target, alias)
    return [("vendored", vendored), ("nested", nested), ("plain", plain), ("alias", alias)]


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[BINARY, "lsp"]))
async def shapes(lsp_client: LanguageClient, tmp_path_factory):
    base = tmp_path_factory.mktemp("shapes")
    roots = make_roots(base)
    index_dir = tmp_path_factory.mktemp("shapes-index")
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(
            window=types.WindowClientCapabilities(work_done_progress=True),
        ),
        root_uri=roots[0][1].as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=path.as_uri(), name=name) for name, path in roots],
        initialization_options={"indexDir": str(index_dir), "model": "hashing"},
    )
    await lsp_client.initialize_session(params)
    ROOTS.update(roots)
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def symbols(client: LanguageClient, query: str):
    result = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
    return [(item.name, item.location.uri) for item in result or []]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "root,name,file",
    [
        ("vendored", "retry_failed_uploads", "retry.py"),
        ("nested", "lint_workspace_sources", "lint.py"),
        ("plain", "plain_folder_helper", "plain.py"),
        ("alias", "reached_through_a_symlink", "linked.py"),
    ],
)
async def test_every_root_is_indexed(shapes: LanguageClient, root, name, file):
    found = await symbols(shapes, name)
    assert (name, (ROOTS[root] / file).as_uri()) in found, found


@pytest.mark.asyncio
async def test_ignore_files_inside_each_root_are_honoured(shapes: LanguageClient):
    assert await symbols(shapes, "built_copy_of_retry") == []
    assert await symbols(shapes, "hidden_by_sextantignore") == []
    # The parent repository is not a workspace folder, so its files are not indexed.
    assert await symbols(shapes, "parent_application") == []

"""Remote embedding providers, end to end: the real binary indexes a real package (Python's
own ``json``) through a loopback stand-in for each service (loopback_embedding_service.py).

For every API shape the service answers 429 with Retry-After, 500, answers slower than the
timeout, truncated bodies and malformed JSON on a fixed schedule, and checks what arrives:
each distinct text is embedded exactly once, the rate limits hold over sliding windows, the
planted secrets and the credentials never arrive, Bedrock's SigV4 signatures verify, and
Gemini gets document and query task types. Then: a wrong dimension, a text refused on its own,
a provider that stays down (the command gives up, the server pauses and resumes), a kill
mid-way, and a change of model.
"""

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from loopback_embedding_service import (  # noqa: E402
    TEST_ACCESS_KEY,
    TEST_API_KEY,
    TEST_SECRET_KEY,
    TEST_SESSION_TOKEN,
    Faults,
    LoopbackEmbeddingService,
)
from test_sextant_lsp import BINARY  # noqa: E402

DIMENSION = 256
PLANTED_KEY_ID = "AKIAQWERTYUIOPASDFGH"
PLANTED_ENV_SECRET = "env-file-secret-Zq8vN2mL5xR7tK1w"
CREDENTIALS = [TEST_API_KEY, TEST_SECRET_KEY, TEST_SESSION_TOKEN]

PROVIDERS = {
    "openai": ("openai", {"providerModel": "text-embedding-3-small", "providerEndpoint": "{url}/v1"},
               {"OPENAI_API_KEY": TEST_API_KEY}),
    "azure": ("openai", {"providerModel": "embedding-deployment", "providerEndpoint": "{url}/openai/deployments/embedding-deployment",
                         "providerApiVersion": "2024-02-01", "providerKeyVariable": "AZURE_OPENAI_API_KEY"},
              {"AZURE_OPENAI_API_KEY": TEST_API_KEY}),
    "ollama": ("ollama", {"providerModel": "nomic-embed-text", "providerEndpoint": "{url}"}, {}),
    "bedrock": ("bedrock", {"providerModel": "amazon.titan-embed-text-v2:0", "providerEndpoint": "{url}"},
                {"AWS_ACCESS_KEY_ID": TEST_ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": TEST_SECRET_KEY,
                 "AWS_SESSION_TOKEN": TEST_SESSION_TOKEN, "AWS_REGION": "us-east-1"}),
    "gemini": ("gemini", {"providerModel": "gemini-embedding-001", "providerEndpoint": "{url}/v1beta"},
               {"GEMINI_API_KEY": TEST_API_KEY}),
}

FAULTS = ["ok", "429", "ok", "500", "ok", "slow", "ok", "truncated", "ok", "malformed", "ok", "ok"]


@pytest.fixture()
def workspace(tmp_path):
    """A copy of Python's json package (real code), a planted access key in a source file, and
    a .env file that must never be read."""
    source = Path(json.__file__).parent
    root = tmp_path / "workspace"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "settings.py").write_text(
        "def storage_client():\n"
        f"    access_key_id = \"{PLANTED_KEY_ID}\"\n"
        "    return connect(access_key_id)\n", encoding="utf-8")
    (root / ".env").write_text(f"UPLOAD_TOKEN={PLANTED_ENV_SECRET}\n", encoding="utf-8")
    return root


def environment(tmp_path, extra):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("AWS_", "OPENAI_", "GEMINI_", "AZURE_"))}
    # No real AWS profile may take part.
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-credentials")
    env["AWS_CONFIG_FILE"] = str(tmp_path / "no-config")
    env.update(extra)
    return env


def sextant_args(name, service, index_dir, **settings):
    model, provider_settings, _ = PROVIDERS[name]
    merged = {key: value.format(url=service.url) for key, value in provider_settings.items()}
    merged.update({"providerDimension": DIMENSION, "providerTimeoutMs": 1000, "providerRequestsPerSecond": 20,
                   "providerMaxBatchItems": 4})
    merged.update(settings)
    args = ["--index-dir", str(index_dir), "--model", model]
    for key, value in merged.items():
        args += ["--setting", f"{key}={json.dumps(value) if not isinstance(value, str) else value}"]
    return args


def run(args, env, timeout=240):
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=timeout)


def status(workspace, args, env):
    result = run(["status", str(workspace), "--json", *args], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_no_credentials_anywhere(texts, index_dir):
    for text in texts:
        for secret in CREDENTIALS:
            assert secret not in text, f"a credential was printed: {secret[:6]}…"
    for path in Path(index_dir).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in CREDENTIALS:
                assert secret.encode() not in data, f"a credential is in {path}"


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_indexing_through_faults_embeds_each_text_once_within_limits(name, workspace, tmp_path):
    index_dir = tmp_path / "index"
    faults = Faults(schedule=FAULTS, slow_seconds=2.0, retry_after=1.0)
    with LoopbackEmbeddingService(dimension=DIMENSION, faults=faults, planted=[PLANTED_KEY_ID, PLANTED_ENV_SECRET]) as service:
        env = environment(tmp_path, PROVIDERS[name][2])
        args = sextant_args(name, service, index_dir)
        result = run(["index", str(workspace), *args], env)
        assert result.returncode == 0, result.stderr
        # Every fault on the schedule was met and got through.
        assert service.statuses.get(429, 0) >= 1 and service.statuses.get(500, 0) >= 1, service.statuses
        info = status(workspace, args, env)
        assert info["vectors"]["liveVectors"] == info["chunks"] > 20
        report = info["provider"]
        assert report["retries"] >= 4 and report["failedTexts"] == 0
        assert report["redactions"].get("aws-access-key-id", 0) >= 1, report
        assert max(service.embedded.values()) == 1, "a text was embedded twice"
        assert len(service.embedded) == report["textsEmbedded"]
        assert service.max_requests_in_window(1.0) <= 20
        assert service.max_tokens_in_window(60.0) <= 40_000
        assert service.leaks == [], "a secret reached the service"
        if name == "openai":
            assert service.requested_dimensions == {DIMENSION}, "text-embedding-3 models are asked for the dimension"
        if name == "azure":
            assert service.requested_dimensions == {None}, "other deployments get no dimensions field"
        if name == "bedrock":
            assert service.signatures_checked >= len(service.embedded) and service.signature_failures == []

        # A query goes through the same provider (Gemini: as a query), and nothing is
        # embedded again by a second run.
        before = dict(service.embedded)
        search = run(["search", str(workspace), "decode a JSON document", "--json", *args], env)
        assert search.returncode == 0, search.stderr
        assert json.loads(search.stdout), "semantic search found nothing"
        again = run(["index", str(workspace), *args], env)
        assert again.returncode == 0, again.stderr
        assert {k: v for k, v in service.embedded.items() if k in before} == before
        assert len(service.embedded) == len(before) + 1, "only the query is new"
        assert_no_credentials_anywhere([result.stdout, result.stderr, search.stdout, search.stderr, again.stderr], index_dir)
        for log in (result.stderr, search.stderr, again.stderr):
            assert PLANTED_KEY_ID not in log and PLANTED_ENV_SECRET not in log


def test_a_wrong_dimension_is_a_final_error_naming_both(workspace, tmp_path):
    with LoopbackEmbeddingService(dimension=64) as service:
        env = environment(tmp_path, {})
        result = run(["index", str(workspace), *sextant_args("ollama", service, tmp_path / "index")], env)
        assert result.returncode != 0
        assert "the model answered with 64-dimension vectors, but 256 are configured" in result.stderr
        # Final: not retried.
        assert service.requests <= 4, service.requests


def test_a_text_refused_alone_is_split_out_and_tried_again_next_run(workspace, tmp_path):
    (workspace / "refused.py").write_text("def unembeddable_marker_function():\n    return 1\n", encoding="utf-8")
    faults = Faults(refuse_marker="unembeddable_marker_function")
    with LoopbackEmbeddingService(dimension=DIMENSION, faults=faults) as service:
        env = environment(tmp_path, {"OPENAI_API_KEY": TEST_API_KEY})
        args = sextant_args("openai", service, tmp_path / "index")
        result = run(["index", str(workspace), *args], env)
        assert result.returncode == 0, result.stderr
        assert "refused:     1 texts" in result.stderr
        info = status(workspace, args, env)
        assert info["vectors"]["liveVectors"] == info["chunks"] - 1
        faults.refuse_marker = None
        embedded = len(service.embedded)
        again = run(["index", str(workspace), *args], env)
        assert again.returncode == 0, again.stderr
        assert len(service.embedded) == embedded + 1
        info = status(workspace, args, env)
        assert info["vectors"]["liveVectors"] == info["chunks"]


def test_a_provider_that_stays_down_stops_the_command_and_loses_nothing(workspace, tmp_path):
    faults = Faults()
    with LoopbackEmbeddingService(dimension=DIMENSION, faults=faults) as service:
        env = environment(tmp_path, {})
        args = sextant_args("ollama", service, tmp_path / "index", providerMaxPauseSeconds=2, providerMaxBatchItems=2)
        # Half the texts go in, then the service goes down.
        faults.schedule = ["ok"] * 6 + ["ok"]
        process = subprocess.Popen([BINARY, "index", str(workspace), *args], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        while service.requests < 6 and process.poll() is None:
            time.sleep(0.01)
        faults.down = True
        out, err = process.communicate(timeout=120)
        assert process.returncode != 0
        assert "not answering" in err and "server error 503" in err, err
        answered = dict(service.embedded)
        assert answered
        faults.down = False
        result = run(["index", str(workspace), *args], env)
        assert result.returncode == 0, result.stderr
        assert max(service.embedded.values()) == 1, "committed work was embedded again"
        info = status(workspace, args, env)
        assert info["vectors"]["liveVectors"] == info["chunks"]


def test_a_kill_mid_way_repeats_no_committed_embedding(workspace, tmp_path):
    index_dir = tmp_path / "index"
    faults = Faults(latency=0.05)
    with LoopbackEmbeddingService(dimension=DIMENSION, faults=faults) as service:
        env = environment(tmp_path, {})
        args = sextant_args("ollama", service, index_dir, providerMaxBatchItems=2, providerConcurrency=1)
        process = subprocess.Popen([BINARY, "index", str(workspace), *args], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        while len(service.embedded) < 12 and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        answered = set(service.embedded)
        with sqlite3.connect(index_dir / "catalog.sqlite") as db:
            committed = db.execute("SELECT count(*) FROM embedding_cache").fetchone()[0]
        assert committed >= 10
        faults.latency = 0
        result = run(["index", str(workspace), *args], env)
        assert result.returncode == 0, result.stderr
        repeated = [key for key, count in service.embedded.items() if count > 1]
        # Only what was answered but not yet written when the process died may come again.
        assert len(repeated) <= len(answered) - committed, (len(repeated), len(answered), committed)
        info = status(workspace, args, env)
        assert info["vectors"]["liveVectors"] == info["chunks"]


def test_another_model_rebuilds_vectors_and_coming_back_reuses_the_cache(workspace, tmp_path):
    index_dir = tmp_path / "index"
    with LoopbackEmbeddingService(dimension=DIMENSION) as service:
        env = environment(tmp_path, {"OPENAI_API_KEY": TEST_API_KEY})
        first = sextant_args("ollama", service, index_dir)
        second = sextant_args("openai", service, index_dir)
        for args in (first, second):
            result = run(["index", str(workspace), *args], env)
            assert result.returncode == 0, result.stderr
            info = status(workspace, args, env)
            assert info["vectors"]["modelID"].startswith(args[args.index("--model") + 1] + ":")
            assert info["vectors"]["liveVectors"] == info["chunks"]
        requests = service.requests
        result = run(["index", str(workspace), *first], env)
        assert result.returncode == 0, result.stderr
        assert service.requests == requests, "vectors of the first model came from its cache"
        assert status(workspace, first, env)["vectors"]["liveVectors"] > 0

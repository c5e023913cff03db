"""A local stand-in for the embedding services Sextant calls, on the loopback interface.

One server answers the four API shapes as each provider documents them:

- OpenAI-compatible ``POST /v1/embeddings`` (and Azure's
  ``POST /openai/deployments/NAME/embeddings?api-version=V`` with an ``api-key`` header),
- Ollama ``POST /api/embed``,
- AWS Bedrock ``POST /model/MODEL/invoke`` for Titan, whose SigV4 signature is checked here
  with Python's own hmac and hashlib against the test credentials,
- Gemini ``POST /v1beta/models/MODEL:batchEmbedContents`` with ``x-goog-api-key``.

It can be told to misbehave on a fixed schedule (429 with Retry-After, 500, answers slower
than the client's timeout, truncated bodies, malformed JSON, wrong dimensions, a text refused
on its own), and it keeps the evidence the tests check: every text it embedded and how often,
when each request arrived and how many tokens it carried (for sliding-window rate checks),
and any planted secret that reached it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEST_ACCESS_KEY = "AKIDEXAMPLELOOPBACK1"
TEST_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYLOOPBACKKEY"
TEST_SESSION_TOKEN = "loopback-session-token-0123456789abcdef"
TEST_API_KEY = "sk-loopback-test-key-9f8e7d6c5b4a"


def tokens_of(text: str) -> int:
    """The token count this service reports: about four bytes per token."""
    return max(1, math.ceil(len(text.encode()) / 4))


def vector_of(text: str, dimension: int) -> list[float]:
    """A deterministic vector: words hashed into buckets, so similar texts are near."""
    vector = [0.0] * dimension
    for word in re.findall(r"[A-Za-z]+|\d+", text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        bucket = int.from_bytes(digest[:4], "little") % dimension
        vector[bucket] += 1.0 if digest[4] & 1 else -1.0
    if not any(vector):
        vector[0] = 1.0
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector]


@dataclass
class Faults:
    """Which requests misbehave: ``schedule`` is applied by request number (1-based), cycling;
    each entry is ``ok``, ``429``, ``500``, ``slow``, ``truncated``, ``malformed`` or
    ``wrongdim``. ``refuse_marker``: a text containing it is refused (HTTP 400) in any batch."""

    schedule: list[str] = field(default_factory=lambda: ["ok"])
    retry_after: float = 1.0
    slow_seconds: float = 3.0
    refuse_marker: str | None = None
    down: bool = False
    latency: float = 0.0


class LoopbackEmbeddingService:
    def __init__(self, dimension: int = 64, faults: Faults | None = None, planted: list[str] | None = None):
        self.dimension = dimension
        self.faults = faults or Faults()
        self.planted = planted or []
        self.lock = threading.Lock()
        self.requests = 0
        # Arrival time and tokens of every request, answered or not.
        self.arrivals: list[tuple[float, int]] = []
        # sha256 of each text answered with a vector, and how many times.
        self.embedded: dict[str, int] = {}
        self.leaks: list[str] = []
        self.signature_failures: list[str] = []
        self.signatures_checked = 0
        self.statuses: dict[int, int] = {}
        # The `dimensions` OpenAI-shape requests asked for.
        self.requested_dimensions: set = set()
        self.in_flight = 0
        self.max_in_flight = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                service.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # MARK: evidence

    def max_requests_in_window(self, seconds: float) -> int:
        times = sorted(t for t, _ in self.arrivals)
        best, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= seconds:
                start += 1
            best = max(best, end - start + 1)
        return best

    def max_tokens_in_window(self, seconds: float) -> int:
        events = sorted(self.arrivals)
        best, start, total = 0, 0, 0
        for end, (t, tokens) in enumerate(events):
            total += tokens
            while t - events[start][0] >= seconds:
                total -= events[start][1]
                start += 1
            best = max(best, total)
        return best

    # MARK: handling

    def handle(self, handler: BaseHTTPRequestHandler):
        length = int(handler.headers.get("Content-Length", "0"))
        body = handler.rfile.read(length)
        text_body = body.decode("utf-8", "replace")
        with self.lock:
            self.requests += 1
            number = self.requests
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            for secret in self.planted + [TEST_SECRET_KEY, TEST_SESSION_TOKEN]:
                if secret in text_body:
                    self.leaks.append(secret)
        try:
            self.route(handler, body, number)
        finally:
            with self.lock:
                self.in_flight -= 1

    def route(self, handler, body: bytes, number: int):
        parsed = urllib.parse.urlsplit(handler.path)
        path = parsed.path
        try:
            request = json.loads(body)
        except ValueError:
            return self.reply(handler, 400, {"error": {"message": "request body is not JSON"}})
        if path == "/v1/embeddings" or re.fullmatch(r"/openai/deployments/[^/]+/embeddings", path):
            azure = path.startswith("/openai/")
            if azure:
                query = urllib.parse.parse_qs(parsed.query)
                if "api-version" not in query:
                    return self.reply(handler, 400, {"error": {"message": "api-version is required"}})
                if handler.headers.get("api-key") != TEST_API_KEY:
                    return self.reply(handler, 401, {"error": {"message": "Access denied due to invalid subscription key."}})
            elif handler.headers.get("Authorization") != f"Bearer {TEST_API_KEY}":
                return self.reply(handler, 401, {"error": {"message": "Incorrect API key provided"}})
            texts = request.get("input")
            if isinstance(texts, str):
                texts = [texts]
            self.requested_dimensions.add(request.get("dimensions"))
            return self.embed(handler, number, texts, lambda vectors, tokens: {
                "object": "list",
                "data": [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)],
                "model": request.get("model"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            })
        if path == "/api/embed":
            texts = request.get("input")
            if isinstance(texts, str):
                texts = [texts]
            return self.embed(handler, number, texts, lambda vectors, tokens: {
                "model": request.get("model"), "embeddings": vectors, "prompt_eval_count": tokens,
            })
        match = re.fullmatch(r"/model/([^/]+)/invoke", path)
        if match:
            problem = self.check_signature(handler, body)
            if problem:
                self.signature_failures.append(problem)
                return self.reply(handler, 403, {"message": "The request signature we calculated does not match the signature you provided."})
            model = urllib.parse.unquote(match.group(1))
            if "titan-embed-text-v2" in model and request.get("dimensions") not in (None, 256, 512, 1024):
                return self.reply(handler, 400, {"message": "ValidationException: dimensions"})
            return self.embed(handler, number, [request.get("inputText", "")], lambda vectors, tokens: {
                "embedding": vectors[0], "inputTextTokenCount": tokens,
            })
        match = re.fullmatch(r"/v1beta/models/([^/:]+):batchEmbedContents", path)
        if match:
            if handler.headers.get("x-goog-api-key") != TEST_API_KEY:
                return self.reply(handler, 403, {"error": {"code": 403, "message": "API key not valid.", "status": "PERMISSION_DENIED"}})
            requests = request.get("requests") or []
            texts = ["".join(p.get("text", "") for p in r.get("content", {}).get("parts", [])) for r in requests]
            if any(r.get("taskType") not in ("RETRIEVAL_DOCUMENT", "RETRIEVAL_QUERY") for r in requests):
                return self.reply(handler, 400, {"error": {"message": "taskType is required"}})
            return self.embed(handler, number, texts, lambda vectors, tokens: {
                "embeddings": [{"values": v} for v in vectors],
            })
        return self.reply(handler, 404, {"error": {"message": f"no route {path}"}})

    def embed(self, handler, number: int, texts, answer):
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            return self.reply(handler, 400, {"error": {"message": "input must be a list of strings"}})
        tokens = sum(tokens_of(t) for t in texts)
        with self.lock:
            self.arrivals.append((time.monotonic(), tokens))
        faults = self.faults
        if faults.latency:
            time.sleep(faults.latency)
        if faults.down:
            return self.reply(handler, 503, {"error": {"message": "service unavailable"}})
        fault = faults.schedule[(number - 1) % len(faults.schedule)]
        if fault == "429":
            return self.reply(handler, 429, {"error": {"message": "Rate limit reached"}},
                              headers={"Retry-After": f"{faults.retry_after:g}"})
        if fault == "500":
            return self.reply(handler, 500, {"error": {"message": "The server had an error"}})
        if fault == "slow":
            time.sleep(faults.slow_seconds)
            return self.reply(handler, 504, {"error": {"message": "too slow"}})
        if faults.refuse_marker and any(faults.refuse_marker in t for t in texts):
            return self.reply(handler, 400, {"error": {"message": "This model's maximum context length is exceeded"}})
        dimension = self.dimension + (3 if fault == "wrongdim" else 0)
        vectors = [vector_of(t, dimension) for t in texts]
        payload = json.dumps(answer(vectors, tokens)).encode()
        if fault == "truncated":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload[: len(payload) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        if fault == "malformed":
            return self.reply_bytes(handler, 200, payload[: len(payload) // 2] + b"}}")
        if fault != "wrongdim":
            with self.lock:
                for text in texts:
                    key = hashlib.sha256(text.encode()).hexdigest()
                    self.embedded[key] = self.embedded.get(key, 0) + 1
        return self.reply_bytes(handler, 200, payload)

    def reply(self, handler, status: int, obj, headers: dict[str, str] | None = None):
        return self.reply_bytes(handler, status, json.dumps(obj).encode(), headers)

    def reply_bytes(self, handler, status: int, payload: bytes, headers: dict[str, str] | None = None):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (a timeout it was meant to hit).
            handler.close_connection = True

    # MARK: SigV4, independently of the client's code

    def check_signature(self, handler, body: bytes) -> str | None:
        authorization = handler.headers.get("Authorization", "")
        match = re.fullmatch(
            r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
            r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", authorization)
        if not match:
            return f"malformed Authorization header"
        access_key, day, region, service, signed_headers, signature = match.groups()
        if access_key != TEST_ACCESS_KEY or service != "bedrock":
            return f"wrong key id or service {service}"
        amz_date = handler.headers.get("X-Amz-Date", "")
        if not amz_date.startswith(day):
            return "X-Amz-Date does not match the credential scope"
        if handler.headers.get("X-Amz-Security-Token") != TEST_SESSION_TOKEN:
            return "session token missing"
        names = signed_headers.split(";")
        if "host" not in names or "x-amz-date" not in names:
            return "host and x-amz-date must be signed"
        parsed = urllib.parse.urlsplit(handler.path)
        # Every service but S3 signs each path segment encoded once more.
        canonical_path = "/".join(urllib.parse.quote(segment, safe="-_.~") for segment in parsed.path.split("/"))
        query = "&".join(sorted(
            f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
            for k, v in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)))
        headers = "".join(f"{n}:{' '.join(handler.headers.get(n, '').split())}\n" for n in names)
        canonical = "\n".join([
            "POST", canonical_path, query, headers, signed_headers, hashlib.sha256(body).hexdigest()])
        scope = f"{day}/{region}/{service}/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])

        def sign(key: bytes, message: str) -> bytes:
            return hmac.new(key, message.encode(), hashlib.sha256).digest()

        key = sign(sign(sign(sign(("AWS4" + TEST_SECRET_KEY).encode(), day), region), service), "aws4_request")
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        self.signatures_checked += 1
        if not hmac.compare_digest(expected, signature):
            return "signature does not match"
        return None

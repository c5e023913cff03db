#!/usr/bin/env python3
"""ONNX Runtime throughput of all-MiniLM-L6-v2 on the same inputs as `sextant bench embed`.

Measures the fp32 graph and ONNX Runtime's dynamically quantized int8 graph (both built by
shared/tools/build_minilm_onnx.py) at each input length and thread count, and prints lines in
`sextant bench embed`'s format so the two can be compared side by side. Timed: session.run plus mean
pooling and L2 normalization in numpy; tokenization happens once, outside the timing (the Swift
figures include tokenization, so the comparison slightly favours ONNX Runtime).

With --swift-bench, runs are interleaved instead: for each length and thread count, one
ONNX Runtime run per model, then one `sextant bench embed` run (a subprocess, --runs 1), repeated --runs
times, so a machine shared with other work slows every contender alike; the medians and the
Swift/ORT ratios are printed at the end.

Needs: pip install onnxruntime numpy tokenizers
Usage:
  sextant bench embed --write-texts texts.json ...        # same texts, same token lengths
  onnx_bench.py --texts texts.json --tokenizer MODEL_DIR/tokenizer.json \
      --fp32 minilm_fp32.onnx --int8 minilm_int8_dyn.onnx [--threads 1,2] [--runs 5] [--batch 64]
      [--reference shared/data/minilm-reference.json] [--swift-bench .build/release/sextant]
"""
import argparse, json, re, resource, statistics, subprocess, sys, time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer


def session(path, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def embed(sess, ids, mask):
    """Mean-pooled, L2-normalized sentence vectors for one padded batch."""
    hidden = sess.run(None, {
        "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids),
    })[0]
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def encode(tokenizer, texts):
    """Token ids padded to the longest text, and the attention mask."""
    encodings = tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(texts), width), dtype=np.int64)
    mask = np.zeros((len(texts), width), dtype=np.int64)
    for row, e in enumerate(encodings):
        ids[row, :len(e.ids)] = e.ids
        mask[row, :len(e.ids)] = 1
    return ids, mask


def check_reference(name, sess, tokenizer, path):
    """Prints the worst cosine between this graph's vectors and the fp32 reference vectors."""
    cases = json.load(open(path))["cases"]
    ids, mask = encode(tokenizer, [c["text"] for c in cases])
    vectors = embed(sess, ids, mask).astype(np.float64)
    reference = np.array([c["embedding"] for c in cases], dtype=np.float64)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    cosines = (vectors * reference).sum(axis=1)
    print(f"{name} min cosine vs reference over {len(cases)} cases: {cosines.min():.6f}")


def timed(sess, batches):
    start = time.perf_counter()
    for ids, mask in batches:
        embed(sess, ids, mask)
    return time.perf_counter() - start


def swift_run(bench, length, threads, chunks):
    """Seconds of one timed `sextant bench embed` run (after its own warm-up) on the same generated
    texts, and that process's peak RSS in MiB."""
    output = subprocess.run(
        [bench, "bench", "embed", "--runs", "1", "--lengths", str(length), "--threads", str(threads),
         "--parallelism", "across", "--chunks", str(chunks)],
        check=True, capture_output=True, text=True).stdout
    match = re.search(r"^swift len=\d+ threads=\d+ .* median=([0-9.]+)s", output, re.M)
    rss = re.search(r"^peak RSS ([0-9.]+) MiB", output, re.M)
    if not match or not rss:
        sys.exit(f"unexpected `sextant bench embed` output:\n{output}")
    return float(match.group(1)), float(rss.group(1))


def interleaved(args, tokenizer, groups, models):
    """Alternates ORT and Swift runs per configuration and reports medians and ratios."""
    summary = []
    swift_rss = 0.0
    for threads in [int(t) for t in args.threads.split(",")]:
        sessions = {name: session(path, threads) for name, path in models}
        for group in groups:
            length, texts = group["tokens"], group["texts"]
            batches = [encode(tokenizer, texts[i:i + args.batch]) for i in range(0, len(texts), args.batch)]
            for sess in sessions.values():
                timed(sess, batches)  # warm-up
            samples = {name: [] for name in list(sessions) + ["swift"]}
            for _ in range(args.runs):
                for name, sess in sessions.items():
                    samples[name].append(timed(sess, batches))
                seconds, rss = swift_run(args.swift_bench, length, threads, len(texts))
                samples["swift"].append(seconds)
                swift_rss = max(swift_rss, rss)
            for name, values in samples.items():
                median = statistics.median(values)
                print(f"{name} len={length} threads={threads} chunks/s={len(texts) / median:.1f} "
                      f"tokens/s={len(texts) * length / median:.0f} median={median:.4f}s "
                      f"runs={','.join(f'{v:.4f}' for v in values)}")
                sys.stdout.flush()
            swift = statistics.median(samples["swift"])
            ratios = {name: statistics.median(samples[name]) / swift for name in sessions}
            summary.append((length, threads, ratios))
    for length, threads, ratios in summary:
        print(f"speed-up len={length} threads={threads} " +
              " ".join(f"swift-vs-{name}={ratio:.2f}x" for name, ratio in ratios.items()))
    print(f"peak RSS (`sextant bench embed` process) {swift_rss:.1f} MiB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", required=True, help="JSON written by sextant bench embed --write-texts")
    parser.add_argument("--tokenizer", required=True, help="the model's tokenizer.json")
    parser.add_argument("--fp32", required=True)
    parser.add_argument("--int8")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64, help="texts per session.run")
    parser.add_argument("--reference", help="minilm-reference.json: also report cosine vs reference")
    parser.add_argument("--swift-bench", help="the sextant executable: interleave `sextant bench embed` runs with ORT's")
    args = parser.parse_args()

    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    groups = json.load(open(args.texts))
    models = [("ort-fp32", args.fp32)] + ([("ort-int8", args.int8)] if args.int8 else [])
    if args.reference:
        for name, path in models:
            check_reference(name, session(path, 1), tokenizer, args.reference)
    if args.swift_bench:
        interleaved(args, tokenizer, groups, models)
        print(f"peak RSS (ORT process) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")
        return

    for name, path in models:
        for threads in [int(t) for t in args.threads.split(",")]:
            sess = session(path, threads)
            for group in groups:
                length, texts = group["tokens"], group["texts"]
                batches = [encode(tokenizer, texts[i:i + args.batch]) for i in range(0, len(texts), args.batch)]
                assert all(ids.shape[1] == length for ids, _ in batches), "token lengths differ from `sextant bench embed`"
                timed(sess, batches)  # warm-up
                samples = [timed(sess, batches) for _ in range(args.runs)]
                median = statistics.median(samples)
                print(f"{name} len={length} threads={threads} batch={args.batch} "
                      f"chunks/s={len(texts) / median:.1f} tokens/s={len(texts) * length / median:.0f} "
                      f"median={median:.4f}s runs={','.join(f'{s:.4f}' for s in samples)}")
                sys.stdout.flush()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()

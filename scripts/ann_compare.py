#!/usr/bin/env python3
"""Compare Sextant's ANN index with FAISS (IVF-PQ + RefineFlat, HNSWFlat) and hnswlib.

Every system runs single-threaded in its own subprocess (so each one's peak RSS is its own),
over the same .fvecs/.ivecs files, and is measured the same way as `ann-bench`:

  recall@R  = |returned top-R ∩ true top-R| / R, averaged over queries (intersection recall);
              @1 and @10 from the timed pass with k results, @100 from an untimed k=100 pass
  latency   = each query timed on its own (one query per call, never a batch), after a warm-up
              pass over up to 100 queries; qps = queries / summed latencies
  memory    = VmRSS/RssAnon from /proc/self/status before loading and after building/querying,
              and VmHWM (peak) at the end

Runs are interleaved: round 1 runs every system once, round 2 again, and so on, so background
load hits all systems alike; per setting the median over rounds is reported.

The summary compares, per peer, our best QPS at recall@10 >= target against the peer's best QPS
at recall@10 >= target. Python call overhead (a few microseconds per query) is included in the
peers' latencies; `--overhead` prints it measured on a no-op so it can be judged.

usage:
  ann_compare.py --base B.fvecs --query Q.fvecs --gt G.ivecs --sextant-bench ".build/release/sextant bench ann" \\
      [--spec 'PCA128,IVF1024,SQ8,Refine(10)'] [--nprobe 4,8,16,32] [--nlist 1024] [--pq-m 48] \\
      [--faiss-nprobe 8,16,32,64] [--k-factor 4,10] [--ef 16,32,64,128,256] [--hnsw-m 16] \\
      [--rounds 3] [--queries 1000] [--target 0.95] [--json out.json]
"""
import argparse
import json
import shlex
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def memory():
    fields = {}
    try:
        with open("/proc/self/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                parts = rest.split()
                if parts and parts[0].isdigit():
                    fields[key] = int(parts[0])
    except OSError:
        pass
    return fields


def recall(results, truth, r):
    if truth.shape[1] < r:
        return None
    total = 0.0
    for found, expected in zip(results, truth):
        total += len(set(int(x) for x in found[:r] if x >= 0) & set(int(x) for x in expected[:r])) / r
    return total / len(results)


def measure(search, queries, truth, k):
    """Warm-up, then a timed pass of single queries, then an untimed k=100 pass."""
    import numpy as np

    for i in range(min(100, len(queries))):
        search(queries[i:i + 1], k)
    latencies = []
    results = []
    clock = time.perf_counter
    for i in range(len(queries)):
        q = queries[i:i + 1]
        start = clock()
        found = search(q, k)
        latencies.append(clock() - start)
        results.append(found)
    wide = [search(queries[i:i + 1], 100) for i in range(len(queries))] if truth.shape[1] >= 100 else []
    latencies.sort()
    n = len(latencies)
    return {
        "recall_at_1": recall(results, truth, 1),
        "recall_at_10": recall(results, truth, 10),
        "recall_at_100": recall(wide, truth, 100) if wide else None,
        "qps": n / sum(latencies),
        "p50_ms": latencies[n // 2] * 1000,
        "p99_ms": latencies[min(n - 1, n * 99 // 100)] * 1000,
    }


def worker(args):
    """Runs one peer system in this process and prints its rows as JSON."""
    import numpy as np
    from texmex import read_fvecs, read_ivecs

    before = memory()
    queries = read_fvecs(args.query)[: args.queries]
    truth = read_ivecs(args.gt)[: len(queries)]
    base = read_fvecs(args.base)
    n, d = base.shape
    rows = []
    if args.worker.startswith("faiss"):
        import faiss

        faiss.omp_set_num_threads(1)
    if args.worker == "faiss-ivfpq":
        start = time.perf_counter()
        coarse = faiss.index_factory(d, f"IVF{args.nlist},PQ{args.pq_m}np", faiss.METRIC_INNER_PRODUCT)
        # "np": no polysemous training, which only serves Hamming pre-filtering (unused here) and
        # would dominate build time.
        index = faiss.IndexRefineFlat(coarse)
        index.train(base)
        index.add(base)
        build = time.perf_counter() - start
        del base
        ivf = faiss.extract_index_ivf(index)
        after_build = memory()
        index_bytes = faiss.serialize_index(index.base_index).nbytes
        for k_factor in args.k_factor:
            for nprobe in args.faiss_nprobe:
                ivf.nprobe = nprobe
                index.k_factor = k_factor
                search = lambda q, k: index.search(q, k)[1][0]
                row = measure(search, queries, truth, args.k)
                row.update(spec=f"IVF{args.nlist},PQ{args.pq_m},RefineFlat", nprobe=nprobe, refine=k_factor)
                row.update(build_s=build, index_bytes=index_bytes)
                rows.append(row)
    elif args.worker == "faiss-hnsw":
        start = time.perf_counter()
        index = faiss.IndexHNSWFlat(d, args.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = args.ef_construction
        index.add(base)
        build = time.perf_counter() - start
        del base
        after_build = memory()
        index_bytes = faiss.serialize_index(index).nbytes
        for ef in args.ef:
            index.hnsw.efSearch = ef
            search = lambda q, k: index.search(q, k)[1][0]
            row = measure(search, queries, truth, args.k)
            row.update(spec=f"HNSW{args.hnsw_m},Flat", nprobe=ef, refine=1, build_s=build, index_bytes=index_bytes)
            rows.append(row)
    elif args.worker == "hnswlib":
        import hnswlib

        start = time.perf_counter()
        index = hnswlib.Index(space="ip", dim=d)
        index.init_index(max_elements=n, M=args.hnsw_m, ef_construction=args.ef_construction, random_seed=100)
        index.set_num_threads(1)
        index.add_items(base, np.arange(n), num_threads=1)
        build = time.perf_counter() - start
        del base
        after_build = memory()
        # Vectors plus level-0 links: (d*4 + 8 + 4 + 2*M*4) bytes per element, the bulk of it.
        index_bytes = n * (d * 4 + 8 + 4 + 2 * args.hnsw_m * 4)
        for ef in args.ef:
            index.set_ef(max(ef, args.k))

            def search(q, k):
                if index.ef < k:
                    index.set_ef(k)
                labels = index.knn_query(q, k=k, num_threads=1)[0][0]
                index.set_ef(max(ef, args.k))
                return labels

            row = measure(search, queries, truth, args.k)
            row.update(spec=f"hnswlib-M{args.hnsw_m}", nprobe=ef, refine=1, build_s=build, index_bytes=index_bytes)
            rows.append(row)
    else:
        raise SystemExit(f"unknown worker {args.worker}")
    after = memory()
    for row in rows:
        row.update(
            k=args.k, n=n, dimension=d,
            before_load_rss_kb=before.get("VmRSS"), before_load_rss_anon_kb=before.get("RssAnon"),
            after_build_rss_kb=after_build.get("VmRSS"), after_build_rss_anon_kb=after_build.get("RssAnon"),
            after_query_rss_kb=after.get("VmRSS"), after_query_rss_anon_kb=after.get("RssAnon"),
            peak_rss_kb=after.get("VmHWM"))
    print(json.dumps(rows))


def run_system(system, args):
    if system == "sextant":
        rows = []
        for spec in args.spec:
            command = shlex.split(args.sextant_bench) + ["--base", args.base, "--query", args.query, "--gt", args.gt, "--spec", spec,
                       "--nprobe", ",".join(map(str, args.nprobe)), "--k", str(args.k), "--queries", str(args.queries),
                       "--json"]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            rows.extend(json.loads(output))
        return rows
    command = [sys.executable, os.path.abspath(__file__), "--worker", system]
    for name in ["base", "query", "gt", "k", "queries", "nlist", "pq_m", "hnsw_m", "ef_construction"]:
        command += ["--" + name.replace("_", "-"), str(getattr(args, name))]
    for name in ["faiss_nprobe", "k_factor", "ef"]:
        command += ["--" + name.replace("_", "-"), ",".join(map(str, getattr(args, name)))]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def integers(text):
    return [int(x) for x in text.split(",") if x]


def summarise(all_rows, args):
    """Median over rounds per (system, spec, nprobe, refine); best QPS at recall@10 >= target."""
    grouped = {}
    for system, rows in all_rows:
        for row in rows:
            key = (system, row["spec"], row["nprobe"], row["refine"])
            grouped.setdefault(key, []).append(row)
    settings = []
    for (system, spec, nprobe, refine), rows in grouped.items():
        merged = dict(rows[0])
        for field in ["qps", "p50_ms", "p99_ms", "build_s"]:
            merged[field] = statistics.median(r[field] for r in rows)
        merged["peak_rss_kb"] = max((r.get("peak_rss_kb") or 0) for r in rows)
        merged["system"] = system
        merged["rounds"] = len(rows)
        settings.append(merged)
    return settings


def fmt(value, pattern="{:.3f}"):
    return "-" if value is None else pattern.format(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--gt", required=True)
    parser.add_argument("--sextant-bench", help="command that runs our benchmark, e.g. '.build/release/sextant bench ann'")
    parser.add_argument("--spec", action="append", help="our index spec(s); repeatable")
    parser.add_argument("--nprobe", type=integers, default=[4, 8, 16, 32, 64])
    parser.add_argument("--nlist", type=int, default=1024)
    parser.add_argument("--pq-m", type=int, default=48)
    parser.add_argument("--faiss-nprobe", type=integers, default=[8, 16, 32, 64, 128])
    parser.add_argument("--k-factor", type=integers, default=[4, 10])
    parser.add_argument("--ef", type=integers, default=[10, 16, 24, 32, 48, 64, 96, 128, 192, 256])
    parser.add_argument("--hnsw-m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--target", type=float, default=0.95)
    parser.add_argument("--systems", default="sextant,faiss-ivfpq,faiss-hnsw,hnswlib")
    parser.add_argument("--json", help="write every merged setting here")
    parser.add_argument("--overhead", action="store_true", help="print Python per-call overhead and exit")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    if args.overhead:
        import numpy as np
        q = np.zeros((1, 4), dtype=np.float32)
        start = time.perf_counter()
        for _ in range(100_000):
            time.perf_counter() - time.perf_counter()
            q[0:1]
        print(f"timing + slicing overhead per query: {(time.perf_counter() - start) * 10:.2f} us")
        return
    systems = [s for s in args.systems.split(",") if s]
    if "sextant" in systems and not args.sextant_bench:
        parser.error("--sextant-bench is required to run sextant")
    args.spec = args.spec or [f"PCA128,IVF{args.nlist},SQ8,Refine(10)"]

    all_rows = []
    for round_index in range(args.rounds):
        for system in (systems if round_index % 2 == 0 else list(reversed(systems))):
            started = time.perf_counter()
            rows = run_system(system, args)
            print(f"round {round_index + 1}: {system} done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            all_rows.append((system, rows))
    settings = summarise(all_rows, args)

    print(f"\n{'system':<12} {'spec':<30} {'nprobe/ef':>9} {'rf':>3} {'R@1':>6} {'R@10':>6} {'R@100':>6} "
          f"{'qps':>8} {'p50ms':>7} {'p99ms':>7} {'build_s':>8} {'index_MB':>9} {'peakRSS_MB':>10}")
    for s in sorted(settings, key=lambda s: (s["system"], s["spec"], s["refine"], s["nprobe"])):
        print(f"{s['system']:<12} {s['spec']:<30} {s['nprobe']:>9} {s['refine']:>3} {fmt(s['recall_at_1']):>6} "
              f"{fmt(s['recall_at_10']):>6} {fmt(s['recall_at_100']):>6} {s['qps']:>8.0f} {s['p50_ms']:>7.3f} "
              f"{s['p99_ms']:>7.3f} {s['build_s']:>8.1f} {s['index_bytes'] / 2**20:>9.1f} "
              f"{s['peak_rss_kb'] / 1024:>10.1f}")

    def best(system):
        eligible = [s for s in settings if s["system"] == system and (s["recall_at_10"] or 0) >= args.target]
        return max(eligible, key=lambda s: s["qps"]) if eligible else None

    ours = best("sextant")
    print(f"\nBest QPS at recall@10 >= {args.target} (median of {args.rounds} interleaved rounds, single thread):")
    for system in systems:
        b = best(system)
        peak = max((s["peak_rss_kb"] for s in settings if s["system"] == system), default=0) / 1024
        if b is None:
            print(f"  {system:<12} no setting reached the target; peak RSS {peak:.0f} MB")
            continue
        ratio = f"{ours['qps'] / b['qps']:.2f}x" if ours and system != "sextant" else ""
        print(f"  {system:<12} {b['qps']:>8.0f} qps  ({b['spec']}, nprobe/ef={b['nprobe']}, rf={b['refine']}, "
              f"R@10={b['recall_at_10']:.3f}, p50={b['p50_ms']:.3f} ms, p99={b['p99_ms']:.3f} ms)  "
              f"peak RSS {peak:.0f} MB, index {b['index_bytes'] / 2**20:.1f} MB  {('ours/peer = ' + ratio) if ratio else ''}")
    if ours:
        print(f"  sextant index bytes / raw fp32 = {ours['index_bytes'] / (ours['n'] * ours['dimension'] * 4):.3f}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(settings, out, indent=1)


if __name__ == "__main__":
    main()

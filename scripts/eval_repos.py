#!/usr/bin/env python3
"""Runs `sextant eval --json` on several repositories and prints one table of the results.

    scripts/eval_repos.py --sextant .build/release/sextant \
        --repo gin=/path/to/gin --repo click=/path/to/click \
        --held-out json=/path/to/serde_json \
        --ranking rrf --ranking standard [--markdown] [--json OUT]

Repositories given with --held-out are reported in a section of their own: ranking options are
chosen on the others, and the held-out ones show whether the choice carries over. Every figure
comes from one `sextant eval` run per repository (same seed, same sample size).
"""

import argparse
import json
import subprocess
import sys


def run_eval(sextant, path, rankings, sample, seed, extra):
    command = [sextant, "eval", path, "--json", "--quiet", "--sample", str(sample), "--seed", str(seed)]
    for ranking in rankings:
        command += ["--ranking", ranking]
    command += extra
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{completed.stderr}")
    return json.loads(completed.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sextant", default=".build/release/sextant")
    parser.add_argument("--repo", action="append", default=[], help="NAME=PATH, used to choose options")
    parser.add_argument("--held-out", action="append", default=[], help="NAME=PATH, reported apart")
    parser.add_argument("--ranking", action="append", default=[])
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--json", help="write every report to this file")
    parser.add_argument("extra", nargs="*", help="more arguments for sextant eval (after --)")
    arguments = parser.parse_args()

    reports = {}
    groups = [("tuning", arguments.repo), ("held out", arguments.held_out)]
    for group, repos in groups:
        for entry in repos:
            name, _, path = entry.partition("=")
            print(f"eval {name} ({path})", file=sys.stderr)
            reports[name] = (group, run_eval(arguments.sextant, path, arguments.ranking, arguments.sample, arguments.seed, arguments.extra))

    if arguments.json:
        with open(arguments.json, "w") as handle:
            json.dump({name: report for name, (_, report) in reports.items()}, handle, indent=2)

    for group, _ in groups:
        names = [name for name, (g, _) in reports.items() if g == group]
        if not names:
            continue
        print(f"\n## {group}\n")
        if arguments.markdown:
            print("| repository | queries | mode | ranking | MRR@10 | R@1 | R@10 | p50 ms | p99 ms |")
            print("|---|---|---|---|---|---|---|---|---|")
        for name in names:
            report = reports[name][1]
            for result in report["results"]:
                cells = [name, str(report["queries"]), result["mode"], result["ranking"],
                         f"{result['mrr_at_10']:.3f}", f"{result['recall_at_1']:.3f}", f"{result['recall_at_10']:.3f}",
                         f"{result['p50_ms']:.2f}", f"{result['p99_ms']:.2f}"]
                if arguments.markdown:
                    print("| " + " | ".join(cells) + " |")
                else:
                    print("  ".join(cell.ljust(width) for cell, width in zip(cells, [22, 7, 9, 44, 6, 6, 6, 7, 7])))


if __name__ == "__main__":
    main()

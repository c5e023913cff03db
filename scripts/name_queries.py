#!/usr/bin/env python3
"""Turns the queries `sextant eval --save-queries FILE` wrote into identifier queries.

    sextant eval REPO --save-queries doc.jsonl
    scripts/name_queries.py doc.jsonl > names.jsonl
    sextant eval REPO --queries names.jsonl --ranking standard --ranking standard,names=1

Each documented function becomes the query of its own name as written in code (`ParseConfig`,
`_make_text_stream`, `acquire`: Swift argument labels and containers dropped), the answer
still the function: how a user searches when they remember the name, or part of it.
`--partial` keeps only the name's first word (`parse` of `parse_config`, `Parse` of
`ParseConfig`), a harder, prefix-style query. Names shorter than 4 characters and names
given to more than one of the functions are left out.
"""

import argparse
import collections
import json
import re
import sys


def base_name(symbol):
    name = symbol.split("(", 1)[0]
    return name.rsplit(".", 1)[-1]


def first_word(name):
    words = re.findall(r"_*[A-Z]?[a-z0-9]+|_*[A-Z]+(?![a-z])", name)
    return words[0] if words else name


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("saved", help="JSON lines written by sextant eval --save-queries")
    parser.add_argument("--partial", action="store_true", help="query only the name's first word")
    arguments = parser.parse_args()
    rows = [json.loads(line) for line in open(arguments.saved, encoding="utf-8") if line.strip()]
    names = [base_name(row.get("symbol") or "") for row in rows]
    if arguments.partial:
        names = [first_word(name) for name in names]
    counts = collections.Counter(name.lower() for name in names)
    kept = 0
    for row, name in zip(rows, names):
        if len(name) < 4 or counts[name.lower()] > 1:
            continue
        out = {"query": name, "path": row["path"], "line": row["line"]}
        if "end_line" in row:
            out["end_line"] = row["end_line"]
        print(json.dumps(out))
        kept += 1
    print(f"{kept} of {len(rows)} queries kept", file=sys.stderr)


if __name__ == "__main__":
    main()

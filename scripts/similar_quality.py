#!/usr/bin/env python3
"""How often find-similar ranks a function's renamed copy first.

Copies a Python workspace, picks N top-level functions of 5+ lines at random (fixed seed;
their lines as Python's parser gives them),
writes a renamed copy of each into a new module, indexes the copy with `sextant index`, and
asks `sextant similar FILE:LINE` for each original: a hit when the copy is the first result.

    scripts/similar_quality.py WORKSPACE [--functions 10] [--seed 7] [--model local]
"""
import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser()
parser.add_argument("workspace")
parser.add_argument("--functions", type=int, default=10)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--model", default="local")
parser.add_argument("--sextant", default=os.environ.get("SEXTANT", ".build/release/sextant"))
args = parser.parse_args()

scratch = tempfile.mkdtemp(prefix="sextant-similar-")
try:
    root = os.path.join(scratch, "workspace")
    shutil.copytree(args.workspace, root, ignore=shutil.ignore_patterns(".git"))
    candidates = []
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            try:
                tree = ast.parse(open(path, encoding="utf-8").read())
            except (SyntaxError, UnicodeDecodeError):
                continue
            # Top-level functions, their exact lines from the parser (decorators left out).
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 4:
                    candidates.append((path, node.lineno - 1, node.end_lineno, node.name))
    candidates.sort()
    random.Random(args.seed).shuffle(candidates)
    chosen = candidates[: args.functions]
    copies = []
    for index, (path, start, end, name) in enumerate(chosen):
        body = "\n".join(open(path, encoding="utf-8").read().split("\n")[start:end])
        copies.append(body.replace(name, f"{name}_copy{index}", 1))
    with open(os.path.join(root, "copies_module.py"), "w", encoding="utf-8") as handle:
        handle.write("\n\n\n".join(copies) + "\n")
    index_dir = os.path.join(scratch, "index")
    subprocess.run([args.sextant, "index", root, "--index-dir", index_dir, "--model", args.model],
                   check=True, capture_output=True)
    hits = 0
    for index, (path, start, end, name) in enumerate(chosen):
        output = subprocess.run(
            [args.sextant, "similar", f"{path}:{start + 2}", "--workspace", root, "--index-dir", index_dir,
             "--model", args.model, "--limit", "3", "--json"], check=True, capture_output=True, text=True).stdout
        results = json.loads(output)
        first = results[0]["name"] if results else None
        ok = first == f"{name}_copy{index}"
        hits += ok
        print(f"{'hit ' if ok else 'MISS'} {os.path.relpath(path, root)}:{start + 1} {name} -> {first}")
    print(f"copy ranked first for {hits} of {len(chosen)} functions ({args.model})")
finally:
    shutil.rmtree(scratch, ignore_errors=True)

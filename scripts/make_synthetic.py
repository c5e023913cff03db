#!/usr/bin/env python3
"""Synthetic clustered, L2-normalised embeddings shaped like a real set, with exact ground truth.

The real set (e.g. nio_base.fvecs) provides the mean and covariance; points are drawn from a
Gaussian mixture whose centres take `--center-share` of that covariance and whose spread takes
the rest, then normalised. Ground truth is the exact top-100 by inner product.

usage: make_synthetic.py --like nio_base.fvecs --n 100000 --queries 1000 --out data/synth100k
"""
import argparse

import numpy as np

from texmex import read_fvecs, write_vecs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--like", required=True)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--clusters", type=int, default=2000)
    parser.add_argument("--center-share", type=float, default=0.6)
    parser.add_argument("--sub-clusters", type=int, default=0, help="sub-clusters per cluster (0: none)")
    parser.add_argument("--sub-share", type=float, default=0.25, help="covariance share of the sub-cluster level")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True, help="prefix; writes PREFIX_base.fvecs, _query.fvecs, _gt.ivecs")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    like = read_fvecs(args.like).astype(np.float64)
    mean = like.mean(0)
    values, vectors = np.linalg.eigh(np.cov((like - mean).T))
    root = vectors * np.sqrt(np.clip(values, 0, None))  # x = mean + root @ z

    def draw(count, scale):
        return rng.standard_normal((count, len(mean))) @ (root.T * np.sqrt(scale))

    centres = mean + draw(args.clusters, args.center_share)
    noise_share = 1 - args.center_share
    if args.sub_clusters:
        # A second level makes near neighbours nearer, like families of related code.
        parents = np.repeat(np.arange(args.clusters), args.sub_clusters)
        centres = centres[parents] + draw(len(parents), args.sub_share)
        noise_share -= args.sub_share

    def sample(count):
        which = rng.integers(0, len(centres), count)
        points = centres[which] + draw(count, noise_share)
        points /= np.linalg.norm(points, axis=1, keepdims=True)
        return points.astype(np.float32)

    base = sample(args.n)
    queries = sample(args.queries)
    truth = np.empty((args.queries, 100), dtype=np.int32)
    for start in range(0, args.queries, 100):
        scores = queries[start:start + 100] @ base.T
        top = np.argpartition(-scores, 100, axis=1)[:, :100]
        order = np.argsort(-np.take_along_axis(scores, top, 1), axis=1, kind="stable")
        truth[start:start + 100] = np.take_along_axis(top, order, 1)
    write_vecs(args.out + "_base.fvecs", base)
    write_vecs(args.out + "_query.fvecs", queries)
    write_vecs(args.out + "_gt.ivecs", truth)


if __name__ == "__main__":
    main()

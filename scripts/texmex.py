"""Reading and writing TEXMEX .fvecs/.ivecs files (int32 width, then width 4-byte values per row)."""
import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    if raw.size == 0:
        return np.zeros((0, 0), dtype=dtype)
    d = int(raw[0])
    if d <= 0 or raw.size % (d + 1) != 0:
        raise ValueError(f"{path}: not a whole number of {d}-wide rows")
    rows = raw.reshape(-1, d + 1)
    if not (rows[:, 0] == d).all():
        raise ValueError(f"{path}: inconsistent row widths")
    return rows[:, 1:].copy().view(dtype)


def read_fvecs(path):
    return read_vecs(path, np.float32)


def read_ivecs(path):
    return read_vecs(path, np.int32)


def write_vecs(path, matrix):
    matrix = np.ascontiguousarray(matrix)
    n, d = matrix.shape
    out = np.empty((n, d + 1), dtype=np.int32)
    out[:, 0] = d
    out[:, 1:] = matrix.view(np.int32)
    out.tofile(path)

"""Writing and checking golden files for the compatibility suite.

Each tests/compat/<area>/make_goldens.py computes what a reference library gives on the repo's small
inputs and hands it to `golden(...)`: with --write the file is (re)written, with --check it is compared
with the committed one. Floats compare with a tolerance (other CPUs round differently in the last bits);
everything else compares exactly. A mismatch names the file and the first differing JSON path.
"""
import json
import math
import os
import sys

MODE = "--write" if "--write" in sys.argv else "--check"
_failures = []


def _diff(a, b, path, rtol, atol):
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or a is None:
        return None if a == b else f"{path}: {b!r} (golden) != {a!r} (now)"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return None if a == b else f"{path}: {b} (golden) != {a} (now)"
        if math.isclose(a, b, rel_tol=rtol, abs_tol=atol) or (math.isnan(a) and math.isnan(b)):
            return None
        return f"{path}: {b!r} (golden) != {a!r} (now)"
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: length {len(b)} (golden) != {len(a)} (now)"
        for i, (x, y) in enumerate(zip(a, b)):
            d = _diff(x, y, f"{path}[{i}]", rtol, atol)
            if d:
                return d
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            return f"{path}: keys {sorted(b)} (golden) != {sorted(a)} (now)"
        for k in a:
            d = _diff(a[k], b[k], f"{path}.{k}", rtol, atol)
            if d:
                return d
        return None
    return f"{path}: type {type(b).__name__} (golden) != {type(a).__name__} (now)"


def golden(path, obj, rtol=1e-5, atol=2e-5):
    """Writes `obj` as JSON to `path` (--write) or checks it against the file there (--check).

    The default atol is a fifth of what the C++ tests allow between our logits and these goldens (1e-4):
    the same library on another CPU (AVX-512 against AVX2) sums in another order, and float32 logits of
    0.3-0.4 moved by up to 6e-6 between two such machines."""
    if MODE == "--write":
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
        os.replace(tmp, path)
        return
    if not os.path.exists(path):
        _failures.append(f"{path}: missing (run scripts/compat --write)")
        return
    with open(path, encoding="utf-8") as f:
        committed = json.load(f)
    now = json.loads(json.dumps(obj))  # the same types the file would hold
    d = _diff(now, committed, "$", rtol, atol)
    if d:
        _failures.append(f"{path}: {d}")


def golden_bytes(path, data):
    """Binary golden (a model or tokenizer file the reference library wrote): exact bytes."""
    if MODE == "--write":
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)
        return
    if not os.path.exists(path):
        _failures.append(f"{path}: missing (run scripts/compat --write)")
    elif open(path, "rb").read() != data:
        _failures.append(f"{path}: differs from what the reference library writes now")


def finish():
    """Call last: prints every mismatch and exits non-zero if there was one."""
    for f in _failures:
        print("golden mismatch:", f, file=sys.stderr)
    sys.exit(1 if _failures else 0)

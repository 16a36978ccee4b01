"""The reference for bench/hf_tokenize_bench: the `tokenizers` library encoding the same lines on one
thread (encode_batch_fast, its quickest path: no offsets, one call for all lines), best of `repeats`.
Prints the seconds and a checksum of the ids, so the benchmark also checks that both agree."""
import os
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

from tokenizers import Tokenizer  # noqa: E402


def main():
    tokenizer_path, corpus_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tok = Tokenizer.from_file(tokenizer_path)
    tok.encode_special_tokens = True  # as the workbench encodes corpora: "<s>" in the text is text
    with open(corpus_path, encoding="utf-8", newline="") as f:  # keep "\r\n" inside lines as it is
        lines = f.read().split("\n")
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        encodings = tok.encode_batch_fast(lines, add_special_tokens=False)
        best = min(best, time.perf_counter() - start)
    checksum, count = 0, 0
    for e in encodings:
        for i in e.ids:
            checksum = (checksum * 1000003 + i) % (1 << 61)
            count += 1
    print(f"{best:.6f} {count} {checksum}")


if __name__ == "__main__":
    main()

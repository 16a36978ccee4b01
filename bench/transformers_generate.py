"""transformers' side of bench/compare_engines: the same measures as bench/engine_bench, with
transformers' generate (greedy, KV cache) on the CPU, one figure per line ("name value").

    python transformers_generate.py MODEL_DIR THREADS [DTYPE]

DTYPE (float32 or bfloat16, default float32) is the dtype transformers loads the weights in.
"""
import sys
import time

import torch
from transformers import AutoModelForCausalLM


def prompts(batch, length, vocab):
    return torch.tensor([[(i * 7919 + b * 104729) % (vocab - 3) + 3 for i in range(length)] for b in range(batch)])


def decode_rate(model, batch):
    ids = prompts(batch, 64, model.config.vocab_size)
    mask = torch.ones_like(ids)
    kwargs = dict(do_sample=False, pad_token_id=0, eos_token_id=None)
    # Decode time: 49 new tokens minus the time to the first one (the prefill), as engine_bench counts.
    start = time.perf_counter()
    model.generate(ids, attention_mask=mask, max_new_tokens=1, min_new_tokens=1, **kwargs)
    first = time.perf_counter() - start
    start = time.perf_counter()
    model.generate(ids, attention_mask=mask, max_new_tokens=49, min_new_tokens=49, **kwargs)
    total = time.perf_counter() - start
    return batch * 48 / (total - first)


def main():
    folder, threads = sys.argv[1], int(sys.argv[2])
    dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16}[sys.argv[3] if len(sys.argv) > 3 else "float32"]
    torch.set_num_threads(threads)
    model = AutoModelForCausalLM.from_pretrained(folder, torch_dtype=dtype)
    model.eval()
    with torch.inference_mode():
        decode_rate(model, 1)  # warm-up
        print(f"decode_1 {decode_rate(model, 1):.2f}")
        print(f"decode_8 {decode_rate(model, 8):.2f}")


if __name__ == "__main__":
    main()

"""transformers as the reference for the decoder, the folder format, vocabulary expansion and LoRA.

Writes (with --write) or checks (--check):
  models/<case>/            tiny Llama/Mistral folders saved by transformers' save_pretrained (one of them
                            sharded), weights from a seeded NumPy stream rounded to bf16-representable
                            values so that the bytes are the same on every CPU and bf16 loads are exact
  models/peft_lora/         a PEFT adapter for models/llama_gqa_untied (adapter_config.json +
                            adapter_model.safetensors, as PeftModel.save_pretrained writes them)
  goldens/<case>.json       LlamaForCausalLM / MistralForCausalLM logits (fp32 and bf16), logits of a
                            left-padded batch, 64 greedy tokens from generate()
  goldens/peft.json         PeftModel logits, merge_and_unload()'s logits and merged weights
  goldens/ipt_written.json  what transformers and PEFT make of the folders the workbench wrote
                            (ipt_written/, produced by test_compat_transformers with IPT_WRITE_COMPAT=1):
                            from_pretrained must load them completely and give the goldens' logits.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from golden_io import MODE, _failures, finish, golden, golden_bytes  # noqa: E402

import transformers  # noqa: E402
from transformers import (AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM, MistralConfig,  # noqa: E402
                          MistralForCausalLM)

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
transformers.logging.set_verbosity_error()

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "models")
GOLDENS = os.path.join(HERE, "goldens")
WRITTEN = os.path.join(HERE, "ipt_written")

SHAPE = dict(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
             head_dim=8, rms_norm_eps=1e-5, bos_token_id=1, eos_token_id=2, max_position_embeddings=256)

# Each case is one feature of the decoder that must agree with transformers.
CASES = {
    # grouped-query attention (4 query heads over 2 key/value heads), separate LM head; saved sharded
    "llama_gqa_untied": dict(arch="llama", seed=11, num_key_value_heads=2, tie_word_embeddings=False,
                             rope_parameters={"rope_type": "default", "rope_theta": 10000.0}, shard="40KB"),
    # head tied to the embeddings, one key/value head, Llama 3's RoPE theta
    "llama_tied_theta5e5": dict(arch="llama", seed=12, num_key_value_heads=1, tie_word_embeddings=True,
                                rope_parameters={"rope_type": "default", "rope_theta": 500000.0}),
    # Mistral with a sliding window much shorter than the sequences
    "mistral_window": dict(arch="mistral", seed=13, num_key_value_heads=2, tie_word_embeddings=False,
                           rope_parameters={"rope_type": "default", "rope_theta": 10000.0}, sliding_window=6),
    # Llama 3.1's rope_scaling (rope_type llama3): with head_dim 8 and these lengths one frequency stays,
    # one falls in the smoothed band and two are divided by the factor
    "llama31_rope_scaling": dict(arch="llama", seed=14, num_key_value_heads=2, tie_word_embeddings=False,
                                 rope_parameters={"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0,
                                                  "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                                  "original_max_position_embeddings": 256}),
}

BATCH, LENGTH, PROMPT, NEW_TOKENS = 2, 16, 8, 64
LORA_BASE = "llama_gqa_untied"
LORA = dict(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "down_proj"])
EXPANDED_VOCAB = 72  # ipt_written/expanded: the base grown by 8 rows (see test_compat_transformers)


def bf16_exact(a):
    """float32 values that bf16 represents exactly."""
    return torch.from_numpy(np.asarray(a, dtype=np.float32)).to(torch.bfloat16).to(torch.float32)


def seeded_weights(model, seed):
    """Every parameter from one NumPy stream in the model's own order (independent of torch's RNG)."""
    rng = np.random.RandomState(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                value = 0.5 + rng.uniform(size=p.shape)  # norms that matter
            else:
                value = rng.standard_normal(size=p.shape) * 0.3
            p.copy_(bf16_exact(value))


def build(case):
    spec = CASES[case]
    kwargs = dict(SHAPE, num_key_value_heads=spec["num_key_value_heads"],
                  tie_word_embeddings=spec["tie_word_embeddings"], rope_parameters=spec["rope_parameters"])
    if spec["arch"] == "mistral":
        model = MistralForCausalLM(MistralConfig(sliding_window=spec["sliding_window"], **kwargs))
    else:
        model = LlamaForCausalLM(LlamaConfig(**kwargs))
    seeded_weights(model, spec["seed"])
    return model.eval()


def rounded(t, digits=6):
    return np.round(t.detach().to(torch.float64).numpy(), digits).tolist()


def folder_bytes(folder):
    return {name: open(os.path.join(folder, name), "rb").read() for name in sorted(os.listdir(folder))}


def save_case(case, model):
    """models/<case>: written with --write, compared byte for byte with --check."""
    target = os.path.join(MODELS, case)
    shard = CASES[case].get("shard", "50GB")
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, max_shard_size=shard)
        written = folder_bytes(tmp)
    if MODE == "--write":
        os.makedirs(target, exist_ok=True)
        for name in os.listdir(target):
            if name not in written:
                os.remove(os.path.join(target, name))
    for name, data in written.items():
        golden_bytes(os.path.join(target, name), data)


def inputs(seed):
    rng = np.random.RandomState(seed + 100)
    ids = torch.from_numpy(rng.randint(3, SHAPE["vocab_size"], size=(BATCH, LENGTH)).astype(np.int64))
    # left padding: the first row has 5 pad positions (id 0)
    mask = torch.ones(BATCH, LENGTH, dtype=torch.long)
    mask[0, :5] = 0
    padded = ids.clone()
    padded[0, :5] = 0
    prompt = torch.from_numpy(rng.randint(3, SHAPE["vocab_size"], size=(1, PROMPT)).astype(np.int64))
    return ids, padded, mask, prompt


@torch.no_grad()
def greedy(model, prompt):
    """generate() with greedy decoding, no EOS stop, and the smallest top-1/top-2 gap along the way."""
    out = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=NEW_TOKENS,
                         min_new_tokens=NEW_TOKENS, do_sample=False, eos_token_id=None, pad_token_id=0,
                         output_scores=True, return_dict_in_generate=True)
    gaps = [float(torch.topk(s[0].float(), 2).values.diff().abs()) for s in out.scores]
    return out.sequences[0, prompt.shape[1]:].tolist(), min(gaps)


@torch.no_grad()
def case_golden(case, model):
    ids, padded, mask, prompt = inputs(CASES[case]["seed"])
    fp32 = model(ids).logits
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    padded_logits = model(padded, attention_mask=mask, position_ids=positions).logits
    tokens, gap = greedy(model, prompt)
    # The gap says the greedy comparison is meaningful: no near-ties that fp32 rounding could flip.
    assert gap > 1e-3, f"{case}: greedy decoding passes a near-tie ({gap}); pick another prompt"
    bf16_model = build(case).to(torch.bfloat16)
    bf16 = bf16_model(ids).logits.float()
    return {
        "case": case,
        "config": json.loads(model.config.to_json_string()),
        "input_ids": ids.tolist(),
        "logits": rounded(fp32),
        "padded": {"input_ids": padded.tolist(), "attention_mask": mask.tolist(),
                   "position_ids": positions.tolist(), "logits": rounded(padded_logits)},
        "bf16_logits": rounded(bf16, 4),
        # how far transformers' own bf16 run is from its fp32 run: the scale of bf16 rounding here
        "bf16_vs_fp32_max_abs": round(float((bf16 - fp32).abs().max()), 4),
        "greedy": {"prompt": prompt[0].tolist(), "tokens": tokens, "min_top2_gap": round(gap, 4)},
    }


def peft_adapter(base):
    """A PEFT LoRA adapter with non-zero B (seeded NumPy weights), as PEFT saves it."""
    from peft import LoraConfig, get_peft_model
    model = get_peft_model(base, LoraConfig(lora_dropout=0.0, bias="none", task_type="CAUSAL_LM", **LORA))
    rng = np.random.RandomState(21)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_" in name:
                p.copy_(bf16_exact(rng.standard_normal(size=p.shape) * 0.2))
    return model.eval()


@torch.no_grad()
def peft_goldens():
    import tempfile
    from peft import PeftModel
    ids = inputs(CASES[LORA_BASE]["seed"])[0]
    model = peft_adapter(build(LORA_BASE))
    target = os.path.join(MODELS, "peft_lora")
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        written = folder_bytes(tmp)
        # What a user of PEFT does: load the adapter folder onto the base model.
        reloaded = PeftModel.from_pretrained(build(LORA_BASE), tmp).eval()
        logits = reloaded(ids).logits
    for name, data in written.items():
        if name.endswith(".md"):
            continue  # the model card PEFT writes is prose
        golden_bytes(os.path.join(target, name), data)
    merged = reloaded.merge_and_unload()
    merged_logits = merged(ids).logits
    # the merged projections of the first layer (the second merges the same way)
    weights = {n: rounded(p, 7) for n, p in merged.named_parameters()
               if n.startswith("model.layers.0.") and any(t in n for t in LORA["target_modules"])}
    golden(os.path.join(GOLDENS, "peft.json"), {
        "base": LORA_BASE, "lora": LORA, "input_ids": ids.tolist(), "logits": rounded(logits),
        "merged_logits": rounded(merged_logits), "merged_weights": weights})


@torch.no_grad()
def check_ipt_written():
    """The folders the workbench wrote, loaded by transformers and PEFT."""
    if not os.path.isdir(WRITTEN):
        _failures.append(f"{WRITTEN}: missing (run test_compat_transformers with IPT_WRITE_COMPAT=1)")
        return
    out = {}
    for case in CASES:
        folder = os.path.join(WRITTEN, case)
        if not os.path.isdir(folder):
            _failures.append(f"{folder}: missing (run test_compat_transformers with IPT_WRITE_COMPAT=1)")
            continue
        model, info = AutoModelForCausalLM.from_pretrained(folder, output_loading_info=True)
        problems = {k: v for k, v in info.items() if v}
        if problems:
            _failures.append(f"{folder}: from_pretrained reports {problems}")
        ids = torch.tensor(json.load(open(os.path.join(GOLDENS, case + ".json")))["input_ids"])
        reference = build(case)(ids).logits
        diff = float((model.eval()(ids).logits - reference).abs().max())
        if diff > 1e-5:
            _failures.append(f"{folder}: transformers' logits differ from the original model's by {diff}")
        out[case] = {"max_abs_diff_to_original": round(diff, 6), "class": type(model).__name__}

    # A vocabulary grown by the workbench: the new rows in place, the old logits unchanged.
    folder = os.path.join(WRITTEN, "expanded")
    base = build(LORA_BASE)
    ids = torch.tensor(json.load(open(os.path.join(GOLDENS, LORA_BASE + ".json")))["input_ids"])
    if os.path.isdir(folder):
        model, info = AutoModelForCausalLM.from_pretrained(folder, output_loading_info=True)
        model.eval()
        problems = {k: v for k, v in info.items() if v}
        if problems:
            _failures.append(f"{folder}: from_pretrained reports {problems}")
        recipe = json.load(open(os.path.join(folder, "expansion.json")))
        embed = base.get_input_embeddings().weight
        head = base.get_output_embeddings().weight
        new_embed = model.get_input_embeddings().weight
        new_head = model.get_output_embeddings().weight
        first = SHAPE["vocab_size"]
        for i, sources in enumerate(recipe["sources"]):
            want_e = embed[sources].mean(0)
            want_h = head[sources].mean(0)
            if not (torch.allclose(new_embed[first + i], want_e, atol=1e-6)
                    and torch.allclose(new_head[first + i], want_h, atol=1e-6)):
                _failures.append(f"{folder}: row {first + i} is not the mean of rows {sources}")
        if model.config.vocab_size != EXPANDED_VOCAB:
            _failures.append(f"{folder}: vocab_size {model.config.vocab_size} != {EXPANDED_VOCAB}")
        old = model(ids).logits[..., :first]
        diff = float((old - base(ids).logits).abs().max())
        if diff > 1e-5:
            _failures.append(f"{folder}: logits over the old vocabulary moved by {diff}")
        with_new = ids.clone()
        with_new[:, ::3] = torch.arange(first, EXPANDED_VOCAB).repeat(ids.shape[1])[: with_new[:, ::3].numel()] \
            .view_as(with_new[:, ::3])
        out["expanded"] = {"input_ids": with_new.tolist(), "logits": rounded(model(with_new).logits)}
    else:
        _failures.append(f"{folder}: missing (run test_compat_transformers with IPT_WRITE_COMPAT=1)")

    # Adapters the workbench trained, loaded by PEFT onto transformers' base model.
    folder = os.path.join(WRITTEN, "lora")
    if os.path.isdir(folder):
        from peft import PeftModel
        model = PeftModel.from_pretrained(build(LORA_BASE), folder).eval()
        from safetensors.torch import load_file
        saved = load_file(os.path.join(folder, "adapter_model.safetensors"))
        state = {k.replace(".default", ""): v for k, v in model.state_dict().items() if "lora_" in k}
        if sorted(saved) != sorted(state):
            _failures.append(f"{folder}: PEFT's adapter tensors {sorted(state)[:3]}... != the file's "
                             f"{sorted(saved)[:3]}...")
        out["lora"] = {"input_ids": ids.tolist(), "logits": rounded(model(ids).logits)}
    else:
        _failures.append(f"{folder}: missing (run test_compat_transformers with IPT_WRITE_COMPAT=1)")
    golden(os.path.join(GOLDENS, "ipt_written.json"), out)


def main():
    for case in CASES:
        model = build(case)
        save_case(case, model)
        golden(os.path.join(GOLDENS, case + ".json"), case_golden(case, model))
    peft_goldens()
    check_ipt_written()
    finish()


if __name__ == "__main__":
    main()

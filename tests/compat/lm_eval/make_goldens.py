"""lm-evaluation-harness (HF backend) as the reference for `ipt eval`.

The harness runs its own task definitions (the YAML files installed with lm_eval, included as they are;
only the dataset is pointed at the small JSONL files in data/) on a tiny Llama whose tokenizer and weights
this script makes (model/: a SentencePiece BPE trained on data/, the same model as tokenizer.model for
the workbench and as tokenizer.json for transformers; weights from a seeded NumPy stream).

goldens/<task>.<k>shot.json, for k = 0 and 2: every request the harness built (context, continuation:
the rendered prompts, few-shot examples drawn by its sampler with seed 1234), the token ids it scored
(for the first item), each request's log-likelihood, each item's acc / acc_norm / acc_bytes (or the
generated response and exact_match), and the task's metrics with their standard errors.
"""
import io
import json
import os
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from golden_io import _failures, finish, golden, golden_bytes  # noqa: E402

import lm_eval  # noqa: E402
import transformers  # noqa: E402
from lm_eval.models.huggingface import HFLM  # noqa: E402
from lm_eval.tasks import TaskManager  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
transformers.logging.set_verbosity_error()

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
MODEL = os.path.join(HERE, "model")
GOLDENS = os.path.join(HERE, "goldens")
HARNESS_TASKS = os.path.join(os.path.dirname(lm_eval.__file__), "tasks")
SEED = 1234  # the harness's default fewshot_random_seed
GEN_TOKENS = 8  # span_en's max_gen_toks

# Our task name -> (the harness's task YAML, the splits our data files stand for). The split names
# matter: the harness passes the evaluated document to its sampler (and draws one extra example to
# drop it) exactly when the few-shot split equals the test split, which is also the case when neither
# is set.
TASKS = {
    "arc_easy": ("arc/arc_easy.yaml", {"train": "arc_easy.train", "test": "arc_easy"}),
    "arc_challenge": ("arc/arc_challenge.yaml", {"train": "arc_challenge.train", "test": "arc_challenge"}),
    "boolq": ("super_glue/boolq/default.yaml", {"train": "boolq.train", "validation": "boolq"}),
    "siqa": ("siqa/siqa.yaml", {"train": "siqa.train", "validation": "siqa"}),
    "winogrande": ("winogrande/default.yaml", {"train": "winogrande.train", "validation": "winogrande"}),
    "piqa": ("piqa/piqa.yaml", {"train": "piqa.train", "validation": "piqa"}),
    "openbookqa": ("openbookqa/openbookqa.yaml", {"train": "openbookqa.train", "test": "openbookqa"}),
    "hellaswag": ("hellaswag/hellaswag.yaml", {"train": "hellaswag.train", "validation": "hellaswag"}),
}
MMLU_SUBJECTS = ["anatomy", "elementary_mathematics"]

# Two definitions of our own, written for the harness here: a generative task (the seed's span QA
# format) and an ARC variant whose prompt ends in a space (the harness moves that space into the
# continuation before tokenizing).
CUSTOM = {
    "span_en": """
task: {task}
dataset_path: json
dataset_kwargs: {{data_files: {{train: {data}/span_en.train.jsonl, test: {data}/span_en.jsonl}}}}
training_split: train
test_split: test
output_type: generate_until
doc_to_text: "Answer the following question. Article: {{{{context}}}} Question: {{{{question}}}} Answer: "
doc_to_target: "{{{{answers.text[0]}}}}"
target_delimiter: ""
generation_kwargs: {{until: ["\\n"], max_gen_toks: 8, do_sample: false}}
filter_list:
  - name: none
    filter: [{{function: remove_whitespace}}, {{function: take_first}}]
metric_list:
  - metric: exact_match
    ignore_case: true
    ignore_punctuation: true
    regexes_to_ignore: ["(?i)\\\\b(?:a|an|the)\\\\b"]
""",
    "arc_trailing_space": """
include: {harness}/arc/arc_easy.yaml
task: {task}
tag: []
dataset_path: json
dataset_name: null
dataset_kwargs: {{data_files: {{train: {data}/arc_easy.train.jsonl, test: {data}/arc_easy.jsonl}}}}
validation_split: null
doc_to_text: "Question: {{{{question}}}}\\nAnswer: "
target_delimiter: ""
metric_list: [{{metric: acc}}, {{metric: acc_norm}}, {{metric: acc_bytes}}]
""",
}


def bf16_exact(a):
    return torch.from_numpy(np.asarray(a, dtype=np.float32)).to(torch.bfloat16).to(torch.float32)


def training_text():
    """Every string of the data files, for the tokenizer."""
    lines = []

    def walk(v):
        if isinstance(v, str):
            lines.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for name in sorted(os.listdir(DATA)):
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            for line in f:
                walk(json.loads(line))
    # the prompt words of the task definitions
    lines += ["Question: Answer: A. B. C. D. Q: A: no yes Article: The following are multiple choice "
              "questions (with answers) about anatomy elementary mathematics."] * 4
    return lines


def make_model(folder):
    """The tokenizer (trained here) and a tied tiny Llama with seeded weights, saved as transformers does."""
    import sentencepiece as spm
    from transformers import LlamaConfig, LlamaForCausalLM, LlamaTokenizer
    buffer = io.BytesIO()
    # Llama 2's settings: no NFKC, spaces kept as they are, a dummy prefix, digits split, bytes for what
    # the pieces do not cover (a newline among them).
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_text()), model_writer=buffer, vocab_size=400, model_type="bpe",
        character_coverage=1.0, num_threads=1, byte_fallback=True, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        add_dummy_prefix=True, normalization_rule_name="identity", remove_extra_whitespaces=False,
        split_digits=True, minloglevel=2)
    with open(os.path.join(folder, "tokenizer.model"), "wb") as f:
        f.write(buffer.getvalue())
    tokenizer = LlamaTokenizer.from_pretrained(folder, legacy=True, add_bos_token=True)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, head_dim=8, max_position_embeddings=1024,
                         rms_norm_eps=1e-5, tie_word_embeddings=True, bos_token_id=1, eos_token_id=2)
    model = LlamaForCausalLM(config)
    rng = np.random.RandomState(31)
    with torch.no_grad():
        for _, p in model.named_parameters():
            value = 0.5 + rng.uniform(size=p.shape) if p.dim() == 1 else rng.standard_normal(size=p.shape) * 0.4
            p.copy_(bf16_exact(value))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def write_model():
    with tempfile.TemporaryDirectory() as tmp:
        make_model(tmp)
        for name in sorted(os.listdir(tmp)):
            golden_bytes(os.path.join(MODEL, name), open(os.path.join(tmp, name), "rb").read())


def task_yamls(folder):
    """Our tasks as the harness's own definitions with the local data; the names they get."""
    names = {}
    for ours, (yaml, splits) in TASKS.items():
        files = ", ".join(f"{split}: {DATA}/{stem}.jsonl" for split, stem in splits.items())
        text = (f"include: {HARNESS_TASKS}/{yaml}\ntask: ipt_{ours}\ntag: []\ndataset_path: json\n"
                f"dataset_name: null\ndataset_kwargs: {{data_files: {{{files}}}}}\n")
        for key, split in (("training_split", "train"), ("validation_split", "validation"), ("test_split", "test")):
            text += f"{key}: {split if split in splits else 'null'}\n"
        open(os.path.join(folder, f"ipt_{ours}.yaml"), "w").write(text)
        names[ours] = [f"ipt_{ours}"]
    # MMLU: one harness task per subject (as mmlu_<subject>), each reading its rows of our one file.
    names["mmlu"] = []
    rows = [json.loads(line) for line in open(os.path.join(DATA, "mmlu.jsonl"), encoding="utf-8")]
    dev = [json.loads(line) for line in open(os.path.join(DATA, "mmlu.dev.jsonl"), encoding="utf-8")]
    for subject in MMLU_SUBJECTS:
        for split, source in (("test", rows), ("dev", dev)):
            with open(os.path.join(folder, f"mmlu_{subject}.{split}.jsonl"), "w", encoding="utf-8") as f:
                for r in source:
                    if r["subject"] == subject:
                        f.write(json.dumps(r, ensure_ascii=False) + "\n")
        text = (f"include: {HARNESS_TASKS}/mmlu/default/mmlu_{subject}.yaml\ntask: ipt_mmlu_{subject}\ntag: []\n"
                f"dataset_path: json\ndataset_name: null\ndataset_kwargs: {{data_files: {{"
                f"test: {folder}/mmlu_{subject}.test.jsonl, dev: {folder}/mmlu_{subject}.dev.jsonl}}}}\n")
        open(os.path.join(folder, f"ipt_mmlu_{subject}.yaml"), "w").write(text)
        names["mmlu"].append(f"ipt_mmlu_{subject}")
    for ours, text in CUSTOM.items():
        open(os.path.join(folder, f"ipt_{ours}.yaml"), "w").write(
            text.format(task=f"ipt_{ours}", data=DATA, harness=HARNESS_TASKS))
        names[ours] = [f"ipt_{ours}"]
    return names


def item_records(lm, samples, first_item_ids):
    items = []
    for s in sorted(samples, key=lambda s: s["doc_id"]):
        args = [list(a) for a in s["arguments"]]
        item = {"doc_id": s["doc_id"], "arguments": [[a[0], a[1]] if isinstance(a[1], str) else [a[0]]
                                                      for a in args]}
        if isinstance(s["arguments"][0][1], str):  # log-likelihood requests
            item["loglikelihoods"] = [float(r[0]) for r in s["filtered_resps"]]
            for m in ("acc", "acc_norm", "acc_bytes"):
                if m in s:
                    item[m] = s[m]
            if first_item_ids and not items:
                item["token_ids"] = [list(map(list, lm._encode_pair(a[0], a[1]))) for a in args]
        else:  # generation
            item["response"] = s["filtered_resps"][0] if isinstance(s["filtered_resps"], list) else s["filtered_resps"]
            item["raw_response"] = s["resps"][0][0]
            item["exact_match"] = s["exact_match"]
            item["target"] = s["target"]
            # The tokens behind the response: greedy generate() on the same prompt ids, no stop string
            # (decoding differs between tokenizer libraries for byte pieces that are not valid UTF-8, so
            # the token ids are the comparison that always holds).
            prompt = lm.tok_encode(args[0][0])
            out = lm.model.generate(torch.tensor([prompt]), attention_mask=torch.ones(1, len(prompt), dtype=torch.long),
                                    max_new_tokens=GEN_TOKENS, min_new_tokens=GEN_TOKENS, do_sample=False,
                                    eos_token_id=None, pad_token_id=0)
            item["prompt_ids"] = prompt
            item["generated_ids"] = out[0, len(prompt):].tolist()
        items.append(item)
    return items


def main():
    write_model()
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        names = task_yamls(tmp)
        manager = TaskManager(include_path=tmp, include_defaults=False)
        lm = HFLM(pretrained=MODEL, batch_size=8, device="cpu", dtype="float32")
        all_tasks = [t for ts in names.values() for t in ts]
        for shots in (0, 2):
            out = lm_eval.simple_evaluate(model=lm, tasks=all_tasks, task_manager=manager, num_fewshot=shots,
                                          log_samples=True, fewshot_random_seed=SEED, bootstrap_iters=0)
            for ours, harness_names in names.items():
                record = {"task": ours, "num_fewshot": shots, "fewshot_random_seed": SEED, "parts": []}
                for h in harness_names:
                    metrics = {k.split(",")[0]: v for k, v in out["results"][h].items()
                               if "," in k and isinstance(v, (int, float))}
                    record["parts"].append({"harness_task": h, "metrics": metrics,
                                            "items": item_records(lm, out["samples"][h], shots == 0)})
                golden(os.path.join(GOLDENS, f"{ours}.{shots}shot.json"), record, rtol=1e-5, atol=1e-5)
    finish()


if __name__ == "__main__":
    main()

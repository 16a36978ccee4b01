#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) and dictionaries (dict/). The
seeds are small valid inputs of each format, plus a few broken ones near the edges; the fuzzer grows
its own corpus from them outside the repository. Standard library only, except the SentencePiece seed,
which is trained with the sentencepiece package when it is installed (run with the project's venv)."""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def safetensors(tensors, metadata=None, align=True):
    header, data, offset = {}, b"", 0
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, payload in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(payload)]}
        data += payload
        offset += len(payload)
    text = json.dumps(header, separators=(",", ":")).encode()
    if align:
        text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data, text


def seeds_safetensors():
    f32 = struct.pack("<2f", 1.5, -2.0)
    bf16 = b"\x80\x3f\x00\x40"
    one, h1 = safetensors([("a", "F32", [2], f32), ("b", "BF16", [1, 2], bf16)], {"format": "pt"})
    two, h2 = safetensors([("model.embed_tokens.weight", "F16", [2, 1], b"\x00\x3c\x00\x40"),
                           ("empty", "F32", [0, 3], b""), ("i", "I64", [1], struct.pack("<q", 7))])
    odd, h3 = safetensors([("u", "U8", [3], b"\x01\x02\x03"), ("f", "F32", [1], struct.pack("<f", 3.0))],
                          align=False)
    put("fuzz_safetensors_file", "two_tensors", one)
    put("fuzz_safetensors_file", "empty_and_int", two)
    put("fuzz_safetensors_file", "misaligned", odd)
    put("fuzz_safetensors_file", "truncated", one[:-3])
    for i, h in enumerate((h1, h2, h3)):
        put("fuzz_safetensors_header", "header_%d" % i, h)
    put("fuzz_safetensors_header", "overlap",
        '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}')


def seeds_model_config():
    llama = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 97, "hidden_size": 64,
             "intermediate_size": 176, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
             "max_position_embeddings": 256, "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "hidden_act": "silu",
             "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32"}
    put("fuzz_model_config", "llama", json.dumps(llama, indent=1))
    mistral = dict(llama, model_type="mistral", sliding_window=128, eos_token_id=[2, 3], pad_token_id=-1,
                   head_dim=32, tie_word_embeddings=True, torch_dtype="bfloat16")
    put("fuzz_model_config", "mistral", json.dumps(mistral))
    put("fuzz_model_config", "heads_zero", json.dumps(dict(llama, num_attention_heads=0)))


def seeds_sentencepiece():
    try:
        import sentencepiece as spm
    except ImportError:
        print("sentencepiece not installed: keeping the existing tokenizer.model seed", file=sys.stderr)
        return
    import io
    text = io.StringIO("\n".join(["the cat sat on the mat", "a dog ate the bone", "cats and dogs"] * 20))
    for kind in ("unigram", "bpe"):
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(sentence_iterator=iter(text.getvalue().split("\n")), model_writer=model,
                                       vocab_size=20, model_type=kind, normalization_rule_name="identity",
                                       byte_fallback=False, minloglevel=2)
        put("fuzz_sentencepiece_model", kind, model.getvalue())


PAIRS_LINES = [
    '{"id": "doc-1", "text": "Water boils at 100 degrees.", "pairs": [{"question": "When does water boil?", '
    '"answer": "At 100 degrees."}], "method": "synthesizer", "round": 1, "status": "ok", "raw_output": "x"}',
    '{"id": 7, "text": "caf\u00e9 \\u00e9\\ud83d\\ude00", "pairs": [], "method": "rules", "status": "no_pairs", '
    '"reason": "no rule matched the text"}',
    '{"id": "m", "text": "t", "pairs": [{"question": "Q?\\nOptions:\\n- a\\n- b", "answer": "a", '
    '"options": ["a", "b"], "category": "multiple-choice"}, {"question": "Why?", "answer": "Let\'s think step '
    'by step. x. Therefore, the answer is y.", "cot": true}], "settings": {"k": [1, 2.5, null]}, "dropped": 2, '
    '"chain": 3, "linked": true, "truncated": true}',
    '{"id": "bad", "text": "unterminated',
    '{"id": "e", "text": "", "pairs": [], "status": "empty_text", "extra": [[{"a": "\\t"}]]}',
]


def seeds_pairs():
    for i, line in enumerate(PAIRS_LINES):
        put("fuzz_pairs_line_scanner", "line_%d" % i, line)
        put("fuzz_pair_record", "line_%d" % i, line)
    put("fuzz_pairs_index", "file", "\n".join(PAIRS_LINES) + "\n\n   \r\n" + PAIRS_LINES[0])
    put("fuzz_pair_parser", "two_pairs",
        "<QUE> What boils at 100 degrees? <ANS> Water. </END>\n\n<QUE> Is ice cold?\nOptions:\n- yes\n- no "
        "<ANS> yes </END>\n\n<QUE> Why? <ANS> Let's think step by step. It melts. Therefore, the answer is heat. "
        "</END>")
    put("fuzz_pair_parser", "broken",
        "<QUE> one <ANS> two <ANS> three </END> <CON> x </CON> <QUE> <ANS> empty </END> <QUE> tail <ANS> cut")


def seeds_train_config():
    put("fuzz_train_config", "preset",
        '[model]\npreset = "tiny"\nhidden_dropout = 0.1\n[data]\nsequence_length = 32\nvalidation = "val"\n'
        '[[data.sources]]\npath = "data"\nweight = 1.0\n[[data.sources]]\npath = "more"\nweight = 0.5\n'
        '[batch]\nglobal_batch_tokens = 256\nmicro_batch = 4\n[optimizer]\nlr = 3e-3\nmin_lr = 3e-4\n'
        'warmup_steps = 3\nbetas = [0.9, 0.95]\ndecay = "linear"\n[train]\nseed = 5\nsteps = 4\n'
        'checkpoint_every = 2\nprecision = "bf16"\n')
    put("fuzz_train_config", "lora",
        '[model]\nfrom = "model"\ntrainable = ["embed_tokens"]\n[lora]\nrank = 8\nalpha = 16.0\ndropout = 0.05\n'
        'targets = ["q_proj", "v_proj"]\n[data]\nsequence_length = 1024\n[[data.sources]]\npath = "d"\n[batch]\n'
        'global_batch_tokens = 8192\n[optimizer]\nlr = 1e-4\n[train]\nsteps = 100\non_nonfinite = "skip"\n')


def seeds_task():
    arc = {"name": "arc", "data": "x.jsonl", "type": "multiple_choice", "prompt": "Question: {{question}}\nAnswer:",
           "choices": "choices.text", "answer": "{{answerKey}}", "answer_is": "label", "labels": "choices.label",
           "num_fewshot": 1, "fewshot_select": "balanced"}
    items = [{"question": "Which is a fruit?", "choices": {"text": ["apple", "stone"], "label": ["A", "B"]},
              "answerKey": "A"},
             {"question": "What melts ice?", "choices": {"text": ["sun", "snow"], "label": ["A", "B"]},
              "answerKey": "A"},
             {"question": "Where do fish live?", "choices": {"text": ["trees", "water"], "label": ["A", "B"]},
              "answerKey": "B"}]
    put("fuzz_task", "arc", json.dumps(arc) + "\n" + "\n".join(json.dumps(i) for i in items) + "\n")
    wino = {"name": "wino", "data": "x.jsonl", "type": "multiple_choice", "choice_contexts":
            ["{{sentence|before:_}}{{option1}}", "{{sentence|before:_}}{{option2}}"],
            "continuation": "{{sentence|after:_}}", "answer": "{{answer}}", "answer_is": "label", "labels": ["1", "2"]}
    put("fuzz_task", "partial", json.dumps(wino) + "\n" +
        json.dumps({"sentence": "The cup fell because _ was slippery.", "option1": "it", "option2": "he",
                    "answer": "1"}) + "\n")
    gen = {"name": "gen", "data": "x.jsonl", "type": "generate", "prompt": "{{q}} A:", "target": "{{answers}}",
           "metrics": ["exact_match", "f1", "rougeL"], "until": ["\n"], "max_new_tokens": 8, "text_units":
           "characters", "strip_suffix": "."}
    put("fuzz_task", "generate", json.dumps(gen) + "\n" + json.dumps({"q": "2+2?", "answers": ["4", "four"]}) +
        "\n" + json.dumps({"q": "x", "answers": "y"}) + "\n")


def seeds_results():
    ours = {"results": {"arc": {"alias": "arc", "acc,none": 0.5, "acc_stderr,none": 0.1, "acc_norm,none": None}},
            "n-shot": {"arc": 1}, "n-samples": {"arc": {"original": 4, "effective": 4}},
            "config": {"model": "ipt", "num_fewshot": 0}}
    put("fuzz_results_file", "ours", json.dumps(ours, indent=1))
    put("fuzz_results_file", "old_layout", '{"results": {"hellaswag": {"acc": 0.25, "acc_stderr": NaN, '
        '"acc_norm": Infinity}}, "versions": {"hellaswag": 0}}')


def seeds_metrics():
    put("fuzz_metrics_line", "train", '{"step": 12, "tokens": 3072, "loss": 2.5, "lr": 0.0003, "grad_norm": 1.25, '
        '"tokens_per_s": 1234.5, "elapsed": 3.5}')
    put("fuzz_metrics_line", "nonfinite", '{"step": 13, "loss": null, "val_loss": 3.0, "note": "skipped"}')


DICTS = {
    "json": ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"true"', '"false"', '"null"', '"\\\\u"',
             '"\\\\ud800"', '"\\\\udc00"', '"1e99999"', '"-0"', '"18446744073709551615"', '"-9223372036854775808"',
             '"2.5"', '"1e-400"', '"\\xc3\\xa9"', '"\\xf0\\x9f\\x98\\x80"', '"\\xed\\xa0\\x80"', '"\\xff"'],
    "safetensors": ["dtype", "shape", "data_offsets", "__metadata__", "format", "F64", "F32", "F16", "BF16", "I64",
                    "I32", "I16", "I8", "U8", "BOOL", "72057594037927936"],
    "model_config": ["model_type", "llama", "mistral", "vocab_size", "hidden_size", "intermediate_size",
                     "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
                     "max_position_embeddings", "rms_norm_eps", "rope_theta", "tie_word_embeddings", "sliding_window",
                     "use_sliding_window", "attention_dropout", "hidden_dropout", "bos_token_id", "eos_token_id",
                     "pad_token_id", "torch_dtype", "float32", "bfloat16", "float16", "initializer_range",
                     "hidden_act", "silu", "rope_scaling", "attention_bias", "mlp_bias"],
    "pairs": ["id", "text", "pairs", "question", "answer", "options", "cot", "category", "method", "synthesizer",
              "rules", "round", "status", "ok", "no_pairs", "empty_text", "truncated", "malformed_input", "reason",
              "raw_output", "dropped", "chain", "linked", "model", "settings"],
    "pair_parser": ["<QUE>", "<ANS>", "</END>", "<CON>", "</CON>", "<s>", "</s>", "\nOptions:\n- ",
                    "Let's think step by step.", "Therefore, the answer is", "Is ", "Does "],
    "task": ["name", "data", "type", "multiple_choice", "generate", "prompt", "choices", "answer", "answer_is",
             "index", "label", "text", "bool", "labels", "choice_prefix", "choice_contexts", "continuation", "target",
             "until", "max_new_tokens", "metrics", "acc", "acc_norm", "exact_match", "f1", "rougeL", "num_fewshot",
             "fewshot_data", "fewshot_delimiter", "seed", "limit", "description", "text_units", "words", "characters",
             "strip_suffix", "fewshot_select", "random", "balanced", "{{", "}}", "|before:", "|after:", "choices.0"],
    "results": ["results", "n-shot", "n-samples", "original", "effective", "config", "num_fewshot", "alias",
                ",none", "_stderr", "acc", "NaN", "Infinity", "-Infinity", "N/A"],
    "metrics": ["step", "tokens", "loss", "val_loss", "lr", "grad_norm", "tokens_per_s", "elapsed"],
    "toml": ["[model]", "[data]", "[[data.sources]]", "[batch]", "[optimizer]", "[train]", "[lora]", "preset",
             "from", "vocab_size", "tokenizer", "hidden_dropout", "attention_dropout", "trainable", "rank", "alpha",
             "dropout", "targets", "sequence_length", "validation", "validation_tokens", "sources", "path", "weight",
             "global_batch_tokens", "micro_batch", "lr", "min_lr", "warmup_steps", "decay", "cosine", "linear",
             "constant", "betas", "eps", "weight_decay", "grad_clip", "steps", "seed", "device", "precision", "fp32",
             "bf16", "log_every", "eval_every", "checkpoint_every", "keep_checkpoints", "on_nonfinite", "stop", "skip",
             " = ", "\"", "[", "]", "inf", "nan", "4611686018427387904", "1e300", "2.5", "0x10", "true", "false"],
}


def quote(word):
    # libFuzzer's dictionary syntax knows \\, \" and \xAB only.
    out = ""
    for byte in word.encode("utf-8"):
        c = chr(byte)
        if c in '\\"':
            out += "\\" + c
        elif 32 <= byte < 127:
            out += c
        else:
            out += "\\x%02x" % byte
    return '"' + out + '"'


def write_dicts():
    json_tokens = DICTS["json"]
    plan = {"safetensors": ["json", "safetensors"], "model_config": ["json", "model_config"],
            "pairs": ["json", "pairs"], "pair_parser": ["pair_parser"], "task": ["json", "task"],
            "results": ["json", "results"], "metrics": ["json", "metrics"], "toml": ["toml"]}
    os.makedirs(os.path.join(HERE, "dict"), exist_ok=True)
    for name, parts in plan.items():
        lines = []
        for part in parts:
            for word in DICTS[part]:
                lines.append(word if part == "json" else quote(word))
                if part != "json" and part not in ("toml", "pair_parser"):
                    lines.append(quote('"' + word + '"'))
        with open(os.path.join(HERE, "dict", name + ".dict"), "w") as f:
            f.write("# libFuzzer dictionary, written by tests/fuzz/make_seeds.py\n" + "\n".join(lines) + "\n")
    del json_tokens


if __name__ == "__main__":
    seeds_safetensors()
    seeds_model_config()
    seeds_sentencepiece()
    seeds_pairs()
    seeds_train_config()
    seeds_task()
    seeds_results()
    seeds_metrics()
    write_dicts()

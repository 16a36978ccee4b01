"""Goldens for the tokenizer.json backend, from the Hugging Face `tokenizers` library (and SentencePiece).

Fixtures (inputs, in fixtures/): small tokenizers built with the real libraries from the repo's text
(resources/demo and multilingual.txt here):
  llama3/      byte-level BPE with the Llama 3 split pattern, ignore_merges, special and added tokens
  gpt2/        byte-level BPE with the GPT-2 pattern (ByteLevel use_regex), NFKC, merges as "a b" strings
  spm-bpe.model                a SentencePiece BPE model with byte fallback, trained like Llama 2's
  metaspace-converted/  that model converted by transformers (Replace normalizers, Metaspace)
  llama2-legacy/        the same vocabulary in the Llama 2 Hub layout (Prepend + Replace normalizer)
  mistral-metaspace/    the same vocabulary in the Mistral v0.3 layout (Metaspace "first"), plus
                        Metaspace split and Digits
Training is not bit-for-bit reproducible across library versions, so the fixtures are only (re)built by
--write when they are missing or with --retrain; --check recomputes every golden from the committed
fixtures and compares.

Goldens (goldens/<fixture>.json): for every text of corpus.json, the ids with special tokens recognised
and not, the ids with the post-processor's special tokens, and the decodes; for the SentencePiece
model, SentencePiece's own ids and decodes; for the real Llama 2 tokenizer (shared fixture, when
present), the converted tokenizer.json's ids and SentencePiece's.
"""
import json
import os
import shutil
import sys
import tempfile

from golden_io import finish, golden

import sentencepiece as spm
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tokenizers import trainers

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
FIXTURES = os.path.join(HERE, "fixtures")
GOLDENS = os.path.join(HERE, "goldens")
RETRAIN = "--retrain" in sys.argv
WRITE = "--write" in sys.argv

LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")
LLAMA3_SPECIALS = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]


def training_lines():
    lines = []
    for name in ["corpus.jsonl", "synth-corpus.jsonl", "validation.jsonl"]:
        with open(os.path.join(REPO, "resources", "demo", name), encoding="utf-8") as f:
            lines += [json.loads(line)["text"] for line in f if line.strip()]
    with open(os.path.join(REPO, "resources", "demo", "swahili.txt"), encoding="utf-8") as f:
        lines += [line.rstrip("\n") for line in f if line.strip()]
    with open(os.path.join(HERE, "multilingual.txt"), encoding="utf-8") as f:
        lines += [line.rstrip("\n") for line in f]
    return lines


def corpus():
    with open(os.path.join(HERE, "corpus.json"), encoding="utf-8") as f:
        return json.load(f)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def build_llama3(folder):
    tok = Tokenizer(models.BPE(ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=1500, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(training_lines(), trainer)
    tok.add_special_tokens(LLAMA3_SPECIALS)
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=True, special=True, normalized=False)])
    tok.add_tokens([AddedToken("custom", single_word=True, special=False)])
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A $B:1",
                                      special_tokens=[("<|begin_of_text|>", bos)]),
    ])
    os.makedirs(folder, exist_ok=True)
    tok.save(os.path.join(folder, "tokenizer.json"))
    write_json(os.path.join(folder, "tokenizer_config.json"),
               {"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>", "tokenizer_class": "PreTrainedTokenizerFast"})


def build_gpt2(folder):
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=1200, min_frequency=2, show_progress=False,
                                  special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(training_lines(), trainer)
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "tokenizer.json")
    tok.save(path)
    # GPT-2's own file spells merges as "left right" strings: keep that layout covered.
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    j["model"]["merges"] = [" ".join(m) for m in j["model"]["merges"]]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(j, f, ensure_ascii=False)
    write_json(os.path.join(folder, "tokenizer_config.json"),
               {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                "add_bos_token": False, "tokenizer_class": "GPT2Tokenizer"})


def build_spm(path):
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "train.txt")
        with open(text, "w", encoding="utf-8") as f:
            f.write("\n".join(training_lines()) + "\n")
        # Llama 2's trainer settings, at a small size.
        spm.SentencePieceTrainer.train(
            input=text, model_prefix=os.path.join(tmp, "m"), model_type="bpe", vocab_size=1200,
            byte_fallback=True, split_digits=True, add_dummy_prefix=True, remove_extra_whitespaces=False,
            normalization_rule_name="identity", allow_whitespace_only_pieces=True, character_coverage=0.9995,
            num_threads=1, minloglevel=2, unk_id=0, bos_id=1, eos_id=2, pad_id=-1)
        shutil.copy(os.path.join(tmp, "m.model"), path)


SPM_CONFIG = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "add_bos_token": True,
              "add_eos_token": False, "tokenizer_class": "LlamaTokenizer"}
SPM_DECODER = {"type": "Sequence", "decoders": [
    {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "}, {"type": "ByteFallback"},
    {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}
BOS_TEMPLATE = {"type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}}


def convert_spm(model_path):
    """transformers' conversion of a SentencePiece model to tokenizer.json (as a dict)."""
    import transformers
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(model_path, os.path.join(tmp, "tokenizer.model"))
        t = transformers.AutoTokenizer.from_pretrained(tmp)
        out = os.path.join(tmp, "out")
        t.save_pretrained(out)
        with open(os.path.join(out, "tokenizer.json"), encoding="utf-8") as f:
            return json.load(f)


def build_metaspace_family(model_path):
    converted = convert_spm(model_path)
    converted["post_processor"] = BOS_TEMPLATE
    layouts = {"metaspace-converted": converted}
    legacy = json.loads(json.dumps(converted))
    legacy["normalizer"] = {"type": "Sequence", "normalizers": [
        {"type": "Prepend", "prepend": "\u2581"}, {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]}
    legacy["pre_tokenizer"] = None
    legacy["decoder"] = SPM_DECODER
    layouts["llama2-legacy"] = legacy
    mistral = json.loads(json.dumps(converted))
    mistral["normalizer"] = None
    mistral["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": True},
        {"type": "Digits", "individual_digits": True}]}
    mistral["decoder"] = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": True}
    mistral["decoder"] = {"type": "Sequence", "decoders": [
        {"type": "ByteFallback"}, {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first",
                                   "split": True}]}
    layouts["mistral-metaspace"] = mistral
    for name, j in layouts.items():
        folder = os.path.join(FIXTURES, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(j, f, ensure_ascii=False)
        write_json(os.path.join(folder, "tokenizer_config.json"), SPM_CONFIG)


def hf_goldens(tok, texts):
    rows = []
    for text in texts:
        tok.encode_special_tokens = True
        plain = tok.encode(text, add_special_tokens=False).ids
        tok.encode_special_tokens = False
        special = tok.encode(text, add_special_tokens=False).ids
        with_template = tok.encode(text, add_special_tokens=True).ids
        rows.append({"text": text, "ids": plain, "ids_special": special, "ids_template": with_template,
                     "decoded": tok.decode(plain, skip_special_tokens=False),
                     "decoded_special": tok.decode(special, skip_special_tokens=False)})
    return rows


def spm_goldens(path, texts):
    sp = spm.SentencePieceProcessor(model_file=path)
    return [{"text": t, "ids": sp.encode(t), "decoded": sp.decode(sp.encode(t))} for t in texts]


def extend_like_the_workbench(tokenizer_json, pieces):
    """Vocabulary expansion's rule, applied with the library itself: each piece the vocabulary lacks is
    appended with one merge, of the two pieces the extended model splits it into, after every existing
    merge; a piece the model splits into more than two is left out. The library renumbers added tokens
    that are not in the model's vocabulary from its size up when it loads a file, so they are entered
    there too, under their ids, before the model grows past them."""
    j = json.loads(tokenizer_json)
    next_id = Tokenizer.from_str(tokenizer_json).get_vocab_size(with_added_tokens=True)
    for t in j["added_tokens"]:
        j["model"]["vocab"].setdefault(t["content"], t["id"])
    added, merges = [], []
    for p in pieces:
        if p in j["model"]["vocab"]:
            continue
        split = [t.value for t in Tokenizer.from_str(json.dumps(j)).model.tokenize(p)]
        if len(split) != 2 or split[0] + split[1] != p:
            continue
        j["model"]["vocab"][p] = next_id
        j["model"]["merges"].append(split)
        next_id += 1
        added.append(p)
        merges.append(split)
    return json.dumps(j), added, merges


def extension_goldens(name, texts):
    """New pieces from a BPE the library trains on the Swahili demo text with the source's own
    pre-tokenizer; the extension's ids, and the source's, on the corpus and held-out Swahili."""
    path = os.path.join(FIXTURES, name, "tokenizer.json")
    with open(path, encoding="utf-8") as f:
        source_json = f.read()
    source = Tokenizer.from_str(source_json)
    aux = Tokenizer(models.BPE())
    aux.pre_tokenizer = source.pre_tokenizer
    aux.normalizer = source.normalizer
    alphabet = pre_tokenizers.ByteLevel.alphabet() if "ByteLevel" in json.dumps(json.loads(source_json)["pre_tokenizer"]) else []
    with open(os.path.join(REPO, "resources", "demo", "swahili.txt"), encoding="utf-8") as f:
        swahili = [line.rstrip("\n") for line in f if line.strip()]
    aux.train_from_iterator(swahili, trainers.BpeTrainer(vocab_size=2000, show_progress=False, initial_alphabet=alphabet))
    aux_merges = json.loads(aux.to_str())["model"]["merges"]
    vocab = json.loads(source_json)["model"]["vocab"]
    pieces = []
    for m in aux_merges:
        p = m[0] + m[1] if isinstance(m, list) else m.replace(" ", "")
        if p not in vocab and p not in pieces:
            pieces.append(p)
        if len(pieces) == 60:
            break
    extended_json, added, merges = extend_like_the_workbench(source_json, pieces)
    extended = Tokenizer.from_str(extended_json)
    source.encode_special_tokens = extended.encode_special_tokens = True
    with open(os.path.join(REPO, "resources", "demo", "swahili-heldout.txt"), encoding="utf-8") as f:
        heldout = [line.rstrip("\n") for line in f if line.strip()][:40]
    rows = []
    for t in texts + heldout:
        row = {"text": t, "source_ids": source.encode(t, add_special_tokens=False).ids,
               "extended_ids": extended.encode(t, add_special_tokens=False).ids}
        extended.encode_special_tokens = False
        row["extended_ids_special"] = extended.encode(t, add_special_tokens=False).ids
        extended.encode_special_tokens = True
        rows.append(row)
    return {"tokenizer": name, "pieces": pieces, "added": added, "merges": merges,
            "first_id": source.get_vocab_size(with_added_tokens=True), "texts": rows,
            "heldout_swahili": len(heldout)}


def main():
    texts = corpus()
    if WRITE and (RETRAIN or not os.path.exists(os.path.join(FIXTURES, "llama3", "tokenizer.json"))):
        build_llama3(os.path.join(FIXTURES, "llama3"))
    if WRITE and (RETRAIN or not os.path.exists(os.path.join(FIXTURES, "gpt2", "tokenizer.json"))):
        build_gpt2(os.path.join(FIXTURES, "gpt2"))
    spm_path = os.path.join(FIXTURES, "spm-bpe.model")
    if WRITE and (RETRAIN or not os.path.exists(spm_path)):
        build_spm(spm_path)
    if WRITE and (RETRAIN or not os.path.exists(os.path.join(FIXTURES, "llama2-legacy", "tokenizer.json"))):
        build_metaspace_family(spm_path)

    for name in ["llama3", "gpt2", "metaspace-converted", "llama2-legacy", "mistral-metaspace"]:
        tok = Tokenizer.from_file(os.path.join(FIXTURES, name, "tokenizer.json"))
        golden(os.path.join(GOLDENS, name + ".json"), {"tokenizer": name, "texts": hf_goldens(tok, texts)})
    for name in ["llama3", "mistral-metaspace"]:
        golden(os.path.join(GOLDENS, name + "-extended.json"), extension_goldens(name, texts))
    # The other normal forms, on the GPT-2-pattern fixture with its normalizer swapped (ids only).
    with open(os.path.join(FIXTURES, "gpt2", "tokenizer.json"), encoding="utf-8") as f:
        gpt2 = json.load(f)
    forms = {}
    for form in ["NFC", "NFD", "NFKD"]:
        gpt2["normalizer"] = {"type": form}
        tok = Tokenizer.from_str(json.dumps(gpt2))
        tok.encode_special_tokens = True
        forms[form] = [tok.encode(t, add_special_tokens=False).ids for t in texts]
    golden(os.path.join(GOLDENS, "gpt2-normal-forms.json"), {"tokenizer": "gpt2", "texts": texts, "ids": forms})
    golden(os.path.join(GOLDENS, "spm-bpe.json"), {"tokenizer": "spm-bpe.model", "texts": spm_goldens(spm_path, texts)})

    # The real Llama 2 tokenizer (a shared fixture, not in the repo): converted by transformers, its
    # tokenizer.json ids against SentencePiece's on the same text.
    real = os.path.join(REPO, "..", "shared", "fixtures", "llama2-tokenizer.model")
    if os.path.exists(real):
        converted = Tokenizer.from_str(json.dumps(convert_spm(real)))
        rows = []
        sp = spm.SentencePieceProcessor(model_file=real)
        for text in texts:
            converted.encode_special_tokens = True  # as SentencePiece: "<s>" in the text is text
            rows.append({"text": text, "hf_ids": converted.encode(text, add_special_tokens=False).ids,
                         "spm_ids": sp.encode(text)})
        golden(os.path.join(GOLDENS, "llama2-real.json"), {"tokenizer": "llama2-tokenizer.model", "texts": rows})
    else:
        print("make_goldens: ../shared/fixtures/llama2-tokenizer.model absent; its golden is not checked",
              file=sys.stderr)
    finish()


if __name__ == "__main__":
    main()

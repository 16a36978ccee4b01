"""The released Instruction Pre-Training pipeline (microsoft/LMOps, instruction_pretrain/utils) as the
reference for the pairs parser, the synthesizer's prompt strings and the corpus templating.

The released code is not a package: point LMOPS_DIR at a checkout of https://github.com/microsoft/LMOps
(the goldens were made at commit 4f2a9deb5f08e459fd44c2e4792344d78ca89fc3). Without it the check is
skipped with a message; the goldens in the repo stay what ctest compares with.

goldens/parser.json   for each generation in cases/generations.json: parse_comprehension(.., deduplicate=
                      True)'s pairs, and what parse_QA_list (the templating step) makes of each pair: kept
                      or dropped, its mode (plain, options, chain of thought), question, options, answer,
                      reasoning, and whether the answer is one of the released "none of the above" strings
goldens/prompts.json  get_dataset()'s prompt strings over two rounds of chained texts (cases/chains.json)
goldens/adaptllm_mined.json  AdaptLLM's regex miners (adaptllm/utils/read.py) on cases/rule_texts.json
goldens/numpy_choice.json  np.random.seed(s) + np.random.choice(n, p=...) (AdaptLLM's draws), without LMOPS_DIR too
goldens/cooked.json   cook_pt_entries() on the chains of cases/collections.json with the small pools of
                      cases/pools.json (written in the workbench's pools format and put in place of the
                      released pools), for seeds chosen so that every layout, with and without the
                      pairs-first inversion, is drawn
"""
import copy
import random
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from golden_io import finish, golden  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
GOLDENS = os.path.join(HERE, "goldens")


def released():
    root = os.environ.get("LMOPS_DIR")
    if not root or not os.path.isdir(os.path.join(root, "instruction_pretrain", "utils")):
        print("scripts/compat lmops: the released code's goldens skipped (set LMOPS_DIR to a checkout of "
              "microsoft/LMOps)", file=sys.stderr)
        return None, None
    sys.path.insert(0, os.path.join(root, "instruction_pretrain"))
    import utils.read_compre as rc  # noqa: E402
    import utils.read_compre_pt as rc_pt  # noqa: E402
    return rc, rc_pt


def templated(rc_pt, pair, index):
    """parse_QA_list on one pair: what the templating step keeps of it."""
    kept = rc_pt.parse_QA_list([pair], "Options:", rc_pt.OPT_ITEM_NAME_CANDIDATES[0],
                               rc_pt.OPT_ITEM_END_STR_CANDIDATES[0], ", ", "None", random_seed=index)
    out = {"kept": bool(kept)}
    if kept:
        k = kept[0]
        out.update({"mode": k["qa_mode"], "question": k["question"], "answer": k["answer"],
                    "options": k.get("options"), "reasoning": k.get("cot")})
    # An answer from the released "none of the above" list passes only through that list.
    out["unanswerable"] = pair["A"].split("\nTherefore, the answer is ")[-1].strip() in rc_pt.UNANSWERABLE_OPTIONS
    return out


def parser_goldens(rc, rc_pt):
    generations = json.load(open(os.path.join(CASES, "generations.json"), encoding="utf-8"))
    out = []
    for g in generations:
        pairs = rc.parse_comprehension(g, deduplicate=True)
        out.append({"generation": g, "pairs": [{"question": p["Q"], "answer": p["A"],
                                                "templated": templated(rc_pt, p, i)} for i, p in enumerate(pairs)]})
    golden(os.path.join(GOLDENS, "parser.json"), out)


def prompt_goldens(rc):
    """Two rounds: the second round's texts are prompted after the first round's (text, pairs)."""
    chains = json.load(open(os.path.join(CASES, "chains.json"), encoding="utf-8"))
    first = rc.get_dataset(prev_examples=[], cur_raw_texts=chains["round1"], max_model_len=4096,
                           max_new_tokens=400)
    for entry, pred in zip(first, chains["round1_generations"]):
        entry["pred"] = pred
    prev = rc.process_syn_raw_text(first)
    second = rc.get_dataset(prev_examples=prev, cur_raw_texts=chains["round2"], max_model_len=4096,
                            max_new_tokens=400)
    golden(os.path.join(GOLDENS, "prompts.json"), {
        "round1": [e["cur_context"] for e in first],
        "round2": [e["cur_context"] for e in second],
        "round1_pairs": [[{"question": p["Q"], "answer": p["A"]} for p in c[-1]["QA_list"]] for c in prev],
    })


def install_pools(rc_pt, pools):
    """Our pools file as the released module's pools (its own are set aside)."""
    P = rc_pt.FewShotPattern
    I = rc_pt.InlineFewShotPattern
    rc_pt.FEWSHOT_PATTERNS = {
        released: [P(**p) for p in pools[ours]] for ours, released in (
            ("qa", "qa"), ("qa_options", "qa_w_option"), ("qa_cot", "qa_w_cot"), ("qa_options_cot", "qa_w_option_w_cot"),
            ("numbered_questions", "numbered_questions"), ("next_turn_dialog", "next_turn_dialog"))}
    rc_pt.INLINE_FEWSHOT_PATTERNS = {"explain_afterwards": [I(**p) for p in pools["inline_explained"]],
                                     "no_explicit_explain": [I(**p) for p in pools["inline_plain"]]}
    rc_pt.READ_START_STRING_CANDIDATES = pools["read_starts"]
    rc_pt.READ_END_STRING_CANDIDATES = pools["read_ends"]
    rc_pt.COMPRE_START_STRING_CANDIDATES = pools["compre_starts"]
    rc_pt.QA_START_STRING_CANDIDATES = pools["qa_starts"]
    rc_pt.QA_END_STRING_CANDIDATES = pools["qa_ends"]
    rc_pt.TEXT_START_STRING_CANDIDATES = pools["text_starts"]
    rc_pt.OPT_START_STRING_CANDIDATES = pools["option_starts"]
    rc_pt.OPT_ITEM_NAME_CANDIDATES = pools["option_item_names"]
    rc_pt.OPT_ITEM_END_STR_CANDIDATES = [[e] * 26 for e in pools["option_item_ends"]]
    rc_pt.UNANSWERABLE_OPTIONS = pools["unanswerable_options"]
    rc_pt.QUESTION_ITEM_NAME_CANDIDATES = pools["question_item_names"]
    rc_pt.DIALOG_START_STRING_CANDIDATES = pools["dialog_starts"]
    rc_pt.DIALOG_ITEM_NAME_CANDIDATES = [[a, b] * 500 for a, b in pools["dialog_item_names"]]
    rc_pt.DIALOG_ITEM_END_STR_CANDIDATES = [[e] * 1000 for e in pools["dialog_item_ends"]]
    # Fixed in the released get_patterns(); the pools file must hold the same values for parity.
    assert pools["dialog_start_joiners"] == ["\n\n", "\n", " ", " | "]
    assert pools["dialog_turn_separators"] == ["", "\n"]
    assert pools["layout_weights"] == {"few": [95, 5], "many": [80, 5, 5, 5, 5], "inversion": [5, 95]}


def layout_of(seed, many):
    modes, weights = (["Classic", "Dialog", "Numbered_Questions", "Inline_FS", "Next_turn_dialog"],
                      [80, 5, 5, 5, 5]) if many else (["Classic", "Dialog"], [95, 5])
    mode = random.Random(seed).choices(modes, weights=weights, k=1)[0]
    inversion = random.Random(seed).choices([True, False], weights=[5, 95], k=1)[0]
    return mode, inversion


def cooked_goldens(rc, rc_pt):
    pools = json.load(open(os.path.join(CASES, "pools.json"), encoding="utf-8"))
    install_pools(rc_pt, pools)
    collections = json.load(open(os.path.join(CASES, "collections.json"), encoding="utf-8"))
    out = {}
    for name, chain in collections.items():
        # Seeds from 12345 on: the first of each (layout, inversion) that this chain can draw.
        many = all(len(e["QA_list"]) >= 2 for e in chain)
        wanted, seeds = {}, []
        for seed in range(12345, 12345 + 20000):
            key = layout_of(seed, many)
            if key not in wanted:
                wanted[key] = seed
                seeds.append(seed)
            if len(wanted) == (10 if many else 4):
                break
        seeds += [0, 1, 7]
        out[name] = [{"seed": seed, "layout": list(layout_of(seed, many)),
                      "documents": rc.cook_pt_entries(copy.deepcopy(chain), random_seed=seed)} for seed in seeds]
    golden(os.path.join(GOLDENS, "cooked.json"), out)


def adaptllm_goldens(root):
    """AdaptLLM's regex miners (utils/read.py) on cases/rule_texts.json: what each pattern finds."""
    sys.path.insert(0, os.path.join(root, "adaptllm"))
    from utils import read as ar
    texts = json.load(open(os.path.join(CASES, "rule_texts.json"), encoding="utf-8"))
    out = []
    for text in texts:
        context = "\n".join(text.split("\n")[1:]) if "\n" in text else text
        found = []
        for type_name in ("nli", "common_reason", "paraphrase", "word2text"):
            miner = ar.type_map.cls_dic[type_name]()
            mined, _ = ar.BaseType.mine(miner, context)
            for sub, examples in mined.items():
                for e in examples:
                    first = e.get("premise", e.get("sentence1", e.get("word", e.get("sentence"))))
                    second = e.get("hypothesis", e.get("sentence2", e.get("definition", e.get("topic"))))
                    found.append({"type": type_name, "subcategory": sub, "verbalizer": e["verbalizer"],
                                  "first": first, "second": second})
        out.append({"context": context, "mined": found})
    golden(os.path.join(GOLDENS, "adaptllm_mined.json"), out)


def numpy_goldens():
    """AdaptLLM draws with numpy's legacy generator: np.random.seed(seed) and choice(..., p=...)."""
    import numpy as np
    out = {}
    for seed in [0, 1, 2, 5, 11, 12345, 4294967295]:
        row = []
        for p in ([0.4, 0.1, 0.4, 0.1], [0.2, 0.8], [0.5, 0.5]):
            np.random.seed(seed)
            row.append(int(np.random.choice(len(p), p=p)))
        np.random.seed(seed)
        row.append(float(np.random.random_sample()))
        out[str(seed)] = row
    golden(os.path.join(GOLDENS, "numpy_choice.json"), out, rtol=0, atol=0)


def main():
    numpy_goldens()
    rc, rc_pt = released()
    if rc is not None:
        parser_goldens(rc, rc_pt)
        prompt_goldens(rc)
        cooked_goldens(rc, rc_pt)
        adaptllm_goldens(os.environ["LMOPS_DIR"])
    finish()


if __name__ == "__main__":
    main()

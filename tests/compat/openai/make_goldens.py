"""The official `openai` Python client against `ipt serve`: what the client reads from our server's
completions (plain, streamed, token-id prompts, stop strings, a list of prompts), its model list and its
error for an unknown model, kept as goldens. tests/core/test_serve.cpp asks the same server the same
with the workbench's own client and compares with these files, so both clients read the protocol alike.

The model is `ipt model init --preset tiny --seed 4` with the Llama 2 tokenizer (deterministic weights),
greedy. IPT_CLI names the `ipt` binary (default build/app/cli/ipt).
"""
import os
import re
import subprocess
import sys
import tempfile

import openai

from golden_io import finish, golden

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
IPT = os.environ.get("IPT_CLI", os.path.join(ROOT, "build", "app", "cli", "ipt"))
TOKENIZER = os.path.join(ROOT, "..", "shared", "fixtures", "llama2-tokenizer.model")

# The requests, shared with tests/core/test_serve.cpp (which reads them from requests.json).
REQUESTS = [
    {"name": "text", "prompt": "Once upon a time", "max_tokens": 12},
    {"name": "token_ids", "prompt": [1, 450, 4996, 17354, 1701, 29916], "max_tokens": 10},
    {"name": "long", "prompt": "The river", "max_tokens": 40},
    {"name": "list", "prompt": ["Hello", "The river"], "max_tokens": 6},
]


def main():
    if not os.path.exists(IPT):
        sys.exit(f"make_goldens: {IPT} is missing (build ipt first, or set IPT_CLI)")
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "tiny")
        subprocess.run([IPT, "model", "init", "--preset", "tiny", "--tokenizer", TOKENIZER, "--seed", "4", "--out",
                        model], check=True, capture_output=True)
        server = subprocess.Popen([IPT, "--threads", "1", "serve", "--model", model, "--port", "0"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = int(re.search(r":(\d+)/v1", server.stdout.readline()).group(1))
            client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused", max_retries=0)
            out = {"models": [m.id for m in client.models.list()]}
            for r in REQUESTS:
                c = client.completions.create(model="tiny", prompt=r["prompt"], max_tokens=r["max_tokens"],
                                              temperature=0)
                out[r["name"]] = {"texts": [ch.text for ch in c.choices],
                                  "finish_reasons": [ch.finish_reason for ch in c.choices],
                                  "completion_tokens": c.usage.completion_tokens,
                                  "prompt_tokens": c.usage.prompt_tokens}
            stream = client.completions.create(model="tiny", prompt=REQUESTS[0]["prompt"],
                                               max_tokens=REQUESTS[0]["max_tokens"], temperature=0, stream=True)
            chunks = [ch.choices[0] for ch in stream]
            out["stream"] = {"text": "".join(ch.text for ch in chunks), "finish_reason": chunks[-1].finish_reason}
            # A stop string taken from the plain text: the completion ends right before it.
            text = out["text"]["texts"][0]
            stop = text[len(text) // 2: len(text) // 2 + 3]
            c = client.completions.create(model="tiny", prompt=REQUESTS[0]["prompt"], max_tokens=12, temperature=0,
                                          stop=[stop])
            out["stop"] = {"stop": stop, "text": c.choices[0].text, "finish_reason": c.choices[0].finish_reason}
            try:
                client.completions.create(model="other", prompt="x", max_tokens=1)
                out["unknown_model"] = None
            except openai.NotFoundError as e:
                out["unknown_model"] = {"status": e.status_code, "message": e.body["message"]}
        finally:
            server.terminate()
            server.wait(timeout=30)
    golden(os.path.join(HERE, "requests.json"), REQUESTS)
    golden(os.path.join(HERE, "responses.json"), out)
    finish()


if __name__ == "__main__":
    main()

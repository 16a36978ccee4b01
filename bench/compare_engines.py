"""Generation speed of the workbench against llama.cpp (built from source beside the project) and
transformers' generate, on the same weights, measured in one run and printed as a Markdown table of
ratios. Run through bench/compare_engines, which finds the Python environment.

For each preset: a random-initialised float32 model folder (`ipt model init`, the Llama 2 tokenizer),
converted to GGUF F32 by llama.cpp's own convert_hf_to_gguf.py; greedy text of both engines compared;
then, interleaved and best of --repeats (the machine is shared and interference only slows a run):
  decode_1 / decode_8   tokens/s decoding 48 tokens after 64-token prompts, 1 or 8 sequences
                        (llama.cpp: llama-batched-bench -npp 64 -ntg 48 -npl 1,8, its S_TG)
  prefill_512 / _1024   tokens/s of one prompt of that length (llama.cpp: llama-bench -p, its pp)
and for our engine the same model loaded as bfloat16, and transformers' decode_1 / decode_8 with the
weights loaded as float32 and as bfloat16. Our bfloat16 figure is compared with the faster of
transformers' two (on a CPU without native bfloat16 its bfloat16 can be faster for one sequence and
slower for eight), so the ratio says what a bfloat16 checkpoint gains over transformers at its best.

A second table sets decoding against the memory ceiling: a decoding step reads every weight once (all
but the embedding table), so no engine decodes more than batch x (bandwidth / bytes per step) tokens/s.
engine_bench measures both in the same run: the bytes its loaded model's step reads, and what the same
pinned cores read from a buffer far larger than the caches (best of the runs), in 2 MiB huge pages as
our weights lie; the table also shows the rate from 4 KiB pages, as llama.cpp's mapped GGUF file lies.
The memory ceiling takes the higher of the two. Arithmetic bounds decoding too: each token costs 2
FLOP per parameter the step reads, and engine_bench measures what the same cores multiply-add with
everything in registers. The ceiling is the lower of the two bounds, and the table says which it is
(a batch of 8 in float32 needs 4 FLOP per byte read, about what one core here does at its memory's
rate). A "3x transformers / ceiling" above 1 is a target no engine can meet on this machine.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, env=None, check=True):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and out.returncode != 0:
        sys.exit(f"compare_engines: {' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout + out.stderr


def figures(text):
    found = {}
    for line in text.splitlines():
        m = re.match(r"^(decode_1|decode_8|prefill_512|prefill_1024|step_bytes|memory_read_gbps|memory_read_4k_gbps|fma_gflops) ([0-9.]+)$",
                     line.strip())
        if m:
            found[m.group(1)] = float(m.group(2))
    return found


def pinned(threads):
    # One core per thread, the same cores for every engine.
    return ["taskset", "-c", ",".join(str(i) for i in range(threads))]


def ours(args, folder, threads, dtype):
    cmd = pinned(threads) + [args.engine_bench, folder, "--threads", str(threads), "--dtype", dtype]
    return figures(run(cmd))


def llama_cpp(args, gguf, threads):
    found = {}
    text = run(pinned(threads) + [os.path.join(args.llama_bin, "llama-batched-bench"), "-m", gguf, "-c", "2048",
                                  "-b", "2048", "-ub", "512", "-npp", "64", "-ntg", "48", "-npl", "1,8", "-t",
                                  str(threads), "-tb", str(threads)])
    # Rows: |    PP |     TG |    B |   N_KV |   T_PP s | S_PP t/s |   T_TG s | S_TG t/s | ...
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 8 and cells[0] == "64" and cells[1] == "48":
            found["decode_1" if cells[2] == "1" else "decode_8"] = float(cells[7])
    text = run(pinned(threads) + [os.path.join(args.llama_bin, "llama-bench"), "-m", gguf, "-p", "512,1024", "-n",
                                  "0", "-r", "1", "-t", str(threads), "-o", "csv"])
    for line in text.splitlines():
        m = re.search(r'"(512|1024)","0",.*?"([0-9.]+)","([0-9.]+)"\s*$', line)
        if m:
            found[f"prefill_{m.group(1)}"] = float(m.group(2))
    return found


def transformers(args, folder, threads, dtype):
    return figures(run(pinned(threads) + [sys.executable, os.path.join(HERE, "transformers_generate.py"), folder,
                                          str(threads), dtype]))


def best(into, new):
    for k, v in new.items():
        into[k] = max(into.get(k, 0.0), v)


def greedy_check(args, folder, gguf):
    prompt = "The history of the city begins"
    ipt_text = run([args.ipt, "generate", "--model", folder, "--prompt", prompt, "--greedy", "--max-new-tokens",
                    "32", "--ignore-eos"]).split("\n[")[0].strip()
    llama_text = run([os.path.join(args.llama_bin, "llama-simple"), "-m", gguf, "-n", "32", prompt])
    llama_text = llama_text[llama_text.find(prompt):].split("\nmain:")[0].strip() if prompt in llama_text else ""
    same = ipt_text == llama_text[: len(ipt_text)] and len(ipt_text) > len(prompt)
    return same, ipt_text, llama_text


def ceiling(gbps, gflops, step_bytes, bytes_per_parameter, batch):
    """(tokens/s, bound): the lower of batch x bandwidth / bytes per step (every step's weights streamed
    at the measured rate, nothing else taking time) and FMA throughput / (2 FLOP x parameters)."""
    if not (gbps and step_bytes):
        return None, ""
    memory = batch * gbps * 1e9 / step_bytes
    if not gflops:
        return memory, "memory"
    compute = gflops * 1e9 / (2.0 * step_bytes / bytes_per_parameter)
    return (memory, "memory") if memory <= compute else (compute, "arithmetic")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--llama-cpp", required=True, help="llama.cpp source folder (with build/bin)")
    p.add_argument("--build", default=os.path.join(ROOT, "build"), help="the workbench's build folder")
    p.add_argument("--work", default="/tmp/ipt-compare-engines", help="folder for the models")
    p.add_argument("--presets", default="small-50m,llama-500m")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--no-transformers", action="store_true")
    p.add_argument("--converter-path", default="",
                   help="a folder of extra Python modules for llama.cpp's converter (it imports mistral_common): "
                        "pip install --target DIR --no-deps mistral-common pillow tiktoken jsonschema ...")
    args = p.parse_args()
    args.llama_bin = os.path.join(args.llama_cpp, "build", "bin")
    args.ipt = os.path.join(args.build, "app", "cli", "ipt")
    args.engine_bench = os.path.join(args.build, "bench", "engine_bench")
    tokenizer = os.path.join(ROOT, "..", "shared", "fixtures", "llama2-tokenizer.model")
    os.makedirs(args.work, exist_ok=True)
    threads = [int(t) for t in args.threads.split(",")]
    cpu = run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).strip()
    print(f"machine: {cpu}, {os.cpu_count()} cores; {args.repeats} interleaved runs, best of each\n")
    rows, ceilings = [], []
    for preset in args.presets.split(","):
        folder = os.path.join(args.work, preset)
        gguf = os.path.join(args.work, preset + "-f32.gguf")
        if not os.path.exists(os.path.join(folder, "config.json")):
            run([args.ipt, "model", "init", "--preset", preset, "--out", folder, "--tokenizer", tokenizer, "--seed",
                 "1"])
        if not os.path.exists(gguf):
            env = dict(os.environ)
            if args.converter_path:  # modules the converter imports that the pinned environment lacks
                env["PYTHONPATH"] = args.converter_path + os.pathsep + env.get("PYTHONPATH", "")
            run([sys.executable, os.path.join(args.llama_cpp, "convert_hf_to_gguf.py"), folder, "--outtype", "f32",
                 "--outfile", gguf], env=env)
        same, a, b = greedy_check(args, folder, gguf)
        print(f"{preset}: greedy text {'identical' if same else 'DIFFERS'} for 32 tokens")
        if not same:
            print(f"  ours:      {a!r}\n  llama.cpp: {b!r}")
        for t in threads:
            o, o16, l, h, h16 = {}, {}, {}, {}, {}
            for _ in range(args.repeats):
                best(o, ours(args, folder, t, "float32"))
                best(l, llama_cpp(args, gguf, t))
                best(o16, ours(args, folder, t, "bfloat16"))
                if not args.no_transformers:
                    best(h, transformers(args, folder, t, "float32"))
                    best(h16, transformers(args, folder, t, "bfloat16"))
            for measure in ["decode_1", "decode_8", "prefill_512", "prefill_1024"]:
                rows.append((preset, t, measure, o.get(measure), l.get(measure), o16.get(measure), h.get(measure),
                             h16.get(measure)))
            gbps = max(o.get("memory_read_gbps", 0.0), o16.get("memory_read_gbps", 0.0))
            gbps_4k = max(o.get("memory_read_4k_gbps", 0.0), o16.get("memory_read_4k_gbps", 0.0))
            top = max(gbps, gbps_4k)
            gflops = max(o.get("fma_gflops", 0.0), o16.get("fma_gflops", 0.0))
            for measure, batch in [("decode_1", 1), ("decode_8", 8)]:
                ceilings.append((preset, t, measure, gbps, gbps_4k, gflops,
                                 ceiling(top, gflops, o.get("step_bytes"), 4, batch),
                                 ceiling(top, gflops, o16.get("step_bytes"), 2, batch), o.get(measure), l.get(measure),
                                 o16.get(measure), h.get(measure), h16.get(measure)))

    def cell(v):
        return f"{v:.1f}" if v else "-"

    def ratio(a, b):
        return f"{a / b:.2f}" if a and b else "-"

    print("\n| model | threads | measure | ours f32 | llama.cpp F32 | ratio | ours bf16 | bf16 / f32 | transformers "
          "f32 | ours / transformers f32 | transformers bf16 | ours bf16 / transformers' best |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for preset, t, m, o, l, o16, h, h16 in rows:
        h_best = max(h or 0.0, h16 or 0.0)
        print(f"| {preset} | {t} | {m} tok/s | {cell(o)} | {cell(l)} | {ratio(o, l)} | {cell(o16)} | {ratio(o16, o)} | "
              f"{cell(h)} | {ratio(o, h)} | {cell(h16)} | {ratio(o16, h_best)} |")

    print("\n| model | threads | measure | memory GB/s, huge / 4 KiB pages | FMA GFLOP/s | ceiling f32 | ours f32 / ceiling | llama.cpp / ceiling | "
          "3x transformers f32 / ceiling | ceiling bf16 | ours bf16 / ceiling | 3x transformers' best / ceiling |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for preset, t, m, gbps, gbps_4k, gflops, (c32, b32), (c16, b16), o, l, o16, h, h16 in ceilings:
        h_best = max(h or 0.0, h16 or 0.0)
        print(f"| {preset} | {t} | {m} tok/s | {cell(gbps)} / {cell(gbps_4k)} | {cell(gflops)} | {cell(c32)} ({b32}) | {ratio(o, c32)} | {ratio(l, c32)} | "
              f"{ratio(3 * h if h else None, c32)} | {cell(c16)} ({b16}) | {ratio(o16, c16)} | "
              f"{ratio(3 * h_best if h_best else None, c16)} |")


if __name__ == "__main__":
    main()

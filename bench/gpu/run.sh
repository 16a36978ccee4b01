#!/usr/bin/env bash
# On a GPU machine with PyTorch (CUDA) and CMake: builds `ipt` and the training benchmark without Qt
# against PyTorch's own LibTorch, verifies the install with `ipt selftest --device cuda`, then measures
# training tokens/s and MFU of the same model in this engine and in plain PyTorch, side by side.
# Dependencies that such a machine lacks come from .device/deps (bench/gpu/pack-deps.sh).
# Usage: bench/gpu/run.sh [preset] [batch] [seq] [peak_tflops]   (defaults: llama-500m 8 2048 989 = H100 bf16)
set -euo pipefail
cd "$(dirname "$0")/../.."
preset="${1:-llama-500m}" batch="${2:-8}" seq="${3:-2048}" peak="${4:-989}"
deps="$PWD/.device/deps"
torch_cmake=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
export LD_LIBRARY_PATH="$deps/lib:${LD_LIBRARY_PATH:-}"
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DIPT_BUILD_GUI=OFF -DIPT_BUILD_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$torch_cmake;$deps;$deps/share/cmake" -DCMAKE_INCLUDE_PATH="$deps/include" \
  -DCMAKE_LIBRARY_PATH="$deps/lib" > build-gpu.log
cmake --build build-gpu --parallel "$(nproc)" --target ipt train_bench >> build-gpu.log
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
build-gpu/app/cli/ipt selftest --device cuda
PYTHON=python3 build-gpu/bench/train_bench "$preset" cuda bf16 "$batch" "$seq" "$peak"
PYTHON=python3 build-gpu/bench/train_bench "$preset" cuda fp32 "$batch" "$seq" "$peak"

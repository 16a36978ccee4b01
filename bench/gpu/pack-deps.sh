#!/usr/bin/env bash
# Run on a Debian 12 development machine (after scripts/setup): copies what a GPU node lacks into
# .device/deps (ignored by git) so that the device tool can carry it: SentencePiece's header and
# libraries, PCRE2 and ICU (tokenizer.json), and the header-only nlohmann-json, toml++ and CLI11 with their
# CMake package files.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.device/deps
rm -rf "$out"
mkdir -p "$out/include" "$out/lib" "$out/share/cmake"
cp /usr/include/sentencepiece_processor.h /usr/include/sentencepiece_trainer.h "$out/include/"
cp -P /usr/lib/x86_64-linux-gnu/libsentencepiece.so* "$out/lib/"
cp /usr/include/pcre2.h "$out/include/"
cp -P /usr/lib/x86_64-linux-gnu/libpcre2-8.so* "$out/lib/"
cp -r /usr/include/unicode "$out/include/"
cp -P /usr/lib/x86_64-linux-gnu/libicuuc.so* /usr/lib/x86_64-linux-gnu/libicudata.so* "$out/lib/"
cp -r /usr/include/nlohmann /usr/include/toml++ /usr/include/CLI "$out/include/"
cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$out/share/cmake/"
cp -r /usr/lib/x86_64-linux-gnu/cmake/tomlplusplus "$out/share/cmake/"
echo "packed into $out ($(du -sh "$out" | cut -f1))"

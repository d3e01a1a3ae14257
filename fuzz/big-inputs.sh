#!/usr/bin/env bash
# Runs every fuzz target once on 64 KB inputs: fuzz/big-inputs.sh [TARGET...]
# The inputs are the target's seeds and its 20 largest corpus entries, each
# repeated to 64 KB, and texts of one construct repeated (open brackets and
# quotes, credit frames, capitalised names, query operators). Each input
# runs on its own; those over 1 s (-timeout=1) or crashing are listed. Run
# fuzz/run.sh TARGET first, so that the seeds and the corpus exist.
set -euo pipefail
cd "$(dirname "$0")"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse_text parse_json parse_jsonl parse_csv parse_html parse_warc dates extract query config)
fi
cargo +nightly fuzz build >/dev/null
for target in "${targets[@]}"; do
    dir=big/$target
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 - "$target" "$dir" <<'PY'
import os, sys
target, out = sys.argv[1], sys.argv[2]
SIZE = 64 * 1024

def grow(data, prefix=b""):
    if not data:
        return prefix
    body = (data * (SIZE // len(data) + 1))[: SIZE - len(prefix)]
    return prefix + body

inputs = {}
for folder in (f"seeds/{target}", f"corpus/{target}"):
    if not os.path.isdir(folder):
        continue
    files = sorted(
        (os.path.join(folder, f) for f in os.listdir(folder)),
        key=os.path.getsize,
        reverse=True,
    )[:20]
    for i, path in enumerate(files):
        data = open(path, "rb").read()
        # Keep a selector byte where the target reads one.
        head = data[:1] if target in ("parse_csv", "query", "config") else b""
        inputs[f"{os.path.basename(folder)}-{i}"] = grow(data[len(head):], head)

constructs = [
    b"(", b"\"", b"[", b"{", b"<", b"\n", b" ", b"-", b"'", b"\xe2\x80\x9c",
    b"He said, \"", b"according to ", b"Trend reports. ", b"BAKU (Trend) - ",
    b"Maria Zakharova said ", b"A. B. C. D. ", b"Mr ", b"told ", b"<p>",
    b"<div>", b"{\"a\":", b"[1,", b"a OR ", b"-a ", b"\"a b\" ", b"a~2 ",
    b"title:", b"* ", b"AND ", b"(a ", b"2024-12-26 ", b"Date: ",
    b"WARC/1.0\r\n", b"\r", b",\"", b"\t",
]
for i, c in enumerate(constructs):
    head = b"\x00" if target in ("parse_csv", "query", "config") else b""
    inputs[f"construct-{i}"] = grow(c, head)
for name, data in inputs.items():
    open(os.path.join(out, name), "wb").write(data[:SIZE])
PY
    bin=target/x86_64-unknown-linux-gnu/release/$target
    : > "big/$target.log"
    over=()
    for input in "$dir"/*; do
        if ! "$bin" -timeout=1 -rss_limit_mb=2048 "$input" >> "big/$target.log" 2>&1; then
            over+=("$(basename "$input")")
        fi
    done
    slowest=$(grep -o 'Executed [^ ]* in [0-9]* ms' "big/$target.log" | sort -t' ' -k4 -n | tail -1)
    echo "$target: $(ls "$dir" | wc -l) inputs of 64 KB; over 1 s or failed: ${over[*]:-none}; slowest within 1 s: ${slowest:-none}"
done

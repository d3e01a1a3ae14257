#!/usr/bin/env bash
# Indexing and search benchmark at scale.
#
#   bench/run.sh SIZE [SEED]
#
# Generates SIZE articles from the BBC corpus (cached: generated once per
# size and seed), indexes them with `newsdex index` and with the bare
# tantivy baseline (2 threads and a 512 MB budget each), measures
# wall time and peak RSS (/usr/bin/time -v) and index size (du), times
# queries in-process (`newsdex-bench queries`), times whole `newsdex search
# --json` processes and a fixed-string grep over the raw corpus (hyperfine),
# and prints a Markdown summary, also saved as $BENCH_DIR/summary-SIZE.md.
#
# Environment: BENCH_DIR (default /tmp/newsdex-bench) holds corpora,
# indexes and logs; BBC_DIR (default ../shared/corpora/bbc beside the
# checkout) is the source text; THREADS (default 2); MEMORY (MB, default 512).
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:?usage: bench/run.sh SIZE [SEED]}
seed=${2:-1}
bench_dir=${BENCH_DIR:-/tmp/newsdex-bench}
bbc_dir=${BBC_DIR:-../shared/corpora/bbc}
threads=${THREADS:-2}
memory=${MEMORY:-512}

for tool in /usr/bin/time hyperfine python3 pgrep bc; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done

corpus=$bench_dir/corpus-$size-s$seed
idx=$bench_dir/idx-newsdex-$size
base=$bench_dir/idx-baseline-$size
logs=$bench_dir/logs-$size
mkdir -p "$bench_dir" "$logs"

cargo build --release --quiet --bin newsdex --bin newsdex-bench
newsdex=$PWD/target/release/newsdex
bench=$PWD/target/release/newsdex-bench

if [[ ! -f $corpus/.manifest ]]; then
  echo "run.sh: generating $size articles in $corpus" >&2
  rm -rf "$corpus"
  "$bench" generate --articles "$size" --seed "$seed" --out "$corpus" --from "$bbc_dir" | tee "$logs/generate.txt"
fi
corpus_bytes=$(du -sb "$corpus" | cut -f1)

# load, timed
source bench/lib.sh

# Samples the anonymous memory (RssAnon: heap, not the page cache of
# mapped index files) of the newest process named $1 every half second,
# writing "seconds kB" lines to $2, until the process is gone.
sample_rss() {
  local name=$1 out=$2 pid="" started
  started=$(date +%s.%N)
  : >"$out"
  for _ in $(seq 200); do pid=$(pgrep -n -x "$name" || true); [[ -n $pid ]] && break; sleep 0.05; done
  [[ -n $pid ]] || return 0
  while kb=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [[ -n $kb ]]; do
    echo "$(echo "$(date +%s.%N) - $started" | bc) $kb" >>"$out"
    sleep 0.5
  done
}

load_before=$(load)
echo "run.sh: newsdex index ($threads threads)" >&2
rm -rf "$idx"
sample_rss newsdex "$logs/newsdex-index.rss" &
sampler=$!
timed newsdex-index "$newsdex" index --threads "$threads" --memory "$memory" --index "$idx" "$corpus"
wait "$sampler" || true
read -r nd_secs nd_rss <"$logs/newsdex-index.result"
echo "run.sh: baseline ($threads threads)" >&2
rm -rf "$base"
timed baseline "$bench" baseline "$corpus" --index "$base" --threads "$threads" --memory "$memory"
read -r bl_secs bl_rss <"$logs/baseline.result"
load_after=$(load)
nd_size=$(du -sb "$idx" | cut -f1)
nd_segments=$("$newsdex" stats --index "$idx" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["segments"])')
bl_size=$(du -sb "$base" | cut -f1)

echo "run.sh: queries" >&2
"$bench" queries --index "$idx" --per-class 200 --seed "$seed" >"$logs/queries.md"

echo "run.sh: whole-process search and grep" >&2
hyperfine -N --output=pipe --warmup 3 --runs 30 --export-markdown "$logs/search.md" \
  -n "newsdex search economy --json" "$newsdex search --index $idx economy --json" \
  -n "newsdex search '\"prime minister\" election' --json" "$newsdex search --index $idx '\"prime minister\" election' --json" \
  -n "newsdex search government --source Reuters --json" "$newsdex search --index $idx government --source Reuters --json" \
  -n "newsdex search '*' --source TASS --json" "$newsdex search --index $idx '*' --source TASS --json" \
  -n "newsdex search election --said-by 'Tony Blair' --json" "$newsdex search --index $idx election --said-by 'Tony Blair' --json" \
  -n "newsdex search economy --histogram month --json" "$newsdex search --index $idx economy --histogram month --json" \
  -n "newsdex search economy --sort newest --json" "$newsdex search --index $idx economy --sort newest --json" \
  >"$logs/search.out" 2>&1
# (rg is not installed everywhere; grep -F -c is the stand-in. Output goes
# to a pipe: GNU grep stops at the first match when it writes to /dev/null.)
if command -v rg >/dev/null; then
  scan="rg -F -c 'prime minister' $corpus"
else
  scan="grep -rFc 'prime minister' $corpus"
fi
hyperfine -N --output=pipe --warmup 1 --runs 5 --export-markdown "$logs/scan.md" -n "${scan% *} CORPUS" "$scan" >"$logs/scan.out" 2>&1

python3 - "$size" "$corpus_bytes" "$nd_secs" "$nd_rss" "$nd_size" "$bl_secs" "$bl_rss" "$bl_size" \
  "$load_before" "$load_after" "$threads" "$memory" "$logs" "$nd_segments" <<'EOF' | tee "$bench_dir/summary-$size.md"
import sys
(size, corpus_bytes, nd_secs, nd_rss, nd_size, bl_secs, bl_rss, bl_size,
 load_before, load_after, threads, memory, logs, nd_segments) = sys.argv[1:]
size, corpus_mb = int(size), int(corpus_bytes) / 1e6
nd_secs, bl_secs = float(nd_secs), float(bl_secs)
print(f"### {size:,} articles ({corpus_mb:,.0f} MB of JSON Lines)\n")
print(f"Load average (1, 5, 15 min) before indexing {load_before}, after {load_after}.\n")
print(f"| indexer ({threads} threads, {memory} MB budget) | wall s | articles/s | MB/s | peak RSS MB | index MB |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, secs, rss, idx in [("newsdex index", nd_secs, nd_rss, nd_size), ("tantivy alone (baseline)", bl_secs, bl_rss, bl_size)]:
    print(f"| {name} | {secs:.1f} | {size / secs:,.0f} | {corpus_mb / secs:.1f} | {rss} | {int(idx) / 1e6:,.0f} |")
print(f"\nnewsdex / baseline throughput: **{bl_secs / nd_secs:.2f}** (target at least 0.8). newsdex's index: {nd_segments} segments.\n")
samples = [tuple(map(float, line.split())) for line in open(f"{logs}/newsdex-index.rss") if len(line.split()) == 2]
if samples:
    end = samples[-1][0] or 1
    tenths = [0.0] * 10
    for t, kb in samples:
        i = min(int(10 * t / end), 9)
        tenths[i] = max(tenths[i], kb / 1024)
    print(f"newsdex index's anonymous memory (RssAnon, sampled every 0.5 s, {len(samples)} samples), highest in each tenth of the run, MB: "
          + ", ".join(f"{mb:,.0f}" if mb else "-" for mb in tenths) + ".\n")
print("Query latency, in-process, warm (`newsdex-bench queries`):\n")
print(open(f"{logs}/queries.md").read())
print("Whole process, `newsdex search ... --json` (hyperfine):\n")
print(open(f"{logs}/search.md").read())
print("Fixed-string scan of the raw corpus, for comparison:\n")
print(open(f"{logs}/scan.md").read())
EOF

#!/usr/bin/env bash
# Indexing throughput and memory on each archive format.
#
#   bench/formats.sh
#
# Builds (once) the archives of `newsdex-bench formats-corpus` from
# html-bench: 20,000 saved pages and the same articles as JSON Lines, a
# 2 GiB JSON array and the same articles as JSON Lines, a 1 GiB web
# archive. Indexes each into a fresh index, with peak memory sampled by
# bench/peak-memory.sh, and prints newsdex's own summary line of each run.
#
# Environment: BENCH_DIR (default /tmp/newsdex-formats) holds the archives
# and the index; HTML_BENCH (default ../shared/corpora/html-bench beside
# the checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dir=${BENCH_DIR:-/tmp/newsdex-formats}
html_bench=${HTML_BENCH:-../shared/corpora/html-bench}
cargo build --release --quiet --workspace
newsdex=$PWD/target/release/newsdex
corpus=$bench_dir/corpus
if [ ! -f "$corpus/crawl.warc.gz" ]; then
  rm -rf "$corpus"
  target/release/newsdex-bench formats-corpus --from "$html_bench" --out "$corpus"
fi
run() {
  label=$1
  shift
  rm -rf "$bench_dir/index"
  bench/peak-memory.sh "$label" "$newsdex" index --index "$bench_dir/index" "$@" 2>"$bench_dir/$label.log"
  grep -h "indexed" "$bench_dir/$label.log" | sed 's/^/    /'
}
run "web pages, 1 thread" --threads 1 "$corpus/html"
run "web pages, 2 threads" --threads 2 "$corpus/html"
run "same articles as JSON Lines, 1 thread" --threads 1 "$corpus/jsonl"
run "same articles as JSON Lines, 2 threads" --threads 2 "$corpus/jsonl"
run "2 GiB JSON array" "$corpus/array.json"
run "same articles as one JSON Lines file" "$corpus/lines.jsonl"
run "1 GiB web archive" "$corpus/crawl.warc.gz"

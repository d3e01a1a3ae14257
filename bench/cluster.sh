#!/usr/bin/env bash
# newsdex on an OpenSearch cluster against a local index, on one machine.
#
#   bench/cluster.sh SIZE [SEED]
#
# Generates SIZE articles as bench/run.sh does (the same cache), indexes
# them locally (`newsdex index`, 2 threads, 512 MB) and into clusters of 1
# and 2 nodes started by scripts/opensearch-cluster (2 shards; 0 replicas
# on one node, 1 on two), measuring each load's wall time and peak RSS and
# every node's memory (RssAnon sampled every second, and VmHWM at the end).
# Then, on the last cluster, times every query class of `newsdex-bench
# queries` on both (in-process, through the same library calls, checking
# that the totals agree) and whole `newsdex search --json` processes
# (hyperfine). Prints a Markdown summary, also saved as
# $BENCH_DIR/logs-SIZE/cluster-summary.md.
#
# Environment: BENCH_DIR (default /tmp/newsdex-bench), BBC_DIR (default
# ../shared/corpora/bbc), NODES (default "1 2": the cluster sizes, in
# order; the last one is searched), PER_CLASS (default 100),
# OPENSEARCH_HEAP (default 512m), KEEP_CLUSTER=1 to leave the last cluster
# running. The nodes run on the same cores as the indexer.
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:?usage: bench/cluster.sh SIZE [SEED]}
seed=${2:-1}
bench_dir=${BENCH_DIR:-/tmp/newsdex-bench}
bbc_dir=${BBC_DIR:-../shared/corpora/bbc}
nodes_list=${NODES:-1 2}
per_class=${PER_CLASS:-100}
port=${OPENSEARCH_HTTP_PORT:-19600}
export OPENSEARCH_HTTP_PORT=$port

for tool in /usr/bin/time hyperfine python3 curl; do
  command -v "$tool" >/dev/null || { echo "cluster.sh: $tool is needed" >&2; exit 1; }
done

corpus=$bench_dir/corpus-$size-s$seed
idx=$bench_dir/idx-newsdex-$size
logs=$bench_dir/logs-$size
mkdir -p "$bench_dir" "$logs"

cargo build --release --quiet --bin newsdex --bin newsdex-bench
newsdex=$PWD/target/release/newsdex
bench=$PWD/target/release/newsdex-bench

if [[ ! -f $corpus/.manifest ]]; then
  echo "cluster.sh: generating $size articles in $corpus" >&2
  rm -rf "$corpus"
  "$bench" generate --articles "$size" --seed "$seed" --out "$corpus" --from "$bbc_dir" >"$logs/generate.txt"
fi

# load, timed
source bench/lib.sh

# Samples RssAnon (kB) of the processes whose pids are in the files $2...
# every second into $1, one line per sample ("kB kB ..."), until the
# file $1.stop appears.
sample_nodes() {
  local out=$1; shift
  : >"$out"
  while [[ ! -f $out.stop ]]; do
    local line=""
    for pidfile in "$@"; do
      line+="$(awk '/^RssAnon:/ {print $2}' "/proc/$(cat "$pidfile")/status" 2>/dev/null || echo 0) "
    done
    echo "$line" >>"$out"
    sleep 1
  done
}

summary=$logs/cluster-summary.md
{
  echo "## bench/cluster.sh $size (seed $seed), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$(nproc) cores; nodes with a heap of ${OPENSEARCH_HEAP:-512m}, on the same cores as the indexer"
  echo
  echo "| target | wall s | articles/s | indexer peak RSS MB | per node: highest RssAnon / VmHWM MB | index size (primaries / all copies) | load avg before |"
  echo "| --- | ---: | ---: | ---: | --- | --- | --- |"
} >"$summary"

before=$(load)
echo "cluster.sh: local index" >&2
rm -rf "$idx"
timed local-index "$newsdex" index --threads 2 --memory 512 --index "$idx" "$corpus"
read -r secs rss <"$logs/local-index.result"
local_size=$(du -sb "$idx" | cut -f1)
echo "| local index | $secs | $(echo "$size / $secs" | bc) | $rss | - | $((local_size / 1000000)) MB | $before |" >>"$summary"

url=""
for nodes in $nodes_list; do
  dir=$bench_dir/cluster-$nodes
  scripts/opensearch-cluster stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
  echo "cluster.sh: starting $nodes node(s)" >&2
  url=$(scripts/opensearch-cluster start "$nodes" "$dir" | tail -1)
  replicas=$(( nodes > 1 ? 1 : 0 ))
  pidfiles=()
  for i in $(seq 1 "$nodes"); do pidfiles+=("$dir/node-$i/pid"); done
  rm -f "$logs/nodes-$nodes.rss.stop"
  sample_nodes "$logs/nodes-$nodes.rss" "${pidfiles[@]}" &
  sampler=$!
  before=$(load)
  echo "cluster.sh: loading into $nodes node(s), 2 shards, $replicas replica(s)" >&2
  timed "cluster-$nodes-index" "$newsdex" index --threads 2 --opensearch "$url" \
    --os-shards 2 --os-replicas "$replicas" "$corpus"
  read -r secs rss <"$logs/cluster-$nodes-index.result"
  touch "$logs/nodes-$nodes.rss.stop"
  wait "$sampler" || true
  memory=$(python3 - "$logs/nodes-$nodes.rss" "${pidfiles[@]}" <<'EOF'
import sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
parts = []
for i, pidfile in enumerate(sys.argv[2:]):
    anon = max((r[i] for r in rows if len(r) > i), default=0) // 1024
    pid = open(pidfile).read().strip()
    hwm = next((int(l.split()[1]) // 1024 for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM:")), 0)
    parts.append(f"node {i + 1}: {anon} / {hwm}")
print("; ".join(parts))
EOF
)
  curl -s -XPOST "$url/newsdex/_refresh" >/dev/null
  articles=$(curl -s "$url/newsdex/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
  stats=$(curl -s "$url/newsdex/_stats/store")
  sizes=$(python3 -c '
import json, sys
s = json.load(sys.stdin)["_all"]
p, t = s["primaries"], s["total"]
print("%d / %d MB" % (p["store"]["size_in_bytes"] // 10**6, t["store"]["size_in_bytes"] // 10**6))
' <<<"$stats")
  echo "| $nodes node(s), 2 shards, $replicas replica(s) | $secs | $(echo "$size / $secs" | bc) | $rss | $memory | $sizes ($articles articles) | $before |" >>"$summary"
  if [[ $nodes != "${nodes_list##* }" ]]; then
    scripts/opensearch-cluster stop "$dir" >/dev/null
  fi
done

echo "cluster.sh: queries in-process on both" >&2
{
  echo
  echo "In-process search latency (\`newsdex-bench queries --opensearch\`), local index and the ${nodes_list##* }-node cluster:"
  echo
} >>"$summary"
"$bench" queries --index "$idx" --opensearch "$url" --per-class "$per_class" --seed "$seed" >"$logs/cluster-queries.md"
cat "$logs/cluster-queries.md" >>"$summary"

echo "cluster.sh: whole-process searches on both" >&2
hyperfine -N --output=pipe --warmup 3 --runs 20 --export-markdown "$logs/cluster-search.md" \
  -n "local: economy" "$newsdex search --index $idx economy --json" \
  -n "cluster: economy" "$newsdex search --opensearch $url economy --json" \
  -n "local: '\"prime minister\" election'" "$newsdex search --index $idx '\"prime minister\" election' --json" \
  -n "cluster: '\"prime minister\" election'" "$newsdex search --opensearch $url '\"prime minister\" election' --json" \
  -n "local: '*' --source TASS" "$newsdex search --index $idx '*' --source TASS --json" \
  -n "cluster: '*' --source TASS" "$newsdex search --opensearch $url '*' --source TASS --json" \
  -n "local: election --said-by 'Tony Blair'" "$newsdex search --index $idx election --said-by 'Tony Blair' --json" \
  -n "cluster: election --said-by 'Tony Blair'" "$newsdex search --opensearch $url election --said-by 'Tony Blair' --json" \
  -n "local: economy --histogram month" "$newsdex search --index $idx economy --histogram month --json" \
  -n "cluster: economy --histogram month" "$newsdex search --opensearch $url economy --histogram month --json" \
  -n "OpenSearch alone: curl '_search?q=body:economy'" "curl -s -o /dev/null $url/newsdex/_search?q=body:economy" \
  >"$logs/cluster-search.out" 2>&1
{
  echo
  echo "Whole \`newsdex search ... --json\` processes (hyperfine, 20 runs):"
  echo
  cat "$logs/cluster-search.md"
} >>"$summary"

if [[ ${KEEP_CLUSTER:-} != 1 ]]; then
  scripts/opensearch-cluster stop "$bench_dir/cluster-${nodes_list##* }" >/dev/null
fi
cat "$summary"

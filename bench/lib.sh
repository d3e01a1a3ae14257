# Shell functions the benchmark scripts share (sourced from the checkout's root, with $logs set).

load() { cut -d' ' -f1-3 /proc/loadavg; }

# Runs a command under /usr/bin/time -v; writes "seconds peak_rss_mb" to
# $logs/NAME.result.
timed() {
  local name=$1; shift
  if ! /usr/bin/time -v -o "$logs/$name.time" "$@" >"$logs/$name.out" 2>"$logs/$name.err"; then
    echo "$(basename "$0"): $name failed:" >&2
    tail -5 "$logs/$name.err" >&2
    exit 1
  fi
  python3 - "$logs/$name.time" >"$logs/$name.result" <<'EOF'
import sys
wall = rss = None
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("Elapsed (wall clock) time"):
        parts = line.rsplit(" ", 1)[1].split(":")
        wall = sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
    elif line.startswith("Maximum resident set size"):
        rss = int(line.rsplit(" ", 1)[1]) / 1024
print(f"{wall:.2f} {rss:.0f}")
EOF
}

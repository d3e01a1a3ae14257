#!/usr/bin/env bash
# Runs one fuzz target for a while: fuzz/run.sh TARGET SECONDS
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz).
# Seeds come from sample-corpus (and from ../shared/corpora when it is
# there); what libFuzzer finds is kept in fuzz/corpus/TARGET, crashes in
# fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-600}
root=..
shared=../../shared/corpora
corpus=corpus/$target
seeds=seeds/$target
mkdir -p "$corpus" "$seeds"
copy() { # copy the files found by `find ARGS` into the seeds, flat
    find "$@" -type f -print0 2>/dev/null | while IFS= read -r -d '' f; do
        cp "$f" "$seeds/$(echo "$f" | tr '/' '_')"
    done
}
case $target in
parse_text) copy $root/sample-corpus -name '*.txt' ;;
parse_json) copy $root/sample-corpus -name '*.json' ;;
parse_jsonl)
    copy $root/sample-corpus -name '*.jsonl'
    copy $shared/regional-dev -name '*.jsonl' -size -64k
    ;;
parse_csv)
    for f in $root/sample-corpus/exports/*.csv; do
        { printf '\0'; cat "$f"; } > "$seeds/$(basename "$f")"
    done
    ;;
parse_html)
    copy $root/sample-corpus -name '*.htm*'
    find $shared/html-bench/html -type f -size -64k 2>/dev/null | sed -n 1,40p |
        while read -r f; do cp "$f" "$seeds/"; done
    ;;
parse_warc)
    for f in $root/sample-corpus/web/*.warc.gz; do
        gunzip -c "$f" > "$seeds/$(basename "$f" .gz)"
    done
    ;;
dates)
    printf '2024-12-26' > "$seeds/iso"
    printf '2024-12-26T09:30:00+04:00' > "$seeds/rfc3339"
    printf 'Thu, 26 Dec 2024 09:30:00 GMT' > "$seeds/rfc2822"
    printf '26 December 2024' > "$seeds/words"
    printf 'December 26, 2024' > "$seeds/us"
    printf '2024-12' > "$seeds/month"
    printf 'BAKU, Dec 26 (Trend)\x01https://news.example/2024/12/26/story\x01archive/2024-12-26-story.txt' > "$seeds/body"
    ;;
extract)
    copy $root/sample-corpus -name '*.txt'
    find $shared/bbc -name '*.txt' 2>/dev/null | sed -n 1,60p |
        while read -r f; do cp "$f" "$seeds/$(echo "$f" | tr '/' '_')"; done
    ;;
query)
    i=0
    for q in 'minefield maps' '"South Caucasus" AND peace' 'title:gas -pipeline' \
        "Zakharova's briefing" 'pipline~1 OR (gas AND "energy corridor")' \
        'speaker:"Maria Zakharova"' 'source:Trend' '*' '-peace' 'body:*' \
        'site:azernews.az' 'author:smith' 'gas~' '(a OR b' ; do
        printf '\x%02x%s' $((i * 37 % 128)) "$q" > "$seeds/q$i"
        i=$((i + 1))
    done
    ;;
config)
    printf '\0Trend | Trend News Agency | trend.az\nFoo Wire | Foo\n' > "$seeds/outlets"
    printf '\1Maria Zakharova | Zakharova\nIlham Aliyev\n' > "$seeds/people"
    printf '\2# agencies\ncaucasus = Trend, APA, Report.az\nwire = Reuters, AP\n' > "$seeds/groups"
    ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac
# Debug assertions and overflow checks are on (cargo fuzz's default).
exec cargo +nightly fuzz run "$target" "$corpus" "$seeds" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1

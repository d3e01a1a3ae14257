#!/bin/bash
# peak-memory.sh LABEL COMMAND...
#
# Runs COMMAND and samples its memory every 0.2 s from /proc/PID/status:
# prints its wall time, its peak resident set (VmRSS), and the peaks of
# the two parts of it: anonymous memory (RssAnon: what the program
# allocates) and file pages (RssFile: the index files tantivy maps, which
# the kernel can drop at any time).
label=$1
shift
start=$(date +%s.%N)
"$@" &
pid=$!
peak=0 anon=0 file=0
while kill -0 "$pid" 2>/dev/null; do
    if status=$(cat "/proc/$pid/status" 2>/dev/null); then
        r=$(awk '/^VmRSS/{print $2}' <<<"$status")
        a=$(awk '/^RssAnon/{print $2}' <<<"$status")
        f=$(awk '/^RssFile/{print $2}' <<<"$status")
        [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
        [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
        [ -n "$f" ] && [ "$f" -gt "$file" ] && file=$f
    fi
    sleep 0.2
done
wait "$pid"
rc=$?
end=$(date +%s.%N)
printf '%s: exit %d, %.1f s, peak RSS %d MB (anonymous %d MB, file pages %d MB)\n' \
    "$label" "$rc" "$(awk "BEGIN { print $end - $start }")" $((peak / 1024)) $((anon / 1024)) $((file / 1024))

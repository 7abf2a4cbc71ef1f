#!/bin/sh
# run.sh -- `make bench`: writes about 1 GiB of logs (a syslog file and a JSON-lines
# file, 30 days, ~2% errors, an error burst in a 4-hour incident window) and
# times, for each file: `wc -l`, `grep -c ERROR`, the streaming importer alone
# (tests/bench/bench_import.c) and `reviewgen timeline` on an incident folder
# whose incident.json names both files and the window. Then a 1 GiB gzipped
# syslog, a 1 GiB access log and a 1 GiB journald export, each cut to one hour,
# beside `zcat | wc -l` / `wc -l`. Figures are the best of
# three runs with the file in the page cache; peak RSS comes from getrusage, so
# GNU time is not needed.
#
# A Mattermost bulk export (100 MiB, tests/bench/genchat.c) is timed the same
# way, to show the chat importer streams it (one record in memory at a time).
#
# usage: sh tests/bench/run.sh [BUILD]
# environment: SYSLOG_MB, JSON_MB (MiB each, default 512), CHAT_MB (default
# 100), NAGIOS_MB (default 100;
# 0 skips it), BIG_MB (default 1024), KEEP=1 keeps BUILD/bench
set -eu
build=${1:-build}
dir=$build/bench
syslog_mb=${SYSLOG_MB:-512}
json_mb=${JSON_MB:-512}
chat_mb=${CHAT_MB:-100}
nagios_mb=${NAGIOS_MB:-100}

rm -rf "$dir"
mkdir -p "$dir/incident"
cleanup() {
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT INT TERM

# The driver, with the Makefile's flags, against the library `make` built
# (tests/bench/drivers.sh).
# shellcheck source=tests/bench/drivers.sh
. tests/bench/drivers.sh
bench_cc "$dir" bench_import
drv=$dir/bench_import

echo "bench: writing ${syslog_mb} MiB of syslog and ${json_mb} MiB of JSON lines to $dir/incident"
window=$("$build/tools/genlogs" "$dir/incident" "$syslog_mb" "$json_mb")
from=${window% *}
to=${window#* }
cat > "$dir/incident/incident.json" <<EOF
{
  "id": "BENCH-1",
  "title": "Benchmark: checkout errors in a month of logs",
  "timezone": "UTC",
  "window": {"from": "$from", "to": "$to"},
  "sources": [
    {"path": "app.log", "format": "syslog", "name": "app syslog"},
    {"path": "app.jsonl", "format": "jsonlines", "name": "app json"}
  ]
}
EOF
echo "bench: incident window $from .. $to"
# The chat export lies outside the incident folder: `reviewgen timeline`
# below times the logs alone, as before.
echo "bench: writing ${chat_mb} MiB of Mattermost bulk export to $dir/chat.jsonl"
"$build/tools/genchat" "$dir/chat.jsonl" "$chat_mb"

# best RUNS... : runs "$drv run OUT CMD..." three times, prints the fastest
# "seconds=... maxrss_kb=..." line.
best() {
    b=""
    for _ in 1 2 3; do
        r=$("$drv" run "$dir/out" "$@")
        s=${r#seconds=}
        s=${s%% *}
        if [ -z "$b" ] || awk "BEGIN{exit !($s < ${b%% *})}"; then b="$s $r"; fi
    done
    echo "${b#* }"
}
field() { # field NAME LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
rate() { # rate BYTES SECONDS -> MB/s
    awk "BEGIN{ if ($2 > 0) printf \"%.0f\", $1 / 1e6 / $2; else print \"-\" }"
}

# file_row FILE FORMAT WORD: times `wc -l`, `grep -c WORD` and the FORMAT
# importer (best of three each) on FILE and prints its row.
file_row() {
    bytes=$(wc -c < "$1")
    cat "$1" > /dev/null
    wc_line=$(best wc -l "$1")
    lines=$(cut -d' ' -f1 < "$dir/out")
    grep_line=$(best grep -c "$3" "$1")
    matched=$(cat "$dir/out")
    imp=""
    for _ in 1 2 3; do
        r=$("$drv" import "$2" "$1" "$from" "$to")
        if [ -z "$imp" ] || awk "BEGIN{exit !($(field seconds "$r") < $(field seconds "$imp"))}"; then
            imp=$r
        fi
    done
    ws=$(field seconds "$wc_line")
    gs=$(field seconds "$grep_line")
    is=$(field seconds "$imp")
    printf '%-10s %5d MiB | %6.3fs %5s MB/s | %6.3fs %6s MB/s | %6.3fs %5s MB/s %6s ev %8s out %4d MiB\n' \
        "$(basename "$1")" $((bytes / 1048576)) "$ws" "$(rate "$bytes" "$ws")" "$gs" \
        "$(rate "$bytes" "$gs")" "$is" "$(rate "$bytes" "$is")" "$(field events "$imp")" \
        "$(field outside "$imp")" $(($(field maxrss_kb "$imp") / 1024))
    echo "           $lines lines, $matched with $3 (grep -c $3);" \
        "importer/grep time: $(awk "BEGIN{printf \"%.1f\", $is / $gs}")x; importer: $imp"
}

printf '\n%-10s %9s | %-18s | %-19s | %-34s\n' file size "wc -l" "grep -c ERROR" \
    "importer (events, outside, RSS)"
for spec in "incident/app.log syslog" "incident/app.jsonl jsonlines" "chat.jsonl mattermost"; do
    file_row "$dir/${spec% *}" "${spec#* }" ERROR
done

# A Nagios log (tests/bench/gennagios.c): alert lines, streamed and cut to the
# same window; its line count and HARD states beside it.
if [ "$nagios_mb" -gt 0 ]; then
    file=$dir/nagios.log
    "$build/tools/gennagios" "$file" "$nagios_mb"
    file_row "$file" nagios HARD
    rm -f "$file"
fi
# One GiB each of a gzipped syslog, an access log and a journald export, each
# cut to the first hour of the error burst, beside `zcat | wc -l` / `wc -l`:
# one run each (they are big), file in the page cache; removed as soon as
# measured. BIG_MB sets the size (MiB of log before compression).
big_mb=${BIG_MB:-1024}
echo
printf '%-14s %9s | %-31s | %-40s\n' file "on disk" "baseline (MB/s of log)" \
    "importer (MB/s of log, events, outside, peak RSS)"
for spec in "syslog-gz app.log.gz syslog" "access access.log access" "journald journal.json journald"; do
    set -- $spec
    file=$dir/$2
    w=$("$build/tools/genlogs" --one "$1" "$file" "$big_mb")
    wfrom=${w% *}
    wto=${w#* }
    bytes=$(wc -c < "$file")
    cat "$file" > /dev/null
    if [ "$1" = syslog-gz ]; then
        base=$("$drv" run "$dir/out" sh -c "zcat '$file' | wc -l")
        what="zcat | wc -l"
    else
        base=$("$drv" run "$dir/out" wc -l "$file")
        what="wc -l"
    fi
    lines=$(awk '{print $1}' < "$dir/out")
    # rates count the log's bytes, before compression (about BIG_MB for the gzip)
    if [ "$1" = syslog-gz ]; then logbytes=$((big_mb * 1048576)); else logbytes=$bytes; fi
    imp=$("$drv" import "$3" "$file" "$wfrom" "$wto")
    bs=$(field seconds "$base")
    is=$(field seconds "$imp")
    printf '%-14s %5d MiB | %-12s %6.3fs %5s MB/s | %6.3fs %5s MB/s %7s ev %9s out %4d MiB\n' \
        "$2" $((bytes / 1048576)) "$what" "$bs" "$(rate "$logbytes" "$bs")" "$is" \
        "$(rate "$logbytes" "$is")" "$(field events "$imp")" "$(field outside "$imp")" \
        $(($(field maxrss_kb "$imp") / 1024))
    echo "               $lines lines (window $wfrom .. $wto); importer: $imp"
    rm -f "$file"
done

# The whole pipeline, when the CLI has the command.
total=$(($(wc -c < "$dir/incident/app.log") + $(wc -c < "$dir/incident/app.jsonl")))
if "$build/reviewgen" timeline --help > /dev/null 2>&1; then
    r=$("$drv" run "$dir/out" "$build/reviewgen" timeline "$dir/incident")
    s=$(field seconds "$r")
    echo
    echo "reviewgen timeline (both files, $((total / 1048576)) MiB): ${s}s, $(rate "$total" "$s") MB/s," \
        "peak RSS $(($(field maxrss_kb "$r") / 1024)) MiB, exit status $(field status "$r"), $(wc -l < "$dir/out") timeline lines"
else
    echo
    echo "reviewgen timeline: not available in $build/reviewgen yet; importer figures above"
fi

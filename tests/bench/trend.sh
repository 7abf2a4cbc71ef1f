#!/bin/sh
# trend.sh -- `make bench-trend` (and the end of `make bench`): grows a store of
# 10,000 generated incidents with 100 timeline events each (1,000,000 events,
# 2024-2026; tests/bench/gen_store.c, through rg_store_save) and times
# `reviewgen trend --quarter 2026Q3` over it: best of three runs with the store
# in the page cache, peak RSS from getrusage (bench_import's `run`). To show
# that memory does not grow with the events, the same 10,000 incidents are then
# stored with 10 events each and timed the same way. Goal: under 1 second.
#
# usage: sh tests/bench/trend.sh [BUILD]
# environment: INCIDENTS (10000), EVENTS (100 per incident), KEEP=1 keeps
# BUILD/bench-trend, REVIEWGEN (default BUILD/reviewgen)
set -eu
build=${1:-build}
dir=$build/bench-trend
incidents=${INCIDENTS:-10000}
events=${EVENTS:-100}
rg=${REVIEWGEN:-$build/reviewgen}

rm -rf "$dir"
mkdir -p "$dir"
cleanup() {
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT INT TERM

# The generator and the timing driver, with the Makefile's flags, against the
# library `make` built (tests/bench/drivers.sh).
# shellcheck source=tests/bench/drivers.sh
. tests/bench/drivers.sh
bench_cc "$dir" gen_store bench_import
drv=$dir/bench_import

field() { # field NAME LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# best: runs "$drv run OUT CMD..." three times and prints the fastest
# "seconds=... maxrss_kb=... status=..." line.
best() {
    b=""
    for _ in 1 2 3; do
        r=$("$drv" run "$dir/stdout" "$@")
        if [ -z "$b" ] || awk "BEGIN{exit !($(field seconds "$r") < $(field seconds "$b"))}"; then
            b=$r
        fi
    done
    echo "$b"
}

have_trend=0
if "$rg" trend --help > /dev/null 2>&1; then have_trend=1; fi

# one STORE_NAME EVENTS_PER_INCIDENT: generate, report size, time trend
one() {
    db=$dir/$1.db
    echo "bench-trend: generating $incidents incidents x $2 events into $db"
    g=$("$dir/gen_store" "$db" "$incidents" "$2")
    echo "  store: $(du -h "$db" | cut -f1) on disk, $(field events "$g") events," \
        "generated in $(field seconds "$g")s; $(field in_2026q3 "$g") incidents start in 2026Q3"
    if [ "$have_trend" = 1 ]; then
        cat "$db" > /dev/null
        rm -rf "$dir/out"
        r=$(best "$rg" trend --quarter 2026Q3 --db "$db" -o "$dir/out")
        echo "  reviewgen trend --quarter 2026Q3: $(field seconds "$r")s (best of 3)," \
            "peak RSS $(($(field maxrss_kb "$r") / 1024)) MiB, exit status $(field status "$r")"
        printf '  wrote:'
        for f in "$dir"/out/*; do printf ' %s' "${f##*/}"; done
        echo
    else
        echo "  reviewgen trend: trend not available in $rg yet; store figures above"
    fi
}

echo
one "store-$events" "$events"
# the same incidents with a tenth of the events: peak RSS should not change
small=$((events / 10))
if [ "$small" -ge 1 ]; then
    echo
    one "store-$small" "$small"
fi

#!/bin/sh
# store.sh -- `make bench-store` (and the end of `make bench`): one store for a
# team. 10,000 generated incidents with 100 timeline events each (the trend
# benchmark's, tests/bench/gen_store.c) are written to PostgreSQL by 8 writer
# processes at once, each incident its own transaction as a build's is
# (incidents/s), on a throw-away server (tests/pg/server.sh) with fsync and
# synchronous commits on, as a real server has them; the same to a SQLite file
# by 8 writers at once (WAL, waiting their turn) and by one. Then
# `reviewgen trend --quarter 2026Q3` over the PostgreSQL store and over the
# SQLite one, best of three each, and the two reports compared byte for byte.
#
# usage: sh tests/bench/store.sh [BUILD]
# environment: INCIDENTS (10000), EVENTS (100 per incident), WRITERS (8),
# KEEP=1 keeps BUILD/bench-store, REVIEWGEN (default BUILD/reviewgen)
set -eu
build=${1:-build}
dir=$build/bench-store
incidents=${INCIDENTS:-10000}
events=${EVENTS:-100}
writers=${WRITERS:-8}
rg=${REVIEWGEN:-$build/reviewgen}

rm -rf "$dir"
mkdir -p "$dir"
pg_dir=$(mktemp -d /tmp/rg-bench-pg-XXXXXX)
cleanup() {
    sh tests/pg/server.sh stop "$pg_dir" || true
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT INT TERM

if ! pg=$(sh tests/pg/server.sh start "$pg_dir" durable); then
    echo "bench-store: no PostgreSQL server to measure (see above); skipped"
    exit 0
fi

# the generator and the timing driver (tests/bench/drivers.sh)
# shellcheck source=tests/bench/drivers.sh
. tests/bench/drivers.sh
bench_cc "$dir" gen_store bench_import
drv=$dir/bench_import

field() { # field NAME LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

best() { # best OUTFILE CMD...: the fastest of three runs
    b=""
    for _ in 1 2 3; do
        r=$("$drv" run "$@")
        if [ -z "$b" ] || awk "BEGIN{exit !($(field seconds "$r") < $(field seconds "$b"))}"; then
            b=$r
        fi
    done
    echo "$b"
}

write() { # write LABEL DB WRITERS
    g=$("$dir/gen_store" "$2" "$incidents" "$events" "$3")
    echo "  $1: $(field incidents_per_s "$g") incidents/s ($incidents incidents," \
        "$(field events "$g") events, $3 writer$([ "$3" = 1 ] || echo s), $(field seconds "$g") s)"
}

echo "bench-store: $incidents incidents x $events events"
write "PostgreSQL, $writers writers at once" "$pg" "$writers"
write "SQLite, $writers writers at once" "$dir/many.db" "$writers"
write "SQLite, one writer (synchronous=OFF)" "$dir/one.db" 1

for s in pg sqlite; do
    if [ $s = pg ]; then db=$pg; else db=$dir/many.db; fi
    rm -rf "$dir/trend-$s"
    r=$(best "$dir/stdout" "$rg" trend --quarter 2026Q3 --db "$db" -o "$dir/trend-$s" -q)
    echo "  trend --quarter 2026Q3 on $([ $s = pg ] && echo PostgreSQL || echo SQLite):" \
        "$(field seconds "$r") s (best of 3), peak RSS $(($(field maxrss_kb "$r") / 1024)) MiB," \
        "exit status $(field status "$r")"
done
if diff -r "$dir/trend-pg" "$dir/trend-sqlite" > /dev/null; then
    echo "  the two reports are byte-identical"
else
    echo "  the two reports DIFFER"
    exit 1
fi

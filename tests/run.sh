#!/bin/sh
# run.sh -- runs every Check binary under BUILD/tests and closes with one
# "check: N passed, N failed, N skipped" line that sums them (CI reads it).
# "skipped" counts the corpus tests that found no ../shared/corpus (each
# prints "skipped: ... (the shared corpus is not beside the repository)");
# with RG_REQUIRE_CORPUS=1 (CI) any such skip fails the run. Every other
# "skipped: ..." line (a locale not installed, no bash, AddressSanitizer's
# address space) is counted on the line before it: "other skips: N".
#
# The store's PostgreSQL tests get one throw-away server for the whole run
# (tests/pg/server.sh), named to them in $RG_TEST_PG, unless that
# already names one. Without a server installed they are skipped with a
# message; RG_REQUIRE_PG=1 (CI) makes that a failure.
#
# The binaries run RG_TEST_JOBS at a time (default: the number of CPUs),
# each into its own output file, and are reported in name order once all
# have ended: CI runs the suite twice within its 30 minutes. Check's
# timeouts are doubled (CK_TIMEOUT_MULTIPLIER, unless set) because a test
# then shares the machine with another.
build=${1:-build}
jobs=${RG_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
: "${CK_TIMEOUT_MULTIPLIER:=2}"
export CK_TIMEOUT_MULTIPLIER
passed=0; failed=0; skipped=0; other=0; bad=""
pg_dir=""
stop_pg() {
    if [ -n "$pg_dir" ]; then sh tests/pg/server.sh stop "$pg_dir"; fi
    pg_dir=""
}
trap 'stop_pg; [ -n "${res:-}" ] && rm -rf "$res"; exit 130' INT TERM
if [ -z "${RG_TEST_PG:-}" ]; then
    pg_dir=$(mktemp -d /tmp/rg-pg-XXXXXX)
    err=$pg_dir.err
    if conn=$(sh tests/pg/server.sh start "$pg_dir" 2>"$err"); then
        RG_TEST_PG=$conn
    else
        RG_TEST_PG="skip:$(head -n 1 "$err")"
        stop_pg
    fi
    rm -f "$err"
    export RG_TEST_PG
fi
res=$(mktemp -d /tmp/rg-run-XXXXXX)
times=$res/times
for t in "$build"/tests/check_*; do
    [ -x "$t" ] && printf '%s\n' "$t"
done | xargs -P "$jobs" -I{} sh -c \
    'n=$(basename "$1"); t0=$(date +%s); "$1" > "$2/$n.out" 2>&1; echo $? > "$2/$n.rc";
     echo "$(( $(date +%s) - t0 )) $n" >> "$2/times"' sh {} "$res"
for t in "$build"/tests/check_*; do
    [ -x "$t" ] || continue
    n=$(basename "$t")
    out=$(cat "$res/$n.out" 2>/dev/null); rc=$(cat "$res/$n.rc" 2>/dev/null || echo 127)
    printf '%s\n' "$out" | grep -v '^Running suite' | grep -v '^$'
    s=$(printf '%s\n' "$out" | grep -c 'the shared corpus is not beside the repository')
    skipped=$((skipped + s))
    o=$(printf '%s\n' "$out" | grep '^skipped: ' | grep -vc 'the shared corpus is not beside the repository')
    other=$((other + o))
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); bad="$bad $(basename "$t")(crashed:rc=$rc)"; continue
    fi
    n=$(printf '%s' "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(printf '%s' "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    e=$(printf '%s' "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    passed=$((passed + n - f - e)); failed=$((failed + f + e))
    [ "$rc" -ne 0 ] && [ $((f + e)) -eq 0 ] && { failed=$((failed + 1)); bad="$bad $(basename "$t")(rc=$rc)"; }
    [ $((f + e)) -gt 0 ] && bad="$bad $(basename "$t")"
done
stop_pg
# where the suite's time goes (CI has 30 minutes for everything)
echo "slowest: $(sort -rn "$times" | head -n 6 | awk '{printf "%s%s %d s", (NR > 1 ? ", " : ""), $2, $1}')"
rm -rf "$res"
[ -n "$bad" ] && echo "failing:$bad"
if [ "$skipped" -gt 0 ] && [ "${RG_REQUIRE_CORPUS:-0}" = 1 ]; then
    echo "failing: $skipped corpus tests skipped, and RG_REQUIRE_CORPUS=1 (CI) requires ../shared/corpus"
    failed=$((failed + skipped))
fi
echo "other skips: $other"
echo "check: $passed passed, $failed failed, $skipped skipped (no ../shared/corpus)"
[ "$failed" -eq 0 ]

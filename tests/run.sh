#!/bin/sh
# run.sh -- runs every Check binary under BUILD/tests and closes with one
# "check: N passed, N failed, N skipped" line that sums them (CI reads it).
# "skipped" counts the corpus tests that found no ../shared/corpus (each
# prints "skipped: ... (the shared corpus is not beside the repository)");
# with RG_REQUIRE_CORPUS=1 (CI) any such skip fails the run.
#
# The store's PostgreSQL tests get one throw-away server for the whole run
# (tests/pg/server.sh), named to them in $RG_TEST_PG, unless that
# already names one. Without a server installed they are skipped with a
# message; RG_REQUIRE_PG=1 (CI) makes that a failure.
build=${1:-build}
passed=0; failed=0; skipped=0; bad=""
pg_dir=""
stop_pg() {
    if [ -n "$pg_dir" ]; then sh tests/pg/server.sh stop "$pg_dir"; fi
    pg_dir=""
}
trap 'stop_pg; exit 130' INT TERM
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
times=$(mktemp /tmp/rg-times-XXXXXX)
for t in "$build"/tests/check_*; do
    [ -x "$t" ] || continue
    t0=$(date +%s)
    out=$("$t" 2>&1); rc=$?
    echo "$(( $(date +%s) - t0 )) $(basename "$t")" >> "$times"
    printf '%s\n' "$out" | grep -v '^Running suite' | grep -v '^$'
    s=$(printf '%s\n' "$out" | grep -c 'the shared corpus is not beside the repository')
    skipped=$((skipped + s))
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
echo "slowest: $(sort -rn "$times" | head -n 6 | awk '{printf "%s%s %d s", NR > 1 ? ", " : "", $2, $1}')"
rm -f "$times"
[ -n "$bad" ] && echo "failing:$bad"
if [ "$skipped" -gt 0 ] && [ "${RG_REQUIRE_CORPUS:-0}" = 1 ]; then
    echo "failing: $skipped corpus tests skipped, and RG_REQUIRE_CORPUS=1 (CI) requires ../shared/corpus"
    failed=$((failed + skipped))
fi
echo "check: $passed passed, $failed failed, $skipped skipped (no ../shared/corpus)"
[ "$failed" -eq 0 ]

#!/bin/sh
# run.sh -- runs every Check binary under BUILD/tests and closes with one
# "check: N passed, N failed, N skipped" line that sums them (CI reads it).
# "skipped" counts the corpus tests that found no ../shared/corpus (each
# prints "skipped: ... (the shared corpus is not beside the repository)");
# with RG_REQUIRE_CORPUS=1 (CI) any such skip fails the run.
build=${1:-build}
passed=0; failed=0; skipped=0; bad=""
for t in "$build"/tests/check_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
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
[ -n "$bad" ] && echo "failing:$bad"
if [ "$skipped" -gt 0 ] && [ "${RG_REQUIRE_CORPUS:-0}" = 1 ]; then
    echo "failing: $skipped corpus tests skipped, and RG_REQUIRE_CORPUS=1 (CI) requires ../shared/corpus"
    failed=$((failed + skipped))
fi
echo "check: $passed passed, $failed failed, $skipped skipped (no ../shared/corpus)"
[ "$failed" -eq 0 ]

#!/bin/sh
# run.sh SECONDS TARGET... -- runs each fuzz target (build/fuzz/bin/TARGET,
# `make fuzz` builds them) for SECONDS, one at a time, from its seeds
# (seeds.sh) and the inputs earlier runs kept (build/fuzz/corpus/TARGET),
# with its dictionary and libFuzzer options (tests/fuzz/TARGET.dict and
# .options; the importer targets share importer.dict and importer.options,
# plus TARGET.dict when there is one). A crash, leak, timeout or failed
# property is copied to tests/fuzz-regressions/TARGET/, where `make check`
# replays it with the normal build until it is fixed; the run then fails.
# Prints one line per target: executions, coverage (libFuzzer's cov and ft)
# and inputs kept.
set -u
seconds=$1
shift
root=build/fuzz
status=0
summary=""
for t in "$@"; do
    bin=$root/bin/$t
    corpus=$root/corpus/$t
    art=$root/artifacts/$t
    log=$root/logs/$t.log
    mkdir -p "$corpus" "$art" "$root/logs"
    sh tests/fuzz/seeds.sh "$t" "$corpus" >/dev/null
    case $t in
    import_*) base=importer ;;
    *) base=$t ;;
    esac
    dict=$root/$t.dict
    cat "tests/fuzz/$base.dict" > "$dict"
    [ "$base" != "$t" ] && [ -f "tests/fuzz/$t.dict" ] && cat "tests/fuzz/$t.dict" >> "$dict"
    # the [libfuzzer] section of the .options file, "key = value" per line
    opts=$(sed -n '/^\[libfuzzer\]/,/^\[/{/^[a-z_]* *=/{s/ *= */=/;s/^/-/;p}}' "tests/fuzz/$base.options")
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -print_final_stats=1 -dict="$dict" \
        -artifact_prefix="$art/" $opts "$corpus" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '(DONE|pulse|NEW|REDUCE|INITED).*cov: ' "$log" | tail -n 1)
    cov=$(printf '%s' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    kept=$(find "$corpus" -type f | wc -l)
    line=$(printf '%-22s %12s execs  cov %6s  ft %7s  corpus %6s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$kept")
    if [ $rc -ne 0 ]; then
        mkdir -p "tests/fuzz-regressions/$t"
        found=""
        for a in "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*; do
            [ -f "$a" ] || continue
            cp "$a" "tests/fuzz-regressions/$t/" && found="$found $(basename "$a")"
            rm -f "$a"
        done
        line="$line  FAILED (rc $rc):${found:- no artifact}; see $log"
        status=1
    fi
    echo "$line"
    summary="$summary$line
"
done
printf '%s' "$summary" > "$root/summary.txt"
[ $status -eq 0 ] || echo "fuzz: failures copied to tests/fuzz-regressions/: fix them, keep the files (make check replays them)"
exit $status

#!/bin/sh
# seeds.sh TARGET DIR -- copies the starting inputs of a fuzz target into DIR
# (a build folder, never the repository): the project's fixtures and samples
# of its kind, and, when ../shared/corpus is beside the repository, the real
# samples of its format (expected-formats.tsv names each file's format).
# Files over 256 KiB are left out (the targets' max_len is smaller).
set -eu
target=$1
dir=$2
corpus=../shared/corpus
mkdir -p "$dir"
n=0
add() { # add FILE [PREFIX-BYTE-IN-OCTAL]
    [ -f "$1" ] || return 0
    [ "$(wc -c < "$1")" -le 262144 ] || return 0
    n=$((n + 1))
    out="$dir/seed-$(printf '%s' "$1" | cksum | cut -d' ' -f1)"
    if [ $# -gt 1 ]; then
        { printf "\\$2"; cat "$1"; } > "$out"
    else
        cp "$1" "$out"
    fi
}
add_tree() { # add_tree DIR [PREFIX]
    [ -d "$1" ] || return 0
    find "$1" -type f | sort | while IFS= read -r f; do add "$f" ${2:+"$2"}; done
}
add_text() { # add_text NAME TEXT: an inline seed
    n=$((n + 1))
    printf '%s' "$2" > "$dir/seed-text-$1"
}
case "$target" in
import_csv)
    # fuzz_importer.c reads the mapping from the input's first line
    map_seed() { # map_seed FILE MAPPING
        n=$((n + 1))
        { printf '%s\n' "$2"; cat "$1"; } > "$dir/seed-map-$(basename "$1")"
    }
    f=tests/fixtures/csv
    map_seed $f/chat.tsv '{"columns": {"time": "time", "actor": "user", "text": "message", "type": "chat.message"}}'
    map_seed $f/semicolon.csv '{"columns": {"time": "Horodatage", "actor": "Auteur", "text": "Texte"}, "time_format": "%d.%m.%Y %H:%M", "separator": ";"}'
    map_seed $f/tickets.csv '{"columns": {"time": "Created", "actor": "Author", "text": "Message", "type_from": "Status", "values": {"Open": "chat.message", "Acknowledged": "page.acknowledged"}, "type": "chat.message"}, "time_format": "%d/%m/%Y %H:%M", "human": true}'
    ;;
import_*)
    # targets are named with '_', fixture folders and the corpus list with '-' (k8s-events)
    fmt=${target#import_}
    dashed=$(printf '%s' "$fmt" | tr _ -)
    add_tree "tests/fixtures/$fmt"
    [ "$dashed" = "$fmt" ] || add_tree "tests/fixtures/$dashed"
    if [ -f "$corpus/expected-formats.tsv" ]; then
        grep -v '^#' "$corpus/expected-formats.tsv" | while IFS="$(printf '\t')" read -r path formats _; do
            case "|$formats|" in *"|$fmt|"* | *"|$dashed|"*) add "$corpus/real/$path" ;; esac
        done
    fi
    ;;
manifest)
    add_tree tests/fixtures/manifest
    for f in samples/*/incident.json samples/*/*/incident.json tests/fixtures/build/good/incident.json; do
        add "$f"
    done
    ;;
timeparse)
    # the first byte picks the zone (0 UTC, 1 Kathmandu, 2 Berlin, 3 Lord Howe, 4 St John's)
    i=0
    for t in "2026-11-20T14:02:03.123456789Z" "2026-11-20 14:02:03+05:45" "2026-03-29T02:30:00" \
        "2026-10-25 02:30:00" "1498401043.277604" "1790000000123" "Nov  3 01:59:14" \
        "Feb 29 12:00:00.5" "[10/Oct/2000:13:55:36 -0700]" "2016-12-31T23:59:60Z" \
        "1969-07-20T20:17:40-00:00" "9999-12-31T23:59:59-23:59" "0001-01-01T00:00:00+23:59" \
        "1h30m" "-420s" "1.5s"; do
        i=$((i + 1))
        printf "\\00$((i % 5))%s" "$t" > "$dir/seed-time-$i"
    done
    ;;
tzif)
    for z in UTC Europe/Berlin Asia/Kathmandu America/St_Johns Australia/Lord_Howe \
        America/Sao_Paulo Africa/Casablanca Pacific/Apia; do
        add "/usr/share/zoneinfo/$z"
    done
    ;;
mustache)
    for f in templates/*.mustache; do add "$f" 000; add "$f" 001; done
    add_tree tests/fixtures/mustache 000
    add_tree "$corpus/mustache-spec" 000
    add_text list "$(printf '\000{"items":[{"name":"<a>"}]}\n===\n{{#items}}{{>item}}{{/items}}{{>self}}')"
    ;;
csv)
    add_tree tests/fixtures/history
    ;;
escape)
    add_tree tests/fixtures/chart_timeline/hostile
    add_tree tests/fixtures/lint
    add_text hostile '<script>alert(1)</script> [x](javascript:alert(1)) # 1. - [x] | ~~ ** {{ </table> a@b.co www.x.org http://x'
    ;;
html_post)
    add_text body '<h1>T</h1><h2>A</h2><p><a href="https://x">x</a><img src="a.svg" alt="c"></p><table><tr><td>1</td></tr></table>'
    add_text svg "$(printf '<p><img src="a.svg"></p>\377<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><text>t</text></a></svg>')"
    for f in tests/fixtures/chart_timeline/*/*.svg; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        { printf '<p><img src="a.svg" alt="chart"></p>\377'; cat "$f"; } > "$dir/seed-svg-$n"
    done
    [ -f tests/e2e/inc-2041/EXPECTED.md ] && add tests/e2e/inc-2041/EXPECTED.md
    ;;
logline_flat)
    add_text pino '{"level":30,"time":1,"pid":7,"hostname":"web-1","msg":"request done"}'
    add_text zap '{"level":"warn","ts":1.5e9,"logger":"db","msg":"retry"}'
    add_text gelf '{"version":"1.1","host":"g","short_message":"s","level":3,"full_message":"more"}'
    add_text clef '{"@t":"t","@m":"m","@l":"Warning","@x":"trace"}'
    add_text ecs '{"@timestamp":"t","log.level":"error","message":"ecs","host.name":"h1"}'
    add_text nested '{"log":{"level":"error"},"msg":"a \"b\" c"}'
    ;;
esac
echo "seeds: $(find "$dir" -type f | wc -l) inputs in $dir"

#!/bin/sh
# run.sh -- the sample review in a real browser: builds it, renders
# review.html with headless Chromium to a screenshot, a PDF and a dump of the
# rendered DOM, and checks the DOM for every section, the timeline chart and
# the absence of anything that could run script; the first printed page for
# "What we are changing" and the page count without the appendix (at most
# 6); and, in a measuring copy of the page (measure.js), the chart's text at
# 390 px (at least 9 CSS px), its labels in dark mode (a fill other than the
# page's background), table captions and heading order; the sample
# quarter's trend report, whose incident links must lead to reviews that
# exist; then renders a hostile review (tests/fixtures/hostile: script tags,
# event handlers, javascript: links, Markdown headings and table breakers in
# every field) with its CSP and again without it, alert() hooked, and checks
# that nothing ran and each payload is shown as text. Closes with one line,
# "browser: N passed, M failed", and exits 1 when any check failed.
#
#   sh tests/browser/run.sh [BUILD]      (BUILD defaults to build)
#
# Installs Debian's chromium (and poppler-utils, for a PNG of the PDF's first
# page) when missing, as root or through sudo. What it leaves for people to
# look at, under BUILD/browser/: review.png (the screenshot), review.pdf,
# review-page1.png (the PDF's first page), review-dom.html (the DOM dump) and
# chromium.log (the browser's own messages).
set -u
cd "$(dirname "$0")/../.." || exit 2
started=$(date +%s%N)
BUILD=${1:-build}
dir=$BUILD/browser
out=$dir/out
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { echo "skip: $*"; }
finish() {
    echo "note: run.sh took $(( ($(date +%s%N) - started) / 1000000 )) ms"
    echo "browser: $passed passed, $failed failed"
    if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "run.sh: need root or sudo to run: $*" >&2
        return 1
    fi
}

# apt-get install, refreshing the package lists first only when needed.
install_deb() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
        { as_root apt-get update -qq &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; }
}

# -- the browser
if ! command -v chromium >/dev/null 2>&1; then
    echo "run.sh: installing chromium"
    install_deb chromium
fi
if ! command -v chromium >/dev/null 2>&1; then
    fail "chromium is not installed and could not be installed (apt-get install chromium)"
    finish
fi

# -- the review
if ! make --no-print-directory BUILD="$BUILD" all >/dev/null; then
    fail "make could not build $BUILD/reviewgen"
    finish
fi
rm -rf "$dir"
mkdir -p "$dir"
if ! "$BUILD/reviewgen" build samples/inc-2041-checkout -o "$out" --no-store -q; then
    fail "reviewgen build samples/inc-2041-checkout failed"
    finish
fi
abs=$(cd "$dir" && pwd)
url="file://$(printf '%s' "$abs/out/review.html" | sed 's/ /%20/g')"

# One headless run with a fresh profile, so nothing from an earlier run (or
# from a person's own browser) changes what is rendered. Its stdout goes to
# the file named by the first argument; its messages to chromium.log.
chromium_run() {
    to=$1
    shift
    profile=$(mktemp -d "${TMPDIR:-/tmp}/reviewgen-chromium.XXXXXX") || return 1
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" "$url" >"$to" 2>>"$abs/chromium.log"
    rc=$?
    rm -rf "$profile"
    [ "$rc" -eq 124 ] && echo "run.sh: chromium timed out after 120 s ($*)" >&2
    return "$rc"
}

# -- screenshot, PDF, DOM
if chromium_run /dev/null --hide-scrollbars --window-size=1280,2000 \
    --screenshot="$abs/review.png" &&
    [ "$(head -c 4 "$abs/review.png" 2>/dev/null | tail -c 3)" = "PNG" ]; then
    pass "screenshot $dir/review.png"
else
    fail "no screenshot (see $dir/chromium.log)"
fi

if chromium_run /dev/null --no-pdf-header-footer --print-to-pdf="$abs/review.pdf" &&
    [ "$(head -c 5 "$abs/review.pdf" 2>/dev/null)" = "%PDF-" ]; then
    pass "PDF $dir/review.pdf"
    if ! command -v pdftoppm >/dev/null 2>&1; then
        echo "run.sh: installing poppler-utils (pdftoppm)"
        install_deb poppler-utils >/dev/null 2>&1
    fi
    if command -v pdftoppm >/dev/null 2>&1 &&
        pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$abs/review.pdf" "$abs/review-page1"; then
        pages=$(pdfinfo "$abs/review.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
        echo "note: the PDF has ${pages:-?} pages; its first is $dir/review-page1.png"
        # the first printed page is the manager's: what we are changing is on it
        if pdftotext -f 1 -l 1 "$abs/review.pdf" - 2>/dev/null | grep -q "What we are changing"; then
            pass "the first printed page holds \"What we are changing\""
        else
            fail "\"What we are changing\" is not on the first printed page"
        fi
    else
        skip "pdftoppm is not available; no PNG of the PDF's first page"
    fi
else
    fail "no PDF (see $dir/chromium.log)"
fi

# the review without its appendix prints on at most 6 pages
if "$BUILD/reviewgen" build samples/inc-2041-checkout -o "$dir/out-noappendix" --no-store -q \
    --appendix none; then
    main_url=$url
    # on A4, as the issue measures it (the stylesheet leaves the paper to
    # the printer; headless Chromium's default is US Letter)
    sed 's|</head>|<style>@page { size: A4; }</style></head>|' "$dir/out-noappendix/review.html" \
        >"$dir/out-noappendix/review-a4.html"
    url="file://$(printf '%s' "$abs/out-noappendix/review-a4.html" | sed 's/ /%20/g')"
    if chromium_run /dev/null --no-pdf-header-footer --print-to-pdf="$abs/review-noappendix.pdf" &&
        [ "$(head -c 5 "$abs/review-noappendix.pdf" 2>/dev/null)" = "%PDF-" ]; then
        n=$(pdfinfo "$abs/review-noappendix.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
        if [ -n "$n" ] && [ "$n" -le 6 ]; then
            pass "without the appendix the review prints on $n A4 pages (at most 6)"
        else
            fail "without the appendix the review prints on ${n:-?} A4 pages (more than 6)"
        fi
    else
        fail "no PDF of the review without its appendix (see $dir/chromium.log)"
    fi
    url=$main_url
else
    fail "reviewgen build --appendix none failed"
fi

dom=$abs/review-dom.html
if chromium_run "$dom" --dump-dom && grep -q '</html>' "$dom"; then
    pass "DOM dump $dir/review-dom.html"
else
    fail "no DOM dump (see $dir/chromium.log)"
    finish
fi

# -- what the reader sees: every section heading. The headings' text, one a
# line, with any markup inside them (anchors, ids) and any decoration around
# the words (a "#" self-link, a section number's dot) taken out; the match is
# the whole heading, so "Timeline" is not found in "Timeline chart".
headings=$abs/headings.txt
tr '\n\t' '  ' <"$dom" | sed 's/<[hH]\([1-6]\)/\n<h\1/g' | grep '^<h[1-6]' |
    sed 's|</[hH][1-6]>.*||; s/<[^>]*>//g; s/^[^[:alnum:]]*//; s/[^[:alnum:]]*$//' >"$headings"
for h in "What happened" "What we are changing" "Thank you" "Timeline" "Response metrics" \
    "Customer communication" "What went well" "What went wrong" "Where we got lucky" \
    "Contributing factors" "Appendix"; do
    if grep -qFx -- "$h" "$headings"; then
        pass "section '$h'"
    else
        fail "section '$h' is not a heading in the rendered page"
    fi
done

# -- the chart, when the review has one (build writes timeline.svg beside the
# review and the Markdown links it; the HTML inlines it as an <svg> element)
if [ -f "$out/timeline.svg" ] || grep -q 'timeline\.svg' "$out/review.md"; then
    if grep -qi '<svg' "$dom"; then
        pass "timeline chart (<svg> element)"
    else
        fail "the review links timeline.svg but the page has no <svg> element"
    fi
else
    skip "the review has no timeline.svg; the chart check is skipped"
fi

# -- nothing that could run script: no <script> element (text that mentions
# one is serialised as &lt;script) and no on...= event attribute in any tag
if grep -qi '<script' "$dom"; then
    fail "the page has a <script> element: $(grep -io '<script[^>]*>' "$dom" | head -n 1)"
else
    pass "no <script> element"
fi
handlers=$(tr '\n\t\r' '   ' <"$dom" | grep -o '<[^>]*>' | grep -Ei '[[:space:]]on[a-z]+[[:space:]]*=' | head -n 3)
if [ -n "$handlers" ]; then
    fail "event-handler attributes in the page: $handlers"
else
    pass "no on...= event attributes"
fi

# -- measured by the browser: a copy of the page without its
# Content-Security-Policy and with measure.js, which writes what Chromium
# computed into the DOM; the phone is a 390 px frame around it.
{
    sed '/http-equiv="Content-Security-Policy"/d; s|</body>||; s|</html>||' "$out/review.html"
    printf '<script>\n'
    cat tests/browser/measure.js
    printf '</script>\n</body>\n</html>\n'
} >"$out/measure.html"
printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="measure.html" style="width:390px;height:800px;border:0"></iframe></body></html>\n' >"$out/phone.html"
measured() { # FILE KEY: the value measure.js wrote for KEY
    sed -n "s/^$2=//p" "$1" | head -n 1
}
url="file://$(printf '%s' "$abs/out/phone.html" | sed 's/ /%20/g')"
phone=$abs/measure-390.txt
chromium_run "$phone" --allow-file-access-from-files --window-size=1280,1000 --dump-dom
min=$(measured "$phone" min_chart_text_px)
if [ -z "$min" ]; then
    fail "no measurement of the chart at 390 px (see $dir/chromium.log)"
elif awk -v m="$min" 'BEGIN { exit !(m >= 9) }'; then
    pass "at 390 px the smallest chart text is $min CSS px (at least 9)"
else
    fail "at 390 px the smallest chart text is $min CSS px (under 9)"
fi
url="file://$(printf '%s' "$abs/out/measure.html" | sed 's/ /%20/g')"
darkm=$abs/measure-dark.txt
chromium_run "$darkm" --force-dark-mode --window-size=1280,2000 --dump-dom
fill=$(measured "$darkm" label_fill)
bg=$(measured "$darkm" page_background)
if [ "$(measured "$darkm" dark)" != true ]; then
    fail "--force-dark-mode did not give the page prefers-color-scheme: dark"
elif [ -n "$fill" ] && [ "$fill" != "$bg" ]; then
    pass "dark mode: chart labels $fill on the page's $bg"
else
    fail "dark mode: chart labels ${fill:-?} on the page's ${bg:-?}"
fi
tables=$(measured "$darkm" tables)
captioned=$(measured "$darkm" tables_captioned)
if [ -n "$tables" ] && [ "$tables" = "$captioned" ]; then
    pass "every table has a caption ($tables)"
else
    fail "${captioned:-?} of ${tables:-?} tables have a caption"
fi
if [ "$(measured "$darkm" heading_jumps)" = 0 ]; then
    pass "headings in order (no level skipped)"
else
    fail "headings skip a level $(measured "$darkm" heading_jumps) times"
fi

# -- the trend report: every incident links to its review, and each link
# leads to a file that exists (relative to the report, as a browser reads it)
tdir=$dir/trend
rm -rf "$tdir" && mkdir -p "$tdir/reviews"
if "$BUILD/reviewgen" build-all samples/quarter-2026q3 -o "$tdir/reviews" --db "$tdir/reviews.db" \
    -q && "$BUILD/reviewgen" trend --quarter 2026Q3 --db "$tdir/reviews.db" -o "$tdir" \
    --reviews "$tdir/reviews" -q; then
    url="file://$(printf '%s' "$abs/trend/trend.html" | sed 's/ /%20/g')"
    tdom=$abs/trend-dom.html
    chromium_run "$tdom" --dump-dom
    # the hrefs as the browser kept them, one per line
    links=$(grep -o '<a [^>]*href="[^"]*"' "$tdom" | sed 's/.*href="\([^"]*\)"/\1/' |
        grep -v -e '^#' -e '^https\?:' -e '^mailto:' | sort -u)
    n=0
    missing=""
    for l in $links; do
        n=$((n + 1))
        [ -f "$tdir/${l%%#*}" ] || missing="$missing $l"
    done
    if [ "$n" -gt 0 ] && [ -z "$missing" ]; then
        pass "the trend report's $n incident links lead to reviews that exist"
    else
        fail "trend report: $n relative links, missing:${missing:- (none found)}"
    fi
else
    fail "the quarter's trend report could not be built"
fi

# -- hostile text (tests/fixtures/hostile): every field carries
# <script>alert(N)</script>, <img onerror=alert(N)>, [l](javascript:alert(N)),
# "# hN" and "|tN|", N naming the field. Nothing may run, with the CSP and
# without it, and every field that is text must show its payload as text.
hostile_started=$(date +%s%N)
hout=$dir/hostile
if ! "$BUILD/reviewgen" build tests/fixtures/hostile -o "$hout" --no-store -q; then
    fail "reviewgen build tests/fixtures/hostile failed"
    finish
fi
habs=$(cd "$hout" && pwd)
url="file://$(printf '%s' "$habs/review.html" | sed 's/ /%20/g')"
hdom=$abs/hostile-dom.html
if chromium_run "$hdom" --dump-dom && grep -q '</html>' "$hdom"; then
    pass "hostile review: DOM dump $dir/hostile-dom.html"
else
    fail "hostile review: no DOM dump (see $dir/chromium.log)"
    finish
fi
if grep -qi '<script' "$hdom"; then
    fail "hostile review: a <script> element: $(grep -io '<script[^>]*>' "$hdom" | head -n 1)"
else
    pass "hostile review: no <script> element"
fi
tags=$(tr '\n\t\r' '   ' <"$hdom" | grep -o '<[^>]*>')
# (attribute values taken out first: an aria-label may say "onerror=" as text)
bad=$(printf '%s\n' "$tags" | sed 's/"[^"]*"/""/g' | grep -Ei '[[:space:]]on[a-z]+[[:space:]]*=' | head -n 3)
if [ -n "$bad" ]; then fail "hostile review: event-handler attributes: $bad"; else pass "hostile review: no on...= attributes"; fi
bad=$(printf '%s\n' "$tags" | grep -Ei '(href|src|action|xlink:href)[[:space:]]*=[[:space:]]*"?[[:space:]]*(javascript|vbscript|data):' | head -n 3)
if [ -n "$bad" ]; then fail "hostile review: script addresses: $bad"; else pass "hostile review: no javascript:/data: address"; fi
bad=$(printf '%s\n' "$tags" | grep -Ei '^<(iframe|object|embed|form|base|meta http-equiv="refresh")' | head -n 3)
if [ -n "$bad" ]; then fail "hostile review: active elements: $bad"; else pass "hostile review: no iframe, object, embed, form or base"; fi
# Fields that are text (not the manifest's Markdown: summary, impact, factors,
# recognition, whose raw HTML cmark-gfm omits): the whole one-line payload as
# text, as the DOM serialises text ('<' as &lt;). Multi-line ones: their first line.
shown=0
missing=""
for n in 1 2 3 8 9 10 11 12 15 16 17 19 20 22 23 25 28 29; do
    want="&lt;script&gt;alert($n)&lt;/script&gt;&lt;img src=x onerror=alert($n)&gt;[l$n](javascript:alert($n))|t$n|# h$n"
    if grep -qF -- "$want" "$hdom"; then shown=$((shown + 1)); else missing="$missing $n"; fi
done
for n in 13 26 27; do
    want="&lt;script&gt;alert($n)&lt;/script&gt; &lt;img src=x onerror=alert($n)&gt; [link](javascript:alert($n))"
    if grep -qF -- "$want" "$hdom"; then shown=$((shown + 1)); else missing="$missing $n"; fi
done
if grep -qF -- 'app&lt;img src=x onerror=alert(14)&gt;|# h14.log' "$hdom"; then shown=$((shown + 1)); else missing="$missing 14"; fi
if [ -z "$missing" ]; then
    pass "hostile review: all $shown text fields show their payload as text"
else
    fail "hostile review: fields whose payload is not shown as text:$missing"
fi
# No heading or table cell made from a field's text: "# hN" and "|tN|" stay text.
bad=$(tr '\n' ' ' <"$hdom" | grep -oE '<h[1-6][^>]*>[[:space:]]*(h[0-9]+|heading(13|26|27))[[:space:]]*</h[1-6]>|<t[dh][^>]*>[[:space:]]*(t[0-9]+|cell(13|26|27))[[:space:]]*</t[dh]>' | head -n 3)
if [ -n "$bad" ]; then fail "hostile review: markup made from text: $bad"; else pass "hostile review: no heading or table cell made from text"; fi

# Without the CSP, with alert/confirm/prompt hooked: a harness script of ours
# (the only script on the page) records every call in an attribute of <html>,
# fires the usual events at every element and follows every javascript: link
# on load. Our own control, an <img onerror=alert(control)>, proves the hook
# works; nothing else may have called it.
nocsp=$habs/review-nocsp.html
{
    sed '/http-equiv="Content-Security-Policy"/d; /<head>/q' "$habs/review.html"
    cat <<'HARNESS'
<script>
(function () {
  var fired = [];
  function hook(m) { fired.push(String(m)); document.documentElement.setAttribute('data-rg-fired', fired.join(',')); }
  window.alert = window.confirm = window.prompt = hook;
  window.addEventListener('load', function () {
    var all = document.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      ['mouseover', 'mouseenter', 'focus', 'load', 'error', 'animationstart'].forEach(function (t) {
        try { el.dispatchEvent(new Event(t)); } catch (e) {}
      });
      var h = el.getAttribute('href') || el.getAttribute('xlink:href') || '';
      if (/^\s*(javascript|vbscript):/i.test(h)) { try { el.click(); } catch (e) {} }
    }
    setTimeout(function () { document.documentElement.setAttribute('data-rg-harness', 'ran'); }, 200);
  });
})();
</script>
HARNESS
    sed '1,/<head>/d; /http-equiv="Content-Security-Policy"/d' "$habs/review.html" |
        sed 's|</body>|<img src="x" alt="control" onerror="alert(this.alt)"></body>|'
} >"$nocsp"
url="file://$(printf '%s' "$nocsp" | sed 's/ /%20/g')"
ndom=$abs/hostile-nocsp-dom.html
if chromium_run "$ndom" --virtual-time-budget=3000 --dump-dom && grep -q '</html>' "$ndom"; then
    html_tag=$(grep -o '<html[^>]*>' "$ndom" | head -n 1)
    case $html_tag in
    *'data-rg-harness="ran"'*) pass "hostile review without CSP: the alert hook ran" ;;
    *) fail "hostile review without CSP: the harness did not run ($html_tag)" ;;
    esac
    fired=$(printf '%s' "$html_tag" | sed -n 's/.*data-rg-fired="\([^"]*\)".*/\1/p')
    # (the control fires once on its own and once more for the harness's
    # "error" event)
    others=$(printf '%s' "$fired" | tr ',' '\n' | grep -vx control | head -n 3 | tr '\n' ' ')
    if [ -n "$fired" ] && [ -z "$others" ]; then
        pass "hostile review without CSP: nothing but the control called alert"
    else
        fail "hostile review without CSP: alert was called by: '${fired}' (want only 'control')"
    fi
else
    fail "hostile review without CSP: no DOM dump (see $dir/chromium.log)"
fi
echo "note: the hostile review's checks took $(( ($(date +%s%N) - hostile_started) / 1000000 )) ms"

finish

#!/bin/sh
# genoverlap.sh -- writes the partial-overlap benchmark of README ("Evidence of
# any size"): 600,000 syslog lines (rsyslog high-precision times, one every
# 6 ms, 2% errors) over 2026-11-20 14:00-15:00 as DIR/app.log.1 (14:00-14:39)
# and DIR/app.log (14:30-14:59), sharing 100,000 lines; with WINDOW 1 also an
# incident.json whose window is 13:00-16:00. Deterministic.
#
# usage: sh tests/bench/genoverlap.sh DIR [WINDOW]
d=${1:?usage: genoverlap.sh DIR [WINDOW]}
rm -rf "$d" && mkdir -p "$d" || exit 1
if [ "${2:-0}" = 1 ]; then
    printf '{"window": {"from": "2026-11-20T13:00:00Z", "to": "2026-11-20T16:00:00Z"}}\n' \
        >"$d/incident.json"
fi
awk -v d="$d" 'BEGIN {
  split("request completed method=GET path=/api/cart status=200|request completed method=POST path=/api/checkout status=201|cache refreshed keys=4096 took_ms=12|health check ok upstream=payments-db|session created user_id=48213 region=ap-southeast-1", m, "|");
  for (i = 0; i < 600000; i++) {
    us = i * 6000; s = int(us / 1000000); frac = us % 1000000;
    mm = int(s / 60); ss = s % 60;
    msg = (i % 50 == 0) ? "ERROR payment authorisation failed code=504 upstream=payments-db" : m[i % 5 + 1];
    line = sprintf("2026-11-20T14:%02d:%02d.%06d+00:00 web-%d app[7]: %s id=%d", mm, ss, frac, i % 4 + 1, msg, i);
    if (mm < 40) print line > (d "/app.log.1");
    if (mm >= 30) print line > (d "/app.log");
  } }'

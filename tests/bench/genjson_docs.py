#!/usr/bin/env python3
"""genjson_docs.py -- writes one large JSON document for the streaming JSON
importers' measurements (importers/jsonstream.h, issue 11): a PagerDuty
log-entries page, a Slack day file or a Statuspage incidents history of about
SIZE MiB. Records carry brackets, braces and escaped quotes inside strings, so
the tokenizer is measured on hostile text, not only on easy text.

usage: genjson_docs.py pagerduty|slack|statuspage SIZE_MB OUT
"""
import json
import sys

kind, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
limit = int(size_mb * 1024 * 1024)
T0 = 1795183200  # 2026-11-20T12:00:00Z


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


with open(out, "w") as f:
    n = 0
    if kind == "pagerduty":
        f.write('{"log_entries": [\n')
    elif kind == "statuspage":
        f.write('{"page": {"id": "p1", "name": "Bench Status"},\n "incidents": [\n')
    else:
        f.write("[\n")
    while f.tell() < limit:
        t = T0 + n
        if kind == "pagerduty":
            rec = {"id": "R%024d" % n, "type": ["trigger_log_entry", "notify_log_entry",
                                                 "acknowledge_log_entry"][n % 3],
                   "summary": "Notified {on-call} [#%d] \"checkout\" ]}" % n,
                   "created_at": iso(t),
                   "agent": {"id": "P%d" % (n % 50), "type": "user_reference",
                             "summary": "Person %d" % (n % 50)},
                   "channel": {"type": "auto"},
                   "service": {"id": "PCHK001", "summary": "checkout-api"},
                   "incident": {"id": "Q%d" % (n // 100), "summary": "[#%d] Checkout 5xx" % (n // 100)},
                   "teams": [], "contexts": [], "event_details": {"description": "x[1]{2}"}}
        elif kind == "statuspage":
            rec = {"id": "inc%d" % n, "name": "Degraded checkout [%d] {eu}" % n,
                   "status": "resolved", "impact": "minor", "created_at": iso(t),
                   "incident_updates": [
                       {"id": "u%d_%d" % (n, k), "status": s, "body": "We are \"looking\" ]} %d" % k,
                        "created_at": iso(t + 60 * k), "display_at": iso(t + 60 * k),
                        "affected_components": [{"name": "API"}]}
                       for k, s in enumerate(["investigating", "identified", "resolved"])]}
        else:
            rec = {"type": "message", "user": "U%05d" % (n % 200),
                   "text": "deploy <#C1|ops> done [%d] {\"ok\": true} ]}" % n,
                   "ts": "%d.%06d" % (t // 10, n % 1000000)}
            if n % 4 == 0:
                rec = {"type": "message", "subtype": "bot_message", "bot_id": "B1",
                       "username": "alertbot", "text": "ALERT checkout 5xx > 5%% [%d]" % (n % 7),
                       "ts": "%d.%06d" % (t // 10, n % 1000000)}
        f.write((",\n" if n else "") + json.dumps(rec))
        n += 1
    f.write("\n]")
    if kind == "pagerduty":
        f.write(', "limit": %d, "offset": 0, "more": false, "total": %d}' % (n, n))
    elif kind == "statuspage":
        f.write("}")
    f.write("\n")
print(n)

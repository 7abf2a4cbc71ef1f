#!/usr/bin/env python3
"""Generates the evidence files of samples/inc-2118-search (INC-2118).

A team on Mattermost, Opsgenie, Grafana, Nagios and a Statuspage feed, with a
logfmt application log: no Slack, PagerDuty, Alertmanager or Statuspage JSON.
Every value comes from the fixed timetable below (no randomness), so the hand
computation in tests/e2e/inc-2118/EXPECTED.md can be read off this script as
well as off the files. incident.json is written by hand and not generated.
samples/README.md describes the files.
Usage: python3 samples/generate-inc-2118.py OUTDIR
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

OUT = sys.argv[1]
UTC = timezone.utc
PST = timezone(timedelta(hours=-8))           # America/Los_Angeles in December
DAY0 = datetime(2026, 12, 10, tzinfo=UTC)     # Thursday; epoch 1796860800


def t(hms, ms=0):
    """2026-12-10 hh:mm:ss(.ms) UTC."""
    h, m, s = (int(x) for x in hms.split(":"))
    return DAY0 + timedelta(hours=h, minutes=m, seconds=s, milliseconds=ms)


def epoch_ms(dt):
    return (dt - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def epoch_s(dt):
    return epoch_ms(dt) // 1000


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path) or OUT, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def iso_ms(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


# ------------------------------------------------------ search-api (logfmt) --
# go-kit logfmt, one line per record, times RFC 3339 UTC with milliseconds.
# Traffic: a "request served" info line every 20 s from 16:45:05 to 19:29:45.
# Errors:
#   baseline   17:05:41.118, 17:31:07.402, 17:44:55.630 (deadline exceeded)
#   17:52      12 errors, the first pinned at 17:52:31.204, then :33.750,
#              :36.250, ... every 2.5 s to :58.750
#   17:53-18:12 24 errors a minute at :00.750, :03.250, ... :58.250
#   18:13      10 errors at :00.750, :02.750, ... :18.750, and the last of the
#              incident pinned at 18:13:19.873
#   later      one unrelated deadline error at 18:31:12.006
HOSTS = ["search-api-7b5d9c-4kq2x", "search-api-7b5d9c-9wz7p", "search-api-7b5d9c-tm3rd"]
log = []  # (datetime, line)


def lf(dt, level, caller, msg, host, **kv):
    parts = ["ts=" + iso_ms(dt), "level=" + level, "caller=" + caller, 'msg="%s"' % msg,
             "host=" + host]
    for k, v in kv.items():
        v = str(v)
        parts.append("%s=%s" % (k, '"%s"' % v.replace('"', '\\"') if (" " in v or '"' in v) else v))
    log.append((dt, " ".join(parts)))


dt = t("16:45:05")
n = 0
while dt <= t("19:29:45"):
    index = "products-v42" if t("17:52:10") <= dt < t("18:13:20") else "products-v41"
    status = 200
    lf(dt, "info", "http.go:142", "request served", HOSTS[n % 3], method="GET", path="/v1/search",
       status=status, took_ms=18 + (n * 7) % 40, index=index)
    n += 1
    dt += timedelta(seconds=20)

DEADLINE = "elasticsearch: context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
for hms, ms in (("17:05:41", 118), ("17:31:07", 402), ("17:44:55", 630), ("18:31:12", 6)):
    lf(t(hms, ms), "error", "search.go:211", "search failed", HOSTS[ms % 3], index="products-v41",
       err=DEADLINE)

BAD = ("elasticsearch: 400 search_phase_execution_exception: failed to create query: "
       "field [title.folded] not found in [products-v42]")
errors = [t("17:52:31", 204)] + [t("17:52:31") + timedelta(milliseconds=2750 + 2500 * k)
                                  for k in range(11)]
m = t("17:53:00")
while m <= t("18:12:00"):
    errors += [m + timedelta(milliseconds=750 + 2500 * k) for k in range(24)]
    m += timedelta(minutes=1)
errors += [t("18:13:00") + timedelta(milliseconds=750 + 2000 * k) for k in range(10)]
errors.append(t("18:13:19", 873))
for i, e in enumerate(errors):
    lf(e, "error", "search.go:211", "search failed", HOSTS[i % 3], index="products-v42",
       query_id="q%06d" % (410000 + i), err=BAD)

lf(t("17:40:02", 511), "info", "reindex.go:63", "reindex started", HOSTS[0],
   source="products-v41", dest="products-v42", job="nightly-catalog-7781")
lf(t("17:51:48", 90), "info", "reindex.go:98", "reindex finished", HOSTS[0],
   dest="products-v42", docs=4183226, took="11m45.6s")
lf(t("17:52:10", 377), "info", "alias.go:77", "index alias changed", HOSTS[0],
   alias="products", old="products-v41", new="products-v42")
for k in range(4):  # the circuit breaker trips while every query fails
    at = t("17:55:00") + timedelta(minutes=4 * k, milliseconds=412)
    lf(at, "warn", "breaker.go:40", "falling back to the cached results page", HOSTS[k % 3],
       index="products-v42", open_for="30s")
lf(t("18:13:20", 118), "info", "alias.go:77", "index alias changed", HOSTS[0],
   alias="products", old="products-v42", new="products-v41")
log.sort(key=lambda x: x[0])
write("search-api.log", "\n".join(line for _, line in log) + "\n")

# --------------------------------------------------------------- Nagios log --
# nagios.log of the monitoring host, from the 16:00 rotation to 20:30.
NAG_OUT = "HTTP CRITICAL: HTTP/1.1 500 Internal Server Error - 412 bytes in 0.031 second response time"
NAG_OK = "HTTP OK: HTTP/1.1 200 OK - 18211 bytes in 0.044 second response time"
ACK = "Acknowledged in Opsgenie, looking into it"
DANA_MAIL = "dana.whitfield@larkspur.example"
nag = [
    (t("16:00:00"), "LOG ROTATION: DAILY"),
    (t("16:00:00"), "LOG VERSION: 2.0"),
    (t("16:00:00"), "CURRENT HOST STATE: search-1;UP;HARD;1;PING OK - Packet loss = 0%, RTA = 0.41 ms"),
    (t("16:00:00"), "CURRENT SERVICE STATE: search-1;HTTP search;OK;HARD;1;" + NAG_OK),
    (t("16:00:00"), "CURRENT SERVICE STATE: search-1;Disk /var;OK;HARD;1;DISK OK - free space: /var 41% free"),
    (t("16:31:40"), "SERVICE ALERT: search-1;Disk /var;WARNING;SOFT;1;DISK WARNING - free space: /var 19% free"),
    (t("16:32:40"), "SERVICE ALERT: search-1;Disk /var;OK;SOFT;2;DISK OK - free space: /var 23% free"),
    (t("17:20:05"), "EXTERNAL COMMAND: SCHEDULE_FORCED_SVC_CHECK;search-1;HTTP search;%d" % epoch_s(t("17:20:05"))),
    (t("17:55:12"), "SERVICE ALERT: search-1;HTTP search;CRITICAL;SOFT;1;" + NAG_OUT),
    (t("17:56:12"), "SERVICE ALERT: search-1;HTTP search;CRITICAL;SOFT;2;" + NAG_OUT),
    (t("17:57:12"), "SERVICE ALERT: search-1;HTTP search;CRITICAL;HARD;3;" + NAG_OUT),
    (t("17:57:12"), "SERVICE NOTIFICATION: search-team;search-1;HTTP search;CRITICAL;notify-service-by-email;"
     + NAG_OUT),
    (t("17:57:44"), "EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;search-1;HTTP search;2;1;1;%s;%s"
     % (DANA_MAIL, ACK)),
    (t("17:57:44"), "SERVICE NOTIFICATION: search-team;search-1;HTTP search;ACKNOWLEDGEMENT (CRITICAL);"
     "notify-service-by-email;%s;%s;%s" % (NAG_OUT, DANA_MAIL, ACK)),
    (t("18:14:12"), "SERVICE ALERT: search-1;HTTP search;OK;HARD;3;" + NAG_OK),
    (t("18:14:12"), "SERVICE NOTIFICATION: search-team;search-1;HTTP search;OK;notify-service-by-email;"
     + NAG_OK),
    (t("20:05:30"), "SERVICE ALERT: search-1;Disk /var;WARNING;SOFT;1;DISK WARNING - free space: /var 18% free"),
    (t("20:06:30"), "SERVICE ALERT: search-1;Disk /var;WARNING;HARD;2;DISK WARNING - free space: /var 18% free"),
    (t("20:06:30"), "SERVICE NOTIFICATION: search-team;search-1;Disk /var;WARNING;notify-service-by-email;"
     "DISK WARNING - free space: /var 18% free"),
]
write("nagios.log", "".join("[%d] %s\n" % (epoch_s(at), text) for at, text in nag))

# ------------------------------------------------------ Grafana webhooks --
# Unified alerting (Grafana 11) webhook payloads, one per line as the
# receiver (a small HTTP service) logged them. The firing payload was
# delivered twice (the receiver answered 502 the first time and Grafana
# retried): the same record, read once.
GF_LABELS = {"alertname": "SearchErrorRate", "grafana_folder": "search", "service": "search-api",
             "env": "prod", "severity": "critical"}
GF_ANN = {"summary": "search-api 5xx ratio above 5%",
          "runbook_url": "https://wiki.larkspur.example/runbooks/search-errors"}


def gf_payload(state, value, ends):
    firing = state == "firing"
    alert = {"status": state, "labels": GF_LABELS, "annotations": GF_ANN,
             "startsAt": "2026-12-10T17:54:00Z", "endsAt": ends,
             "generatorURL": "https://grafana.larkspur.example/alerting/grafana/d3k81search/view?orgId=1",
             "fingerprint": "5b1e0c7d92a4f316",
             "silenceURL": "https://grafana.larkspur.example/alerting/silence/new?alertmanager=grafana"
                           "&matcher=alertname%3DSearchErrorRate&matcher=service%3Dsearch-api",
             "dashboardURL": "https://grafana.larkspur.example/d/search-api?orgId=1",
             "panelURL": "https://grafana.larkspur.example/d/search-api?orgId=1&viewPanel=2",
             "values": {"B": value, "C": 1 if firing else 0},
             "valueString": "[ var='B' labels={service=search-api} value=%s ], "
                            "[ var='C' labels={service=search-api} value=%d ]" % (value, 1 if firing else 0)}
    return {"receiver": "opsgenie-search", "status": state, "orgId": 1, "alerts": [alert],
            "groupLabels": {"alertname": "SearchErrorRate", "grafana_folder": "search"},
            "commonLabels": GF_LABELS, "commonAnnotations": GF_ANN,
            "externalURL": "https://grafana.larkspur.example/", "version": "1",
            "groupKey": "{}/{__grafana_autogenerated__=\"true\"}/{__grafana_receiver__=\"opsgenie-search\"}"
                        ":{alertname=\"SearchErrorRate\", grafana_folder=\"search\"}",
            "truncatedAlerts": 0,
            "title": ("[FIRING:1] " if firing else "[RESOLVED] ") + "SearchErrorRate search (search-api prod critical)",
            "state": "alerting" if firing else "ok",
            "message": ("**Firing**" if firing else "**Resolved**") + "\n\nValue: B=%s\nLabels:\n - alertname = "
                       "SearchErrorRate\n - service = search-api\n" % value}


fire = json.dumps(gf_payload("firing", 0.124, "0001-01-01T00:00:00Z"), separators=(",", ":"))
res = json.dumps(gf_payload("resolved", 0.003, "2026-12-10T18:16:00Z"), separators=(",", ":"))
write("grafana-alerts.jsonl", fire + "\n" + fire + "\n" + res + "\n")

# ---------------------------------------------------- Opsgenie alert log --
# GET /v2/alerts/{id}/logs?identifierType=id&order=desc&limit=100 for the
# alert Grafana created: one page, newest first. Owners are Opsgenie
# usernames, which are e-mail addresses.


def og(dt, text, typ, owner):
    ms = epoch_ms(dt)
    return {"createdAt": iso_ms(dt), "log": text, "offset": "%d_%d" % (ms, ms * 1000000 + 211),
            "owner": owner, "type": typ}


OG_MSG = "[FIRING:1] SearchErrorRate search (search-api prod critical)"
oglog = [
    og(t("17:54:11", 204), "Alert created via Grafana[Grafana] with message: " + OG_MSG, "system", "Grafana"),
    og(t("17:54:11", 530), "Alert is assigned to team [search-oncall] by routing rule [default]", "system",
       "System"),
    og(t("17:54:12", 10), "Sent [push] notification to " + DANA_MAIL, "alertRecipient", "System"),
    og(t("17:56:12", 90), "Sent [voice] notification to " + DANA_MAIL, "alertRecipient", "System"),
    og(t("17:57:31", 644), "Viewed on [mobile]", "alertRecipient", DANA_MAIL),
    og(t("17:57:40", 318), "Alert acknowledged via mobile", "alertAction", DANA_MAIL),
    og(t("18:12:48", 901), "Note added: rolling the products alias back to products-v41", "note", DANA_MAIL),
    og(t("18:33:18", 772), "Alert closed via web", "alertAction", DANA_MAIL),
]
oglog.reverse()
write("opsgenie-alert-log.json", json.dumps({"data": oglog, "paging": {
    "first": "https://api.opsgenie.com/v2/alerts/6f0c2a9e-11d8-4c1e-9b57-2118a2e4c0d1/logs"
             "?identifierType=id&order=desc&limit=100"},
    "took": 0.012, "requestId": "0e6b1f3a-2118-4d2c-a7e5-9c4b8d1f2a60"}, indent=4) + "\n")

# ---------------------------------------------------- Mattermost bulk export --
# mmctl export create, then the JSONL of the unzipped archive: version, team,
# channels, users, posts in channel order.
USERS = [("dana", "Dana", "Whitfield", DANA_MAIL, "Search SRE"),
         ("omar", "Omar", "Haddad", "omar.haddad@larkspur.example", "Engineering manager, search"),
         ("hana", "Hana", "Sato", "hana.sato@larkspur.example", "Support lead")]
lines = [{"type": "version", "version": 1},
         {"type": "team", "team": {"name": "larkspur", "display_name": "Larkspur Books", "type": "O",
                                   "description": "", "allow_open_invite": False}},
         {"type": "channel", "channel": {"team": "larkspur", "name": "search-alerts",
                                         "display_name": "search-alerts", "type": "O", "header": "",
                                         "purpose": "Grafana and Opsgenie notifications for search"}},
         {"type": "channel", "channel": {"team": "larkspur", "name": "inc-2118-search",
                                         "display_name": "INC-2118 search errors", "type": "O",
                                         "header": "SEV2: search-api errors after the products-v42 alias swap",
                                         "purpose": "Incident channel for INC-2118"}}]
for uname, first, last, mail, pos in USERS:
    lines.append({"type": "user", "user": {
        "username": uname, "email": mail, "auth_service": "", "nickname": "", "first_name": first,
        "last_name": last, "position": pos, "roles": "system_user", "locale": "en",
        "teams": [{"name": "larkspur", "roles": "team_user", "channels": [
            {"name": "search-alerts", "roles": "channel_user"},
            {"name": "inc-2118-search", "roles": "channel_user"}]}]}})


def post(channel, user, dt, message, **kw):
    p = {"team": "larkspur", "channel": channel, "user": user, "message": message,
         "create_at": epoch_ms(dt)}
    p.update(kw)
    lines.append({"type": "post", "post": p})


INC = "inc-2118-search"
post("search-alerts", "omar", t("17:54:12", 480), "",
     props={"from_webhook": "true", "override_username": "Grafana",
            "attachments": [{"fallback": OG_MSG, "title": OG_MSG, "text": "Value: B=0.124"}]})
post("search-alerts", "omar", t("18:16:03", 120), "",
     props={"from_webhook": "true", "override_username": "Grafana",
            "attachments": [{"fallback": "[RESOLVED] SearchErrorRate search (search-api prod critical)",
                             "text": "Value: B=0.003"}]})
post(INC, "dana", t("17:58:05", 310), "dana joined the channel.", type="system_join_channel")
post(INC, "dana", t("17:58:31", 842),
     "ack, looking into the search errors. search-api has returned 500s since about 17:52 UTC "
     "and Nagios says search-1 HTTP is CRITICAL.", edit_at=epoch_ms(t("17:59:02", 117)))
post(INC, "omar", t("18:00:40", 6), "omar joined the channel.", type="system_join_channel")
post(INC, "omar", t("18:01:15", 390), "Declaring SEV2 for search. I'm IC; Dana keeps investigating.")
post(INC, "omar", t("18:01:50", 222), "hana added to the channel by omar.", type="system_add_to_channel",
     props={"username": "omar", "addedUsername": "hana"})
post(INC, "omar", t("18:02:00", 754), "Hana, can you take the status page?",
     replies=[{"user": "hana", "message": "on it", "create_at": epoch_ms(t("18:02:41", 90))}])
post(INC, "hana", t("18:05:31", 277), "Status page updated: investigating.")
post(INC, "dana", t("18:09:34", 118),
     "Found it: the 17:52 alias swap moved `products` to products-v42, and the v42 mapping has no "
     "`title.folded` field, so every query with the folded title boost fails.")
post(INC, "omar", t("18:11:02", 660), "Dana, please roll the alias back to products-v41.")
post(INC, "dana", t("18:13:24", 551), "Rolled back the products alias to products-v41.")
post(INC, "dana", t("18:16:40", 200), "Error rate is back to normal on the dashboard; Nagios is green again.")
post(INC, "hana", t("18:21:05", 900), "Status page updated: monitoring.")
post(INC, "dana", t("18:33:30", 415), "Closed the Opsgenie alert, the error rate has been flat for 15 minutes.")
post(INC, "omar", t("18:41:10", 38),
     "Standing down, thanks all.\nAction item: check an index's mapping against the query templates "
     "before swapping the alias")
post(INC, "hana", t("18:52:40", 561), "Status page updated: resolved.")
write("mattermost-export.jsonl", "\n".join(json.dumps(x, separators=(",", ":"), ensure_ascii=False)
                                           for x in lines) + "\n")

# ---------------------------------------------------- Statuspage history.atom --
# https://status.larkspur.example/history.atom as served: newest incident first,
# each update's time in the page's zone (PST) with no year.


def upd(dt, label, text):
    local = dt.astimezone(PST)
    return ("<p><small>%s <var data-var='date'>%2d</var>, <var data-var='time'>%s</var> PST</small>"
            "<br><strong>%s</strong> - %s</p>" % (local.strftime("%b"), local.day, local.strftime("%H:%M"),
                                                  label, text))


def esc(html):
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


search_updates = [
    upd(t("18:52:00"), "Resolved", "Search has worked normally since 10:16 PST. This incident has been resolved."),
    upd(t("18:20:00"), "Monitoring", "A fix has been implemented and we are monitoring the results."),
    upd(t("18:10:00"), "Identified", "The issue has been identified and a fix is being implemented. "
        "Workaround: browsing by category still works while search is failing."),
    upd(t("18:05:00"), "Investigating", "We are investigating errors when searching the catalogue."),
]
old_updates = [
    upd(datetime(2026, 11, 18, 23, 41, tzinfo=UTC), "Resolved", "This incident has been resolved."),
    upd(datetime(2026, 11, 18, 23, 2, tzinfo=UTC), "Investigating",
        "Search results are slower than usual. We are investigating."),
]
atom = """<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:status.larkspur.example,2005:/history</id>
  <link rel="alternate" type="text/html" href="https://status.larkspur.example"/>
  <link rel="self" type="application/atom+xml" href="https://status.larkspur.example/history.atom"/>
  <title>Larkspur Books Status - Incident History</title>
  <updated>2026-12-10T10:52:00-08:00</updated>
  <author>
    <name>Larkspur Books</name>
  </author>
  <entry>
    <id>tag:status.larkspur.example,2005:Incident/21184417</id>
    <published>2026-12-10T10:52:00-08:00</published>
    <updated>2026-12-10T10:52:00-08:00</updated>
    <link rel="alternate" type="text/html" href="https://status.larkspur.example/incidents/k3v9x2m8q1d4"/>
    <title>Errors when searching the catalogue</title>
    <content type="html">%s</content>
  </entry>
  <entry>
    <id>tag:status.larkspur.example,2005:Incident/21093352</id>
    <published>2026-11-18T15:41:00-08:00</published>
    <updated>2026-11-18T15:41:00-08:00</updated>
    <link rel="alternate" type="text/html" href="https://status.larkspur.example/incidents/p7w2c5n0z8r6"/>
    <title>Slow search results</title>
    <content type="html">%s</content>
  </entry>
</feed>
""" % (esc("".join(search_updates)), esc("".join(old_updates)))
write("history.atom", atom)

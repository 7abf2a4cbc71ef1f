#!/usr/bin/env python3
"""Generates the evidence files of samples/inc-2207-payments (INC-2207).

Every value comes from the fixed timetable below (no randomness), so the
hand computation in tests/e2e/inc-2207/EXPECTED.md can be read off this
script as well as off the files. incident.json is written by hand and not
generated. samples/README.md describes the files.
Usage: python3 samples/generate-inc-2207.py OUTDIR
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

OUT = sys.argv[1]
UTC = timezone.utc
CET = timezone(timedelta(hours=1))            # Europe/Berlin in December
DAY0 = datetime(2026, 12, 8, tzinfo=UTC)      # Tuesday; epoch 1796688000


def t(hms, us=0):
    """2026-12-08 hh:mm:ss(.us) UTC."""
    h, m, s = (int(x) for x in hms.split(":"))
    return DAY0 + timedelta(hours=h, minutes=m, seconds=s, microseconds=us)


def epoch_us(dt):
    return (dt - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def minutes(first, last):
    """Every minute from hh:mm to hh:mm, inclusive."""
    m = t(first + ":00")
    while m <= t(last + ":00"):
        yield m
        m += timedelta(minutes=1)


# --------------------------------------------------- nginx in front of the API --
# nginx "combined" plus "$http_x_forwarded_for", times in the host's zone
# (CET). Ten ordinary requests a minute, every 6 s from :03; during the
# incident also 5xx answers from the failing pods:
#   10:02          12 errors at :04, :08, ... :48
#   10:03-10:13    14 errors a minute at :02, :06, ... :54
#   10:14          12 errors at :04, :08, ... :48
#   10:15-10:24    16 errors a minute at :02, :05, ... :47
#   10:25          12 errors at :05, :08, ... :38 (the last error of the incident)
ERRORS = {}
for m in minutes("10:02", "10:25"):
    hm = m.strftime("%H:%M")
    if hm in ("10:02", "10:14"):
        secs = [4 + 4 * k for k in range(12)]
    elif hm == "10:25":
        secs = [5 + 3 * k for k in range(12)]
    elif hm <= "10:13":
        secs = [2 + 4 * k for k in range(14)]
    else:
        secs = [2 + 3 * k for k in range(16)]
    ERRORS[hm] = secs

access = []  # (datetime, line)
req = 0
for m in minutes("09:50", "10:50"):
    hm = m.strftime("%H:%M")
    for k in range(10):
        dt = m + timedelta(seconds=3 + 6 * k)
        req += 1
        if k == 7:
            path, status, size = "/v1/payments/pay_%05d" % req, 404, 61
        elif k % 2:
            path, status, size = "/v1/payments/pay_%05d" % req, 200, 512
        else:
            path, status, size = "/v1/payments", 201, 734
        method = "POST" if path == "/v1/payments" else "GET"
        access.append((dt, req, method, path, status, size))
    for i, s in enumerate(ERRORS.get(hm, [])):
        dt = m + timedelta(seconds=s)
        req += 1
        access.append((dt, req, "POST", "/v1/payments", 502 if i % 2 else 503, 157))
access.sort(key=lambda a: (a[0], a[1]))
# Two nginx workers flush their buffers a little apart: a few lines land
# after a later one. Times stay as written; no order may be assumed.
for i in (40, 300, 610):
    access[i], access[i + 1] = access[i + 1], access[i]
CLIENTS = ["10.4.7.21", "10.4.7.22", "10.4.9.13"]
lines = []
for dt, n, method, path, status, size in access:
    local = dt.astimezone(CET).strftime("%d/%b/%Y:%H:%M:%S +0100")
    lines.append('%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "shop-web/5.12 (checkout)" "203.0.113.%d"'
                 % (CLIENTS[n % 3], local, method, path, status, size, 10 + n % 200))
write("payments-nginx-access.log", "\n".join(lines) + "\n")

# ------------------------------------------------------------- Loki (logcli) --
# The payments-api pods' JSON logs, exported with
#   logcli query '{app="payments-api"}' --from=... --to=... --limit=0 --output=jsonl
# which writes the newest first and the time in the local zone (CET).
OLD_PODS = ["payments-api-5f4b6c8d7-2xq9w", "payments-api-5f4b6c8d7-b7m4k", "payments-api-5f4b6c8d7-r8t2n"]
NEW_PODS = ["payments-api-7c9d8f6b5-x9k2m", "payments-api-7c9d8f6b5-h4p7s", "payments-api-7c9d8f6b5-q2w8z"]
loki = []  # (datetime, pod, line)


def zap(dt, level, caller, msg, **fields):
    rec = {"level": level, "ts": round(epoch_us(dt) / 1e6, 6), "caller": caller, "msg": msg}
    rec.update(fields)
    return json.dumps(rec, separators=(",", ":"))


for m in minutes("09:50", "10:50"):
    pods = NEW_PODS if t("09:58:20") <= m + timedelta(seconds=30) < t("10:24:40") else OLD_PODS
    dt = m + timedelta(seconds=30)
    loki.append((dt, pods[m.minute % 3], zap(dt, "info", "server/stats.go:88", "requests served",
                                              window="60s", requests=10)))
loki.append((t("09:58:20"), NEW_PODS[0], zap(t("09:58:20"), "info", "main.go:41",
                                             "starting payments-api", version="2.41.0")))
loki.append((t("09:58:21"), NEW_PODS[0], zap(t("09:58:21"), "warn", "config/load.go:120",
                                             "unknown field in acquirer config; ignoring it",
                                             field="retry_policy")))
for m in minutes("10:02", "10:25"):
    for s in (6, 36):
        dt = m + timedelta(seconds=s)
        loki.append((dt, NEW_PODS[(m.minute + s) % 3],
                     zap(dt, "error", "acquirer/client.go:212", "acquirer call failed",
                         error="retry_policy: backoff must be set when retries > 0",
                         acquirer="northpay")))
loki.append((t("10:24:40"), OLD_PODS[0], zap(t("10:24:40"), "info", "main.go:41",
                                             "starting payments-api", version="2.40.3")))
loki.sort(key=lambda x: x[0], reverse=True)
out = []
for dt, pod, line in loki:
    out.append(json.dumps({"labels": {"app": "payments-api", "namespace": "payments", "pod": pod},
                           "line": line,
                           "timestamp": dt.astimezone(CET).isoformat(timespec="microseconds")},
                          separators=(",", ":"), sort_keys=True))
write("loki-payments-api.jsonl", "\n".join(out) + "\n")

# ------------------------------------------------------------ journald (node) --
# journalctl -o json on the node that ran the new pods.
journal = []
cursor_n = 0


def jent(dt, prio, ident, pid, unit, msg):
    global cursor_n
    cursor_n += 1
    us = epoch_us(dt)
    return json.dumps({
        "__CURSOR": "s=4f1c6a8b2d9e4c0aa1b2c3d4e5f60718;i=%x;b=9d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f;"
                    "m=%x;t=%x;x=%016x" % (0x2a3f10 + cursor_n, 0x1d9c7a2b + cursor_n * 977, us,
                                          0xabcdef0123456789 ^ cursor_n),
        "__REALTIME_TIMESTAMP": str(us),
        "__MONOTONIC_TIMESTAMP": str(498231771 + cursor_n * 1000),
        "_BOOT_ID": "9d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f",
        "PRIORITY": str(prio),
        "SYSLOG_FACILITY": "3",
        "SYSLOG_IDENTIFIER": ident,
        "_PID": str(pid),
        "_COMM": ident,
        "_SYSTEMD_UNIT": unit,
        "_HOSTNAME": "ip-10-4-2-17",
        "_TRANSPORT": "stdout",
        "MESSAGE": msg,
    }, separators=(",", ":"))


journal.append(jent(t("09:58:05"), 6, "kubelet", 1187, "kubelet.service",
                    'I1208 09:58:05.112734    1187 kuberuntime_manager.go:1021] "Started container" '
                    'pod="payments/payments-api-7c9d8f6b5-x9k2m" container="payments-api"'))
journal.append(jent(t("10:02:21"), 6, "kubelet", 1187, "kubelet.service",
                    'I1208 10:02:21.480113    1187 prober.go:107] "Probe failed" probeType="Readiness" '
                    'pod="payments/payments-api-7c9d8f6b5-x9k2m" probeResult="failure" '
                    'output="HTTP probe failed with statuscode: 500"'))
journal.append(jent(t("10:05:30"), 3, "kubelet", 1187, "kubelet.service",
                    'E1208 10:05:30.004410    1187 pod_workers.go:1298] "Error syncing pod, skipping" '
                    'err="failed to \\"StartContainer\\" for \\"payments-api\\" with CrashLoopBackOff" '
                    'pod="payments/payments-api-7c9d8f6b5-h4p7s"'))
journal.append(jent(t("10:12:00"), 4, "containerd", 902, "containerd.service",
                    'time="2026-12-08T10:12:00.118226930Z" level=warning msg="cleanup warnings '
                    'time=\\"2026-12-08T10:12:00Z\\" level=info msg=\\"starting signal loop\\""'))
journal.append(jent(t("10:24:38"), 6, "kubelet", 1187, "kubelet.service",
                    'I1208 10:24:38.662014    1187 kuberuntime_manager.go:1021] "Started container" '
                    'pod="payments/payments-api-5f4b6c8d7-2xq9w" container="payments-api"'))
journal.append(jent(t("10:26:10"), 6, "kubelet", 1187, "kubelet.service",
                    'I1208 10:26:10.020981    1187 kuberuntime_container.go:770] "Killing container '
                    'with a grace period" pod="payments/payments-api-7c9d8f6b5-x9k2m" '
                    'gracePeriod=30'))
write("node-ip-10-4-2-17.journal.json", "\n".join(journal) + "\n")

# ---------------------------------------------------------- Kubernetes events --
def k8s_event(uid, name, reason, etype, first, last, count, obj, message, component, host=None):
    ev = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": name, "namespace": "payments", "uid": uid,
                     "resourceVersion": str(88120000 + int(uid[-4:], 16)),
                     "creationTimestamp": first.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "involvedObject": obj,
        "reason": reason,
        "message": message,
        "source": {"component": component},
        "firstTimestamp": first.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lastTimestamp": last.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "count": count,
        "type": etype,
        "eventTime": None,
        "reportingComponent": component,
        "reportingInstance": host or "",
    }
    if host:
        ev["source"]["host"] = host
    return ev


DEP = {"kind": "Deployment", "namespace": "payments", "name": "payments-api",
       "uid": "5b8e2c1a-7d3f-4e9b-a6c2-0f1e2d3c4b5a", "apiVersion": "apps/v1",
       "resourceVersion": "88119001"}


def pod(name):
    return {"kind": "Pod", "namespace": "payments", "name": name,
            "uid": "c0ffee00-%04x-4b1d-9e2f-3a4b5c6d7e8f" % (sum(map(ord, name)) % 65536),
            "apiVersion": "v1", "resourceVersion": "88119333", "fieldPath": "spec.containers{payments-api}"}


items = [
    k8s_event("e1a2b3c4-0001-4d5e-8f90-a1b2c3d40001", "payments-api.17f0a1b2c3d4e5f6",
              "ScalingReplicaSet", "Normal", t("09:58:02"), t("09:58:02"), 1, DEP,
              "Scaled up replica set payments-api-7c9d8f6b5 to 3", "deployment-controller"),
    k8s_event("e1a2b3c4-0002-4d5e-8f90-a1b2c3d40002", "payments-api-7c9d8f6b5-x9k2m.17f0a1b2c3d4e701",
              "Pulled", "Normal", t("09:58:04"), t("09:58:04"), 1, pod("payments-api-7c9d8f6b5-x9k2m"),
              'Successfully pulled image "registry.example.com/payments-api:2.41.0" in 1.912s '
              '(1.912s including waiting)', "kubelet", "ip-10-4-2-17"),
    k8s_event("e1a2b3c4-0003-4d5e-8f90-a1b2c3d40003", "payments-api-7c9d8f6b5-x9k2m.17f0a1b2c3d4e702",
              "Unhealthy", "Warning", t("10:02:20"), t("10:24:20"), 42, pod("payments-api-7c9d8f6b5-x9k2m"),
              "Readiness probe failed: HTTP probe failed with statuscode: 500", "kubelet",
              "ip-10-4-2-17"),
    k8s_event("e1a2b3c4-0004-4d5e-8f90-a1b2c3d40004", "payments-api-7c9d8f6b5-h4p7s.17f0a1b2c3d4e703",
              "BackOff", "Warning", t("10:06:00"), t("10:19:30"), 7, pod("payments-api-7c9d8f6b5-h4p7s"),
              "Back-off restarting failed container payments-api in pod "
              "payments-api-7c9d8f6b5-h4p7s_payments(0d4c2b1a-9e8f-4a7b-b6c5-d4e3f2a1b0c9)",
              "kubelet", "ip-10-4-2-17"),
    k8s_event("e1a2b3c4-0005-4d5e-8f90-a1b2c3d40005", "payments-api.17f0a1b2c3d4e704",
              "ScalingReplicaSet", "Normal", t("10:24:35"), t("10:24:35"), 1, DEP,
              "Scaled up replica set payments-api-5f4b6c8d7 to 3", "deployment-controller"),
    k8s_event("e1a2b3c4-0006-4d5e-8f90-a1b2c3d40006", "payments-api.17f0a1b2c3d4e705",
              "ScalingReplicaSet", "Normal", t("10:25:50"), t("10:25:50"), 1, DEP,
              "Scaled down replica set payments-api-7c9d8f6b5 to 0 from 3", "deployment-controller"),
]
write("k8s-events.json", json.dumps({"apiVersion": "v1", "kind": "List", "items": items,
                                     "metadata": {"resourceVersion": ""}}, indent=4) + "\n")

# -------------------------------------------------- Prometheus (query_range) --
# curl -G $PROM/api/v1/query_range --data-urlencode
#   'query=service:http_5xx:ratio_rate1m{service=~"checkout|payments-api"}'
#   --data-urlencode start=2026-12-08T09:30:00Z --data-urlencode end=2026-12-08T11:30:00Z
#   --data-urlencode step=30s
# Series 1 (checkout) never comes near 5 %; series 2 (payments-api):
PAY = {"10:02:00": "0.087", "10:02:30": "0.31", "10:14:30": "0.041", "10:15:00": "0.34",
       "10:20:00": "0.63", "10:25:00": "0.55", "10:25:30": "0.41", "10:26:00": "0.22",
       "10:26:30": "0.09", "10:27:00": "0.031"}


def pay_value(dt):
    hms = dt.strftime("%H:%M:%S")
    if hms in PAY:
        return PAY[hms]
    if dt < t("10:02:00"):
        return "0.002"
    if dt < t("10:14:30"):
        return "0.52"
    if dt < t("10:25:00"):
        return "0.58"
    return "0.004"


def co_value(dt):
    return "0.003" if dt == t("10:10:00") else "0.001"


stamps = []
dt = t("09:30:00")
while dt <= t("11:30:00"):
    stamps.append(dt)
    dt += timedelta(seconds=30)
result = []
for name, fn in (("checkout", co_value), ("payments-api", pay_value)):
    result.append({"metric": {"__name__": "service:http_5xx:ratio_rate1m", "service": name,
                              "env": "prod"},
                   "values": [[int(epoch_us(s) // 1000000), fn(s)] for s in stamps]})
prom = {"status": "success", "data": {"resultType": "matrix", "result": result}}
text = json.dumps(prom, indent=2)
# Prometheus writes each sample on one line: [1796724000, "0.002"]
import re
text = re.sub(r"\[\n\s+(\d+),\n\s+(\"[^\"]*\")\n\s+\]", r"[\1, \2]", text)
write("payments-5xx.json", text + "\n")

# --------------------------------------------------------------------- Slack --
USERS = {
    "aiko": ("U07AIKOTNK", "aiko.tanaka", "Aiko Tanaka", "Aiko", "Europe/Berlin", "Central European Time", 3600,
             "Site reliability engineer"),
    "marco": ("U04MRCRSSI", "marco.rossi", "Marco Rossi", "Marco", "Europe/Rome", "Central European Time", 3600,
              "Engineering manager, payments"),
    "priya": ("U06PRYNAIR", "priya.nair", "Priya Nair", "Priya", "Asia/Kolkata", "India Standard Time", 19800,
              "Payments engineer"),
}
PD_BOT = ("B05PGRDTY1", "U05PDBOT01")


def ts_of(dt, n):
    return "%d.%06d" % (epoch_us(dt) // 1000000, (epoch_us(dt) % 1000000) or (100200 + n))


def user_obj(key):
    uid, name, real, display, tz, label, off, title = USERS[key]
    return {"id": uid, "team_id": "T03ACME0SHP", "name": name, "deleted": False, "color": "9f69e7",
            "real_name": real, "tz": tz, "tz_label": label, "tz_offset": off,
            "profile": {"title": title, "real_name": real, "real_name_normalized": real,
                        "display_name": display, "display_name_normalized": display,
                        "first_name": real.split()[0], "last_name": real.split()[1],
                        "team": "T03ACME0SHP"},
            "is_admin": False, "is_owner": False, "is_bot": False, "is_app_user": False,
            "updated": 1790000000}


msgs = []


def human(dt, key, text):
    uid = USERS[key][0]
    msgs.append({"client_msg_id": "7a1d%04x-55c2-4e0b-9f3a-%012x" % (len(msgs), epoch_us(dt) % 10**12),
                 "type": "message", "text": text, "user": uid, "ts": ts_of(dt, len(msgs)),
                 "team": "T03ACME0SHP",
                 "blocks": [{"type": "rich_text", "block_id": "b%03d" % len(msgs),
                             "elements": [{"type": "rich_text_section",
                                           "elements": [{"type": "text", "text": text}]}]}]})


def join(dt, key):
    uid = USERS[key][0]
    msgs.append({"type": "message", "subtype": "channel_join", "ts": ts_of(dt, len(msgs)), "user": uid,
                 "text": "<@%s> has joined the channel" % uid})


join(t("10:05:40"), "aiko")
human(t("10:07:15"), "aiko",
      "ack, looking into the payments page. nginx answers 502/503 on POST /v1/payments since about 10:02 UTC")
join(t("10:08:30"), "marco")
human(t("10:09:00"), "marco",
      "Declaring SEV2 for payments-api. I am incident commander; Aiko leads the investigation.")
join(t("10:11:20"), "priya")
human(t("10:12:05"), "priya",
      "The 09:58 rollout of v2.41.0 added `retry_policy` to the acquirer config without a backoff; "
      "the new pods fail every acquirer call and their readiness probe.")
human(t("10:13:30"), "marco", "Priya, can you prepare a rollback to v2.40.3?")
human(t("10:23:30"), "aiko", "Rolling back payments-api to v2.40.3 now (kubectl rollout undo).")
human(t("10:28:10"), "marco", "5xx ratio is back to normal on the dashboard; watching it for 10 minutes.")
human(t("10:40:30"), "marco",
      "Standing down, thanks all.\nAction item: validate service config against its schema in CI before rollout")
write("slack/users.json", json.dumps([user_obj(k) for k in ("aiko", "marco", "priya")] + [
    {"id": PD_BOT[1], "team_id": "T03ACME0SHP", "name": "pagerduty", "deleted": False,
     "real_name": "PagerDuty", "is_bot": True, "is_app_user": False,
     "profile": {"real_name": "PagerDuty", "display_name": "PagerDuty", "bot_id": PD_BOT[0]},
     "updated": 1790000000}], indent=4) + "\n")
write("slack/channels.json", json.dumps([{
    "id": "C09INC2207", "name": "inc-2207", "created": epoch_us(t("10:05:38")) // 1000000,
    "creator": USERS["aiko"][0], "is_archived": False, "is_general": False,
    "members": [USERS[k][0] for k in ("aiko", "marco", "priya")],
    "topic": {"value": "payments-api 5xx after the v2.41.0 rollout", "creator": USERS["aiko"][0],
              "last_set": epoch_us(t("10:05:38")) // 1000000},
    "purpose": {"value": "", "creator": "", "last_set": 0}}], indent=4) + "\n")
write("slack/inc-2207/2026-12-08.json", json.dumps(msgs, indent=4, ensure_ascii=True) + "\n")

# ----------------------------------------------------------------- PagerDuty --
INC = {"id": "Q2PAY2207XK9M", "type": "incident_reference",
       "summary": "[#5213] [FIRING:1] PaymentsHighErrorRate (payments-api critical)",
       "self": "https://api.pagerduty.com/incidents/Q2PAY2207XK9M",
       "html_url": "https://acme-shop.pagerduty.com/incidents/Q2PAY2207XK9M"}
SVC = {"id": "PPAYAPI", "type": "service_reference", "summary": "Payments API",
       "self": "https://api.pagerduty.com/services/PPAYAPI",
       "html_url": "https://acme-shop.pagerduty.com/service-directory/PPAYAPI"}
AIKO = {"id": "PAIKO7T", "type": "user_reference", "summary": "Aiko Tanaka",
        "self": "https://api.pagerduty.com/users/PAIKO7T",
        "html_url": "https://acme-shop.pagerduty.com/users/PAIKO7T"}


def entry(eid, typ, summary, dt, **kw):
    e = {"id": eid, "type": typ, "summary": summary,
         "self": "https://api.pagerduty.com/log_entries/" + eid, "html_url": None,
         "created_at": dt.strftime("%Y-%m-%dT%H:%M:%SZ")}
    e.update(kw)
    e.update({"service": SVC, "incident": INC, "contexts": []})
    return e


entries = [
    entry("R9RS2207RESOLVEDAIKO0000001", "resolve_log_entry", "Resolved by Aiko Tanaka.",
          t("10:41:05"), agent=AIKO, channel={"type": "website"}),
    entry("R9RS2207ACKNOWLEDGEDAIKO001", "acknowledge_log_entry", "Acknowledged by Aiko Tanaka.",
          t("10:06:40"), agent=AIKO, channel={"type": "mobile"}, acknowledgement_timeout=1800),
    entry("R9RS2207NOTIFYAIKOPUSH00001", "notify_log_entry", "Notified Aiko Tanaka by push notification",
          t("10:04:12"), user=AIKO,
          channel={"type": "auto", "notification": {"type": "push_notification", "status": "success",
                                                     "address": "Pixel 8"}}),
    entry("R9RS2207TRIGGERAPI000000001", "trigger_log_entry", "Triggered through the API.",
          t("10:04:10"),
          agent={"id": "PAMPAY1", "type": "events_api_v2_inbound_integration_reference",
                 "summary": "Alertmanager",
                 "self": "https://api.pagerduty.com/services/PPAYAPI/integrations/PAMPAY1",
                 "html_url": "https://acme-shop.pagerduty.com/services/PPAYAPI/integrations/PAMPAY1"},
          channel={"type": "api", "summary": "[FIRING:1] PaymentsHighErrorRate (payments-api critical)",
                   "description": "[FIRING:1] PaymentsHighErrorRate (payments-api critical)",
                   "incident_key": "9f2c61d0b7e84a3c5d1e0f2a3b4c5d6e7f809a1b2c3d4e5f6a7b8c9d0e1f2207"},
          event_details={"description": "[FIRING:1] PaymentsHighErrorRate (payments-api critical)"}),
]
write("pagerduty-log-entries.json", json.dumps({"log_entries": entries, "limit": 100, "offset": 0,
                                                "more": False, "total": None}, indent=2,
                                               ensure_ascii=False) + "\n")

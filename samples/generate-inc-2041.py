#!/usr/bin/env python3
"""Generates the evidence files of samples/inc-2041-checkout (INC-2041).

Deterministic: fixed seed, fixed timetable; samples/README.md describes the
files. incident.json is written by hand and not generated.
Usage: python3 samples/generate-inc-2041.py OUTDIR
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

OUT = sys.argv[1]
RNG = random.Random(2041)
UTC = timezone.utc
ICT = timezone(timedelta(hours=7))           # Asia/Ho_Chi_Minh, no DST
DAY0 = datetime(2026, 11, 20, tzinfo=UTC)     # epoch 1795132800


def t(hms, us=0):
    """2026-11-20 hh:mm:ss(.us) UTC as an aware datetime."""
    h, m, s = (int(x) for x in hms.split(":"))
    return DAY0 + timedelta(hours=h, minutes=m, seconds=s, microseconds=us)


def epoch_us(dt):
    return (dt - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ---------------------------------------------------------------- app log --
PODS_A = ["checkout-api-7d9f8b6c5-x2kqp", "checkout-api-7d9f8b6c5-m8zfn", "checkout-api-7d9f8b6c5-q4wtd"]
PODS_B = ["checkout-api-7d9f8b6c5-b7lrc", "checkout-api-7d9f8b6c5-h2vxd", "checkout-api-7d9f8b6c5-t9wmk"]
PODS_C = ["checkout-api-5c8d7f9b4-kx7pn", "checkout-api-5c8d7f9b4-r2d8s", "checkout-api-5c8d7f9b4-w5qzj"]
POD_REVERTED = "checkout-api-7d9f8b6c5-zc4nm"   # the pod config management rolled back at 15:43
PODS_D = ["checkout-api-5c8d7f9b4-f6jtn", "checkout-api-5c8d7f9b4-kx7pn", "checkout-api-5c8d7f9b4-r2d8s"]


def pods_at(dt):
    if dt < t("14:24:10"):
        return PODS_A
    if dt < t("14:38:30"):
        return PODS_B
    return PODS_C


used_ms = set()
app = []   # (epoch_ms, dict)


def uniq_ms(dt):
    ms = epoch_us(dt) // 1000
    while ms in used_ms:
        ms += 1
    used_ms.add(ms)
    return ms


def hexid(n):
    return "".join(RNG.choice("0123456789abcdef") for _ in range(n))


def order_id():
    return "ord_" + "".join(RNG.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(10))


def emit(dt, level, host, fields, msg):
    ms = uniq_ms(dt)
    rec = {"level": level, "time": ms, "pid": 1, "hostname": host}
    rec.update(fields)
    rec["msg"] = msg
    app.append((ms, rec))


def rand_in_minute(minute_dt, lo=0.0, hi=60.0):
    return minute_dt + timedelta(microseconds=int(RNG.uniform(lo, hi) * 1e6) // 1000 * 1000)


def info_order(dt, method=None):
    method = method or RNG.choice(["card", "card", "card", "card", "paypal"])
    amount = RNG.choice([149000, 239000, 389000, 459000, 1249000, 89000, 650000, 2190000])
    emit(dt, 30, RNG.choice(pods_at(dt)),
         {"reqId": hexid(16), "orderId": order_id(), "paymentMethod": method,
          "amount": amount, "currency": "VND", "responseTime": RNG.randint(180, 900)},
         "order placed")


def gateway_timeout(dt):
    emit(dt, 50, RNG.choice(pods_at(dt)),
         {"reqId": hexid(16), "orderId": order_id(), "provider": "napas",
          "err": {"type": "GatewayTimeoutError", "message": "card gateway did not answer within 10000 ms",
                  "stack": "GatewayTimeoutError: card gateway did not answer within 10000 ms\n    at Timeout._onTimeout (/app/dist/payments/gateway.js:88:23)",
                  "code": "GATEWAY_TIMEOUT"}},
         "payment authorisation failed")


def conn_refused(dt):
    # after the repoint only the old, draining pods still talk to db-primary-1
    emit(dt, 50, RNG.choice(PODS_B if dt >= t("14:38:30") else pods_at(dt)),
         {"reqId": hexid(16), "orderId": order_id(),
          "err": {"type": "Error", "message": "connect ECONNREFUSED 10.20.1.11:5432",
                  "stack": "Error: connect ECONNREFUSED 10.20.1.11:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
                  "errno": -111, "code": "ECONNREFUSED", "syscall": "connect",
                  "address": "10.20.1.11", "port": 5432}},
         "checkout failed: connection refused to db-primary:5432")


def query_timeout(dt):
    emit(dt, 50, RNG.choice(pods_at(dt)),
         {"reqId": hexid(16), "orderId": order_id(),
          "err": {"type": "Error", "message": "Query read timeout",
                  "stack": "Error: Query read timeout\n    at Timeout._onTimeout (/app/node_modules/pg/lib/client.js:540:19)"}},
         "checkout failed: query timeout on db-primary:5432")


def read_only(dt):
    emit(dt, 50, POD_REVERTED,
         {"reqId": hexid(16), "orderId": order_id(),
          "err": {"type": "DatabaseError", "message": "cannot execute INSERT in a read-only transaction",
                  "stack": "error: cannot execute INSERT in a read-only transaction\n    at Parser.parseErrorMessage (/app/node_modules/pg-protocol/dist/parser.js:283:98)",
                  "length": 118, "name": "error", "severity": "ERROR", "code": "25006",
                  "file": "utility.c", "line": "411", "routine": "PreventCommandIfReadOnly"}},
         "checkout failed: cannot execute INSERT in a read-only transaction")


START, END = t("13:00:00"), t("16:10:00")
BURST_FIRST, BURST_LAST = t("14:02:00"), t("14:43:00")

# errors, by UTC minute: the timetable EXPECTED.md works from
BASELINE_MINUTES = sorted(RNG.sample(range(4, 60), 22))   # 13:04..13:59, one each
BURST = {2: 34, 3: 36, 4: 33, 5: 38, 6: 35, 7: 31, 8: 37, 9: 34, 10: 32, 11: 36, 12: 30,
         13: 35, 14: 33, 15: 38, 16: 34, 17: 31, 18: 36, 19: 33, 20: 35, 21: 32, 22: 34,
         23: 30, 24: 4, 25: 6, 26: 29, 27: 35, 28: 33, 29: 36, 30: 31, 31: 34, 32: 37,
         33: 33, 34: 35, 35: 32, 36: 34, 37: 30, 38: 26, 39: 17, 40: 11, 41: 6, 42: 2, 43: 1}
BLIP = {43: 5, 44: 8, 45: 9, 46: 7, 47: 6, 48: 2}         # 15:43..15:48
LATE_TIMEOUTS = ["14:58:12", "15:09:47", "15:21:30", "15:27:05", "16:01:44", "16:07:19"]

gateway_timeout(t("13:02:47", 113000))          # before the window: cut
for m in BASELINE_MINUTES:
    gateway_timeout(rand_in_minute(t("13:00:00") + timedelta(minutes=m)))
for s in ("14:01:21.604", "14:01:38.219", "14:01:55.930"):
    hms, frac = s.split(".")
    query_timeout(t(hms, int(frac) * 1000))
for m, n in BURST.items():
    base = t("14:00:00") + timedelta(minutes=m)
    lo = 3.6 if m == 2 else 0.0                  # the first refusal comes at 14:02:03.512
    times = sorted(rand_in_minute(base, lo, 60.0) for _ in range(n))
    if m == 40:                                  # pin the burst's last error
        times = sorted(rand_in_minute(base, 0.0, 52.0) for _ in range(n - 1)) + [t("14:40:52", 377000)]
    if m == 2:
        times[0] = t("14:02:03", 512000)
    for x in times:
        conn_refused(x)
for m, n in BLIP.items():
    base = t("15:00:00") + timedelta(minutes=m)
    lo = 20.0 if m == 43 else 0.0
    hi = 31.0 if m == 48 else 60.0
    for x in sorted(rand_in_minute(base, lo, hi) for _ in range(n)):
        read_only(x)
for s in LATE_TIMEOUTS:
    gateway_timeout(t(s, RNG.randint(0, 999) * 1000))

# info and warning traffic
cur = START + timedelta(seconds=4)
while cur < END:
    in_burst = t("14:02:00") <= cur < t("14:42:00")
    if in_burst:
        info_order(cur, "paypal")
        cur += timedelta(seconds=RNG.uniform(40, 80))
    else:
        info_order(cur)
        cur += timedelta(seconds=RNG.uniform(15, 40))
for m in range(0, 190, 10):
    base = START + timedelta(minutes=m, seconds=30)
    for i, host in enumerate(pods_at(base)):
        dt = base + timedelta(milliseconds=137 * i + 11)
        down = t("14:02:00") <= dt < t("14:39:00")
        emit(dt, 40 if down else 30, host,
             {"pool": {"host": "db-replica-1.payments.internal" if dt >= t("14:38:30") else "db-primary",
                       "total": 0 if down else 20, "idle": 0 if down else RNG.randint(11, 17),
                       "waiting": RNG.randint(40, 90) if down else 0}},
             "db pool: no usable connections" if down else "db pool stats")
for m in range(3, 38, 2):                        # retry warnings while refused
    base = t("14:00:00") + timedelta(minutes=m, seconds=45)
    for i, host in enumerate(pods_at(base)):
        emit(base + timedelta(milliseconds=211 * i + 7), 40, host,
             {"pool": {"host": "db-primary", "retryInMs": 1000}},
             "db pool: connection attempt failed, retrying")
for when, pods, host, ver in ((t("14:24:10"), PODS_B, "db-primary", "2.31.4"),
                              (t("14:38:30"), PODS_C, "db-replica-1.payments.internal", "2.31.4"),
                              (t("15:43:20"), [POD_REVERTED], "db-primary", "2.31.4"),
                              (t("15:48:31"), ["checkout-api-5c8d7f9b4-f6jtn"], "db-replica-1.payments.internal", "2.31.4")):
    for i, p in enumerate(pods):
        dt = when + timedelta(seconds=9 * i, milliseconds=311)
        emit(dt, 30, p, {"version": ver, "port": 8080}, "server listening")
        emit(dt + timedelta(milliseconds=402), 30, p, {"pool": {"host": host, "max": 20}}, "db pool connected")

app.sort(key=lambda r: r[0])
write("checkout-api.log", "".join(json.dumps(rec, separators=(",", ":"), ensure_ascii=False) + "\n"
                                  for _, rec in app))

# ----------------------------------------------------------------- syslog --
# True UTC instants; the host clock ran 42 s fast, so the file says true + 42 s,
# in local time (UTC+7), RFC 3164 with <PRI> (rsyslog TraditionalForwardFormat).
SKEW = timedelta(seconds=42)
sys_lines = []   # (true_dt, seq, pri, tag, msg)
seq = [0]


def sl(true_dt, pri, tag, msg):
    seq[0] += 1
    sys_lines.append((true_dt, seq[0], pri, tag, msg))


def local(true_dt):
    return (true_dt + SKEW).astimezone(ICT)


def pg(true_dt, pri, pid, who, level, text, seqno):
    stamp = local(true_dt).strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (true_dt.microsecond // 1000) + " +07"
    who_s = (who + " ") if who else ""
    sl(true_dt, pri, "postgres[%d]" % pid, "[%d-1] %s [%d] %s%s:  %s" % (seqno, stamp, pid, who_s, level, text))


def patroni(true_dt, level, text):
    stamp = local(true_dt).strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % (true_dt.microsecond // 1000)
    sl(true_dt, 30, "patroni[1187]", "%s %s: %s" % (stamp, level, text))


pgseq = [100]


def pgn():
    pgseq[0] += 1
    return pgseq[0]


for m in range(0, 61):                                    # 13:00..14:00 leader heartbeat
    patroni(t("13:00:08") + timedelta(minutes=m, milliseconds=RNG.randint(0, 900)), "INFO",
            "no action. I am (db-primary-1), the leader with the lock")
for m in range(0, 60, 5):                                 # checkpoints
    st = t("13:02:11") + timedelta(minutes=m)
    pg(st, 134, 2213, "", "LOG", "checkpoint starting: time", pgn())
    pg(st + timedelta(seconds=29, milliseconds=RNG.randint(100, 900)), 134, 2213, "", "LOG",
       "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 1 recycled; write=26.921 s, sync=0.%03d s, total=%d.%03d s"
       % (RNG.randint(900, 2400), RNG.uniform(0.7, 1.9), RNG.randint(4, 90), 27, RNG.randint(10, 990)), pgn())
sl(t("14:00:58"), 3, "kernel:", "[3185522.417093] INFO: task postgres:2211 blocked for more than 120 seconds.")
sl(t("14:00:58"), 3, "kernel:", "[3185522.417131]       Not tainted 6.8.0-1019-aws #21-Ubuntu")
sl(t("14:00:58"), 3, "kernel:", "[3185522.417140] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.")
patroni(t("14:01:08", 512000), "WARNING", "Request failed to db-primary-1: GET http://10.20.1.11:8008/patroni (HTTPConnectionPool(host='10.20.1.11', port=8008): Read timed out. (read timeout=2))")
patroni(t("14:01:40", 87000), "ERROR", "failed to update leader lock")
patroni(t("14:01:42", 301000), "INFO", "demoting self because I do not have the lock and I was a leader")
patroni(t("14:01:43", 6000), "WARNING", "Loop time exceeded, rescheduling immediately.")
pg(t("14:01:52", 204000), 134, 2211, "", "LOG", "received fast shutdown request", pgn())
pg(t("14:01:52", 205000), 134, 2211, "", "LOG", "aborting any active transactions", pgn())
pg(t("14:02:01", 117000), 131, 3310, "checkout@payments", "FATAL", "terminating connection due to administrator command", pgn())
pg(t("14:02:01", 118000), 131, 3318, "checkout@payments", "FATAL", "terminating connection due to administrator command", pgn())
pg(t("14:02:01", 121000), 131, 3321, "payments_ro@payments", "FATAL", "terminating connection due to administrator command", pgn())
pg(t("14:02:02", 640000), 134, 2211, "", "LOG", "background worker \"logical replication launcher\" (PID 2236) exited with exit code 1", pgn())
pg(t("14:02:30", 12000), 134, 2213, "", "LOG", "shutting down", pgn())
pg(t("14:02:58", 930000), 134, 2211, "", "LOG", "database system is shut down", pgn())
patroni(t("14:03:05", 220000), "INFO", "Lock owner: None; I am db-primary-1")
patroni(t("14:03:05", 224000), "INFO", "not healthy enough for leader race")
patroni(t("14:03:15", 810000), "INFO", "starting as a secondary")
sl(t("14:04:29"), 3, "kernel:", "[3185733.902211] blk_update_request: I/O error, dev nvme1n1, sector 41947136 op 0x1:(WRITE) flags 0x8800 phys_seg 1 prio class 0")
pg(t("14:04:30", 455000), 131, 2290, "", "FATAL", "could not write lock file \"postmaster.pid\": Input/output error", pgn())
patroni(t("14:04:31", 2000), "WARNING", "Postgresql is not running.")
for m in range(5, 21):
    patroni(t("14:00:15") + timedelta(minutes=m, milliseconds=RNG.randint(0, 900)), "INFO",
            "Lock owner: None; I am db-primary-1")
    patroni(t("14:00:15") + timedelta(minutes=m, milliseconds=950), "INFO",
            "not healthy enough for leader race")
sl(t("14:21:12"), 30, "systemd[1]:", "Stopping patroni.service - Runners to orchestrate a high-availability PostgreSQL...")
sl(t("14:21:13"), 30, "systemd[1]:", "patroni.service: Deactivated successfully.")
sl(t("14:21:13"), 30, "systemd[1]:", "Stopped patroni.service - Runners to orchestrate a high-availability PostgreSQL.")
sl(t("15:39:50"), 30, "systemd[1]:", "Started patroni.service - Runners to orchestrate a high-availability PostgreSQL.")
patroni(t("15:40:02", 144000), "INFO", "Lock owner: db-replica-1; I am db-primary-1")
patroni(t("15:40:03", 19000), "INFO", "running pg_rewind from db-replica-1")
patroni(t("15:40:19", 633000), "INFO", "pg_rewind exit code=0")
pg(t("15:40:21", 70000), 134, 4410, "", "LOG", "entering standby mode", pgn())
pg(t("15:40:21", 412000), 134, 4410, "", "LOG", "redo starts at 2/59FFE0A8", pgn())
pg(t("15:40:22", 5000), 134, 4410, "", "LOG", "consistent recovery state reached at 2/5A0001B8", pgn())
pg(t("15:40:22", 6000), 134, 4407, "", "LOG", "database system is ready to accept read-only connections", pgn())
pg(t("15:40:23", 880000), 134, 4415, "", "LOG", "started streaming WAL from primary at 2/5A000000 on timeline 7", pgn())
ro_pids = [4502, 4507, 4511, 4519, 4526, 4533]
for i, s in enumerate(["15:43:24", "15:43:51", "15:44:37", "15:45:09", "15:45:58", "15:46:40", "15:47:22", "15:48:05"]):
    dt = t(s, RNG.randint(0, 999) * 1000)
    pid = ro_pids[i % len(ro_pids)]
    n = pgn()
    pg(dt, 132, pid, "checkout@payments", "ERROR", "cannot execute INSERT in a read-only transaction", n)
    stamp = local(dt).strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (dt.microsecond // 1000) + " +07"
    sl(dt, 132, "postgres[%d]" % pid, "[%d-2] %s [%d] checkout@payments STATEMENT:  INSERT INTO payment_intents (order_id, amount, currency, status) VALUES ($1, $2, $3, 'pending')" % (n, stamp, pid))
for m in range(41, 61):
    patroni(t("15:00:32") + timedelta(minutes=m, milliseconds=RNG.randint(0, 900)), "INFO",
            "no action. I am (db-primary-1), a secondary, and following a leader (db-replica-1)")

sys_lines.sort(key=lambda r: (r[0], r[1]))
out = []
for true_dt, _, pri, tag, msg in sys_lines:
    lt = local(true_dt)
    stamp = lt.strftime("%b ") + ("%2d" % lt.day) + lt.strftime(" %H:%M:%S")
    sep = " " if tag.endswith(":") else ": "
    out.append("<%d>%s db-primary-1 %s%s%s\n" % (pri, stamp, tag, sep, msg))
write("db-primary.syslog", "".join(out))

# ------------------------------------------------------------------ slack --
TEAM = "T02QW8RVN4M"
USERS = {
    "linh": ("U04LTR2K9QH", "linh.tran", "Linh Tran", "Linh", "Asia/Ho_Chi_Minh", "Indochina Time", 25200, "Engineering manager, payments"),
    "minh": ("U05MNG7X3VD", "minh.nguyen", "Nguyễn Đức Minh", "Minh", "Asia/Ho_Chi_Minh", "Indochina Time", 25200, "Site reliability engineer"),
    "siti": ("U03SRW4P8LC", "siti.rahmawati", "Siti Rahmawati", "Siti", "Asia/Jakarta", "Western Indonesia Time", 25200, "Customer support lead"),
    "chinedu": ("U06COK9D2FA", "chinedu.okafor", "Chinedu Okafor", "Chinedu", "Asia/Ho_Chi_Minh", "Indochina Time", 25200, "Backend engineer, checkout"),
    "katrin": ("U02KVG6B1TZ", "katrin.vogel", "Katrin Vogel", "Katrin", "Europe/Berlin", "Central European Time", 3600, "Database engineer"),
}
BOTS = {
    "pagerduty": ("U01PDAPP7QX", "pagerduty", "PagerDuty", "B01PDBT4N2M", "A1FKYAUUX"),
    "statuspage": ("U05STPG8RKE", "statuspage", "Statuspage", "B05STPG0A1C", "A2SP9QWRT"),
}
CH_INC, CH_GEN = "C08QF2041KD", "C01GEN7QX2M"


def ts_of(dt):
    us = epoch_us(dt)
    return "%d.%06d" % (us // 1000000, us % 1000000)


def profile(key):
    uid, name, real, disp, *_ = USERS[key]
    first = real.split()[0] if key != "minh" else "Minh"
    return {"avatar_hash": "g" + hexid(11), "image_72": "https://secure.gravatar.com/avatar/%s.jpg?s=72&d=https%%3A%%2F%%2Fa.slack-edge.com%%2Fdf10d%%2Fimg%%2Favatars%%2Fava_0011-72.png" % hexid(32),
            "first_name": first, "real_name": real, "display_name": disp, "team": TEAM, "name": name,
            "is_restricted": False, "is_ultra_restricted": False}


def blocks_for(text):
    # rich_text elements: Slack keeps the typed characters unescaped here
    import re
    els = []
    pos = 0
    for mm in re.finditer(r"<@(U[0-9A-Z]+)>|<#(C[0-9A-Z]+)\|([^>]*)>|<(https?://[^|>]+)\|([^>]*)>", text):
        pre = text[pos:mm.start()]
        if pre:
            els.append({"type": "text", "text": pre.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")})
        if mm.group(1):
            els.append({"type": "user", "user_id": mm.group(1)})
        elif mm.group(2):
            els.append({"type": "channel", "channel_id": mm.group(2)})
        else:
            els.append({"type": "link", "url": mm.group(4).replace("&amp;", "&"), "text": mm.group(5)})
        pos = mm.end()
    if pos < len(text):
        els.append({"type": "text", "text": text[pos:].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")})
    return [{"type": "rich_text", "block_id": "".join(RNG.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") for _ in range(5)),
             "elements": [{"type": "rich_text_section", "elements": els}]}]


def human(dt, key, text, **extra):
    m = {"user": USERS[key][0], "type": "message", "ts": ts_of(dt),
         "client_msg_id": "%s-%s-%s-%s-%s" % (hexid(8), hexid(4), hexid(4), hexid(4), hexid(12)),
         "text": text, "team": TEAM, "user_team": TEAM, "source_team": TEAM,
         "user_profile": profile(key), "blocks": blocks_for(text)}
    m.update(extra)
    return m


def join(dt, key, inviter=None):
    uid = USERS[key][0]
    m = {"type": "message", "subtype": "channel_join", "ts": ts_of(dt), "user": uid,
         "text": "<@%s> has joined the channel" % uid}
    if inviter:
        m["inviter"] = USERS[inviter][0]
    return m


def pd_bot(dt, text, title, color):
    uid, name, disp, bot_id, app_id = BOTS["pagerduty"]
    return {"type": "message", "subtype": "bot_message", "text": text, "ts": ts_of(dt),
            "username": "PagerDuty", "bot_id": bot_id, "app_id": app_id,
            "attachments": [{"id": 1, "color": color, "fallback": title, "title": title,
                             "title_link": "https://acme-shop.pagerduty.com/incidents/Q1ZP3V7KX2R8TB",
                             "fields": [{"title": "Service", "value": "Payments Platform", "short": True},
                                        {"title": "Urgency", "value": "High", "short": True}]}]}


def sp_bot(dt, status, body):
    uid, name, disp, bot_id, app_id = BOTS["statuspage"]
    text = "*Checkout failures* \u2014 %s\n%s\n<https://status.acme-shop.example/incidents/k7x2m9p4q1zd|View incident>" % (status, body)
    return {"user": uid, "type": "message", "ts": ts_of(dt), "bot_id": bot_id, "app_id": app_id,
            "text": text, "team": TEAM,
            "bot_profile": {"id": bot_id, "deleted": False, "name": "Statuspage", "updated": 1687262950,
                            "app_id": app_id, "icons": {"image_36": "https://avatars.slack-edge.com/2023-06-20/5432198765_statuspage_36.png"},
                            "is_workflow_bot": False, "team_id": TEAM}}


TITLE = "#4187 [FIRING:1] DBPrimaryDown (payments-db critical)"
LINH_Q = t("14:27:30", 610834)
KATRIN_A = t("14:28:50", 257190)

inc = [
    join(t("14:05:22", 118400), "minh"),
    human(t("14:05:41", 306912), "minh", "ack, on it. Paged for DBPrimaryDown on payments-db, looking into it now."),
    pd_bot(t("14:06:12", 500317), "Nguy\u1ec5n \u0110\u1ee9c Minh linked this channel to PagerDuty incident <https://acme-shop.pagerduty.com/incidents/Q1ZP3V7KX2R8TB|#4187>", TITLE, "#d0021b"),
    join(t("14:06:40", 21573), "siti", "minh"),
    human(t("14:06:52", 774105), "siti", "Support here: customers report checkout errors since about 21:03 (\"Payment could not be processed\"). 34 tickets in the last 5 minutes, all card payments."),
    human(t("14:07:15", 640288), "minh", "Patroni demoted db-primary-1 at 21:02 and no replica took over, so payments-db has no leader. checkout-api gets connection refused on db-primary:5432."),
    pd_bot(t("14:07:41", 90114), "Acknowledged by Nguy\u1ec5n \u0110\u1ee9c Minh", TITLE, "#f5a623"),
    join(t("14:08:30", 402281), "chinedu", "minh"),
    human(t("14:08:44", 915530), "chinedu", "checkout-api logs say `checkout failed: connection refused to db-primary:5432`, about 35 a minute since 21:02:03, plus a few query timeouts just before. PayPal orders still go through."),
    join(t("14:09:40", 227119), "linh", "minh"),
    human(t("14:10:11", 902857), "linh", "Declaring SEV2 for checkout failures. Linh is incident commander, Minh is ops lead, Siti owns customer comms. First status page post within 5 minutes please."),
    {"type": "message", "subtype": "channel_topic", "ts": ts_of(t("14:10:40", 664310)), "user": USERS["linh"][0],
     "text": "<@%s> set the channel topic: SEV2 \u00b7 checkout failures \u00b7 IC: Linh Tran \u00b7 comms: Siti" % USERS["linh"][0],
     "topic": "SEV2 \u00b7 checkout failures \u00b7 IC: Linh Tran \u00b7 comms: Siti"},
    human(t("14:11:30", 118822), "minh", "Escalating to the DB on-call (Katrin) in PagerDuty: the replica should have been promoted automatically and was not."),
    pd_bot(t("14:12:26", 300021), "Escalated to Level 2 (Katrin Vogel) by Nguy\u1ec5n \u0110\u1ee9c Minh", TITLE, "#d0021b"),
    human(t("14:13:05", 551902), "siti", "Status page draft: \"We are investigating errors during checkout. Card payments may fail.\" Posting now."),
    sp_bot(t("14:14:25", 880734), "Investigating", "We are investigating errors during checkout. Card payments may fail. We will post another update within 30 minutes."),
    join(t("14:15:20", 4417), "katrin", "minh"),
    human(t("14:16:02", 731840), "katrin", "Hi all, Katrin from the DB team here (Berlin, 15:16 for me). Acked the page, looking at the cluster now."),
    human(t("14:19:30", 283615), "katrin", "Found it. db-replica-1 was 48 MB behind when db-primary-1 lost its leader lock (nightly reindex job), more than maximum_lag_on_failover (1 MB), so Patroni refused to promote it. db-primary-1's data volume is stalled: kernel hung-task messages and I/O errors on nvme1n1."),
    human(t("14:20:45", 912006), "siti", "Can we tell customers to pay with PayPal meanwhile? Chinedu says PayPal orders still go through."),
    human(t("14:21:05", 337702), "chinedu", "Yes, PayPal checkouts return 200, they do not touch payments-db."),
    human(t("14:21:30", 508870), "katrin", "Stopped Patroni on db-primary-1 so it stops trying to restart Postgres on the broken volume."),
    sp_bot(t("14:21:44", 790015), "Investigating", "We are continuing to investigate failed card payments at checkout. As a workaround, customers can complete their purchase with PayPal, which is not affected."),
    human(t("14:23:50", 449213), "chinedu", "Trying a rolling restart of checkout-api in case the pool holds stale connections."),
    human(t("14:26:40", 92577), "chinedu", "Restart did not help, the refusals are back at the same rate. The pool resolves db-primary to 10.20.1.11, which is db-primary-1."),
    human(LINH_Q, "linh", "<@U02KVG6B1TZ> what is the risk of promoting db-replica-1 with that lag?",
          thread_ts=ts_of(LINH_Q), reply_count=1, reply_users_count=1, latest_reply=ts_of(KATRIN_A),
          reply_users=["U02KVG6B1TZ"], replies=[{"user": "U02KVG6B1TZ", "ts": ts_of(KATRIN_A)}],
          is_locked=False, subscribed=False),
    human(KATRIN_A, "katrin", "The WAL archive has the missing segments and db-replica-1 has replayed them, lag is 0 now. Safe to promote. Running `patronictl failover --candidate db-replica-1` at 21:33 your time.",
          thread_ts=ts_of(LINH_Q), parent_user_id="U04LTR2K9QH"),
    sp_bot(t("14:29:08", 140006), "Identified", "We have identified the cause: the payment database did not complete an automatic failover. We are promoting the standby database now. The PayPal workaround still applies."),
    human(t("14:31:15", 826341), "siti", "FYI, unrelated: someone keeps pasting junk into the feedback form, e.g. &lt;script&gt;alert(1)&lt;/script&gt; and [x](javascript:alert(1)). Ignoring it. Tickets so far: 112 &amp; rising."),
    human(t("14:33:20", 419976), "katrin", "db-replica-1 is the new leader (timeline 7) and accepts writes. <https://grafana.acme-shop.example/d/pg-cluster/payments-db?orgId=1&amp;from=now-1h|payments-db dashboard>"),
    human(t("14:34:40", 733120), "chinedu", "Still connection refused from checkout-api: the pool connects to db-primary, a static DNS CNAME to db-primary-1, not the Patroni-managed endpoint."),
    human(t("14:36:10", 381194), "linh", "<@U06COK9D2FA> please repoint the pool straight to db-replica-1 now; we fix DNS afterwards."),
    human(t("14:38:02", 665418), "chinedu", "Repointed: DATABASE_HOST=db-replica-1.payments.internal, rolling out.",
          edited={"user": "U06COK9D2FA", "ts": ts_of(t("14:38:19", 0))}),
    human(t("14:42:30", 190777), "chinedu", "New pods are up on db-replica-1, no new refusals since 21:42."),
    human(t("14:45:05", 507323), "minh", "Error rate back to normal, CheckoutErrorRate resolved at 21:43."),
    sp_bot(t("14:47:14", 932811), "Monitoring", "A fix has been implemented and card payments are succeeding again. We are monitoring the results."),
    human(t("14:49:00", 277045), "linh", "Action item: make checkout-api use the Patroni-managed endpoint (HAProxy) instead of the static db-primary CNAME. We stay in monitoring for at least 30 minutes before resolving."),
    human(t("14:50:30", 611982), "katrin", "TODO: rejoin db-primary-1 as a replica with pg_rewind once its volume is healthy; I will do it within the hour."),
    human(t("14:52:00", 843327), "chinedu", "follow-up: DATABASE_HOST is only changed on the cluster, not yet in the config repo."),
    human(t("15:34:20", 154478), "siti", "Error rate flat for 50 minutes, no new tickets since 21:45. Posting resolved on the status page."),
    sp_bot(t("15:35:04", 870519), "Resolved", "This incident has been resolved. Card payments have been working normally since 21:43 (UTC+7). We apologise for the inconvenience."),
    human(t("15:40:20", 92315), "katrin", "db-primary-1's volume is healthy again; started Patroni, pg_rewind done, it now follows db-replica-1 as a replica."),
    human(t("15:44:40", 318722), "minh", "CheckoutErrorRate is firing again: `cannot execute INSERT in a read-only transaction`."),
    human(t("15:45:30", 775140), "chinedu", "Config management reverted DATABASE_HOST to db-primary on its 22:43 run, and db-primary-1 is now a read-only replica. Reapplying and committing the change."),
    human(t("15:48:10", 556021), "chinedu", "Committed <https://git.acme-shop.example/payments/checkout-api-config/commit/9f2c1e7|config change 9f2c1e7>; all pods on db-replica-1 again."),
    human(t("15:51:00", 963488), "minh", "Recovered again, error rate back to normal. Resolving the page."),
    human(t("15:52:30", 402716), "linh", "We announced resolved about 10 minutes too early. The second impact was about 6 minutes and small; no new status post, it goes into the review. C\u1ea3m \u01a1n m\u1ecdi ng\u01b0\u1eddi \U0001F64F great work tonight."),
    pd_bot(t("15:58:31", 220964), "Resolved by Nguy\u1ec5n \u0110\u1ee9c Minh", TITLE, "#2ecc71"),
    human(t("16:05:00", 730051), "linh", "Action item: alert on replication lag above maximum_lag_on_failover. Owner <@U02KVG6B1TZ>."),
]
inc_next_day = [
    human(t("17:12:40", 149906), "linh", "Review draft tomorrow 10:00.\nAction item: resolve on the status page only after 30 minutes of clean metrics and with every hotfix committed."),
    human(t("17:15:05", 682453), "katrin", "follow-up: chronyd is not running on db-primary-1, its clock is 42 s fast; that is why its syslog looks ahead of the app logs. Gute Nacht!"),
]
general = [
    human(t("14:12:30", 551214), "linh", "Heads-up: card checkout is degraded right now. Please follow <#C08QF2041KD|inc-2041> for updates."),
]


def slack_json(obj):
    # Slack exports: 4-space indent, "\/" for every slash, \uXXXX for non-ASCII
    return json.dumps(obj, indent=4, ensure_ascii=True).replace("/", "\\/") + "\n"


for lst in (inc, inc_next_day, general):
    assert lst == sorted(lst, key=lambda m: float(m["ts"]))
write("slack/inc-2041/2026-11-20.json", slack_json(inc))
write("slack/inc-2041/2026-11-21.json", slack_json(inc_next_day))
write("slack/general/2026-11-20.json", slack_json(general))

users = []
for key, (uid, name, real, disp, tz, tzl, tzo, title) in USERS.items():
    p = profile(key)
    p.update({"title": title, "phone": "", "skype": "", "real_name_normalized": real if key != "minh" else "Nguyen Duc Minh",
              "display_name_normalized": disp, "fields": None, "status_text": "", "status_emoji": "",
              "last_name": "Nguy\u1ec5n" if key == "minh" else real.split()[-1]})
    users.append({"id": uid, "team_id": TEAM, "name": name, "deleted": False, "color": hexid(6),
                  "real_name": real, "tz": tz, "tz_label": tzl, "tz_offset": tzo, "profile": p,
                  "is_admin": key == "linh", "is_owner": False, "is_primary_owner": False,
                  "is_restricted": False, "is_ultra_restricted": False, "is_bot": False,
                  "is_app_user": False, "updated": 1790000000 + RNG.randint(0, 4000000)})
for key, (uid, name, disp, bot_id, app_id) in BOTS.items():
    users.append({"id": uid, "team_id": TEAM, "name": name, "deleted": False, "color": hexid(6),
                  "real_name": disp, "tz": "America/Los_Angeles", "tz_label": "Pacific Standard Time",
                  "tz_offset": -28800,
                  "profile": {"title": "", "phone": "", "skype": "", "real_name": disp,
                              "real_name_normalized": disp, "display_name": "", "display_name_normalized": "",
                              "fields": None, "status_text": "", "status_emoji": "", "avatar_hash": hexid(12),
                              "api_app_id": app_id, "always_active": True, "bot_id": bot_id,
                              "first_name": disp, "last_name": "", "team": TEAM},
                  "is_admin": False, "is_owner": False, "is_primary_owner": False,
                  "is_restricted": False, "is_ultra_restricted": False, "is_bot": True,
                  "is_app_user": False, "updated": 1687262950})
write("slack/users.json", slack_json(users))

all_humans = [u[0] for u in USERS.values()]
channels = [
    {"id": CH_GEN, "name": "general", "created": 1609459200, "creator": USERS["linh"][0],
     "is_archived": False, "is_general": True, "members": all_humans + [BOTS["statuspage"][0]],
     "topic": {"value": "Company-wide announcements", "creator": USERS["linh"][0], "last_set": 1609459200},
     "purpose": {"value": "This channel is for workspace-wide communication and announcements.", "creator": USERS["linh"][0], "last_set": 1609459200}},
    {"id": CH_INC, "name": "inc-2041", "created": int(ts_of(t("14:05:22", 118400)).split(".")[0]),
     "creator": USERS["minh"][0], "is_archived": False, "is_general": False,
     "members": [USERS[k][0] for k in ("minh", "siti", "chinedu", "linh", "katrin")] + [BOTS["pagerduty"][0], BOTS["statuspage"][0]],
     "topic": {"value": "SEV2 \u00b7 checkout failures \u00b7 IC: Linh Tran \u00b7 comms: Siti", "creator": USERS["linh"][0], "last_set": int(ts_of(t("14:10:40", 664310)).split(".")[0])},
     "purpose": {"value": "INC-2041 checkout failures (PagerDuty #4187)", "creator": USERS["minh"][0], "last_set": int(ts_of(t("14:05:22", 118400)).split(".")[0])}},
]
write("slack/channels.json", slack_json(channels))

# -------------------------------------------------------------- pagerduty --
PD_INC = {"id": "Q1ZP3V7KX2R8TB", "type": "incident_reference",
          "summary": "[#4187] [FIRING:1] DBPrimaryDown (payments-db critical)",
          "self": "https://api.pagerduty.com/incidents/Q1ZP3V7KX2R8TB",
          "html_url": "https://acme-shop.pagerduty.com/incidents/Q1ZP3V7KX2R8TB"}
PD_SVC = {"id": "PX7QW2B", "type": "service_reference", "summary": "Payments Platform",
          "self": "https://api.pagerduty.com/services/PX7QW2B",
          "html_url": "https://acme-shop.pagerduty.com/service-directory/PX7QW2B"}
PD_USERS = {"minh": ("PMN7Q2X", "Nguyễn Đức Minh"), "katrin": ("PKV4R8D", "Katrin Vogel"), "linh": ("PLT3H6Z", "Linh Tran")}


def pd_user(k):
    uid, name = PD_USERS[k]
    return {"id": uid, "type": "user_reference", "summary": name,
            "self": "https://api.pagerduty.com/users/" + uid,
            "html_url": "https://acme-shop.pagerduty.com/users/" + uid}


def pd_entry(eid, typ, summary, created, **kw):
    e = {"id": eid, "type": typ, "summary": summary,
         "self": "https://api.pagerduty.com/log_entries/" + eid,
         "html_url": ("https://acme-shop.pagerduty.com/incidents/Q1ZP3V7KX2R8TB/log_entries/" + eid) if typ == "trigger_log_entry" else None,
         "created_at": created}
    e.update(kw)
    e.update({"service": PD_SVC, "incident": PD_INC, "teams": [
        {"id": "PT9PAYM", "type": "team_reference", "summary": "Payments",
         "self": "https://api.pagerduty.com/teams/PT9PAYM", "html_url": "https://acme-shop.pagerduty.com/teams/PT9PAYM"}],
        "contexts": []})
    return e


def notify(eid, created, k, ntype, address):
    return pd_entry(eid, "notify_log_entry", "Notified %s by %s" % (PD_USERS[k][1], ntype.replace("_", " ")), created,
                    channel={"type": "auto", "notification": {"type": ntype, "status": "success", "address": address}},
                    user=pd_user(k))


entries = [
    pd_entry("R3F8XQ2ZK7M1PD0A9VB4TNC6EW", "trigger_log_entry", "Triggered through the API.", "2026-11-20T14:04:02Z",
             agent={"id": "PAM4LRT", "type": "events_api_v2_inbound_integration_reference", "summary": "Alertmanager",
                    "self": "https://api.pagerduty.com/services/PX7QW2B/integrations/PAM4LRT",
                    "html_url": "https://acme-shop.pagerduty.com/services/PX7QW2B/integrations/PAM4LRT"},
             channel={"type": "api", "summary": "[FIRING:1] DBPrimaryDown (payments-db critical)",
                      "description": "[FIRING:1] DBPrimaryDown (payments-db critical)",
                      "incident_key": "c7f1e0d4a9b25c3e8f61d07a2b94e5c1c0ffee2041aa7b3d9e6f5a4c3b2a1908",
                      "details": {"firing": "Labels:\n - alertname = DBPrimaryDown\n - cluster = payments-db\n - severity = critical\n - team = db\nAnnotations:\n - summary = payments-db has no writable primary\nSource: http://prometheus-0.acme-shop.internal:9090/graph?g0.expr=sum+by+%28cluster%29+%28pg_replication_is_primary%7Bcluster%3D%22payments-db%22%7D%29+%3C+1",
                                  "num_firing": "1", "num_resolved": "0"},
                      "client": "Alertmanager",
                      "client_url": "http://alertmanager.acme-shop.internal:9093/#/alerts?receiver=pagerduty-payments"},
             event_details={"description": "[FIRING:1] DBPrimaryDown (payments-db critical)"}),
    pd_entry("R0QW7E4T1Y9U2I6O3P5A8S1D7F", "assign_log_entry", "Assigned to Nguyễn Đức Minh.", "2026-11-20T14:04:02Z",
             agent=PD_SVC, channel={"type": "auto"}, assignees=[pd_user("minh")]),
    notify("R5G2H8J4K1L7Z3X9C6V0B2N8M4", "2026-11-20T14:04:03Z", "minh", "push_notification", "Pixel 8"),
    notify("R9M3N7B1V5C8X2Z6L4K0J3H7G1", "2026-11-20T14:06:03Z", "minh", "phone", "+84 90 555 0142"),
    pd_entry("R2D6F0G4H8J2K5L9Q3W7E1R5T9", "acknowledge_log_entry", "Acknowledged by Nguyễn Đức Minh.", "2026-11-20T14:07:40Z",
             agent=pd_user("minh"), channel={"type": "mobile"}, acknowledgement_timeout=1800),
    pd_entry("R7Y1U5I9O3P7A0S4D8F2G6H0J4", "escalate_log_entry", "Escalated to Level 2 by Nguyễn Đức Minh.", "2026-11-20T14:12:25Z",
             agent=pd_user("minh"), channel={"type": "website"}, assignees=[pd_user("katrin")]),
    notify("R4K8L2Z6X0C4V8B1N5M9Q3W7E2", "2026-11-20T14:12:26Z", "katrin", "push_notification", "iPhone 15"),
    notify("R8R2T6Y0U4I8O1P5A9S3D7F1G5", "2026-11-20T14:12:26Z", "katrin", "email", "katrin.vogel@acme-shop.example"),
    pd_entry("R1H5J9K3L7Z0X4C8V2B6N0M3Q7", "acknowledge_log_entry", "Acknowledged by Katrin Vogel.", "2026-11-20T14:15:10Z",
             agent=pd_user("katrin"), channel={"type": "website"}, acknowledgement_timeout=1800),
    pd_entry("R6W0E3R7T1Y5U9I2O6P0A4S8D1", "annotate_log_entry", "Note added", "2026-11-20T14:40:10Z",
             agent=pd_user("linh"),
             channel={"type": "note", "summary": "db-replica-1 promoted by hand at 21:33 ICT (Katrin). checkout-api repointed to db-replica-1 at 21:38 (Chinedu). Watching the error rate."}),
    pd_entry("R3F7G1H5J9K2L6Z0X3C7V1B5N9", "resolve_log_entry", "Resolved by Nguyễn Đức Minh.", "2026-11-20T15:58:30Z",
             agent=pd_user("minh"), channel={"type": "website"}),
]
entries.reverse()   # the API lists the newest first
write("pagerduty-log-entries.json",
      json.dumps({"log_entries": entries, "limit": 100, "offset": 0, "more": False, "total": None},
                 indent=2, ensure_ascii=False) + "\n")

# ----------------------------------------------------------- alertmanager --
EXT = "http://alertmanager.acme-shop.internal:9093"
DB_ALERT = {"labels": {"alertname": "DBPrimaryDown", "cluster": "payments-db", "severity": "critical", "team": "db"},
            "annotations": {"summary": "payments-db has no writable primary",
                            "description": "No instance of cluster payments-db has reported itself as primary for 1 minute.",
                            "runbook_url": "https://runbooks.acme-shop.example/db/primary-down"},
            "startsAt": "2026-11-20T14:03:31.402857118Z",
            "generatorURL": "http://prometheus-0.acme-shop.internal:9090/graph?g0.expr=sum+by+%28cluster%29+%28pg_replication_is_primary%7Bcluster%3D%22payments-db%22%7D%29+%3C+1&g0.tab=1",
            "fingerprint": "4f6d2a9c81b03e57"}
CO_ALERT = {"labels": {"alertname": "CheckoutErrorRate", "service": "checkout-api", "severity": "page", "team": "payments"},
            "annotations": {"summary": "checkout-api 5xx ratio above 5%",
                            "description": "More than 5% of POST /v1/checkout requests failed for 3 minutes.",
                            "dashboard": "https://grafana.acme-shop.example/d/checkout/checkout-api"},
            "generatorURL": "http://prometheus-0.acme-shop.internal:9090/graph?g0.expr=sum%28rate%28http_requests_total%7Bservice%3D%22checkout-api%22%2Croute%3D%22%2Fv1%2Fcheckout%22%2Ccode%3D~%225..%22%7D%5B2m%5D%29%29+%2F+sum%28rate%28http_requests_total%7Bservice%3D%22checkout-api%22%2Croute%3D%22%2Fv1%2Fcheckout%22%7D%5B2m%5D%29%29+%3E+0.05&g0.tab=1",
            "fingerprint": "b81e07c3d95a6f24"}


def payload(alert, status, starts, ends, group_labels):
    a = {"status": status, "labels": alert["labels"], "annotations": alert["annotations"],
         "startsAt": starts, "endsAt": ends, "generatorURL": alert["generatorURL"],
         "fingerprint": alert["fingerprint"]}
    gk_inner = ", ".join('%s="%s"' % (k, v) for k, v in group_labels.items())
    return {"receiver": "incident-recorder", "status": status, "alerts": [a],
            "groupLabels": group_labels, "commonLabels": alert["labels"],
            "commonAnnotations": alert["annotations"], "externalURL": EXT, "version": "4",
            "groupKey": '{}/{severity=~"critical|page"}:{%s}' % gk_inner, "truncatedAlerts": 0}


ZERO = "0001-01-01T00:00:00Z"
db_g = {"alertname": "DBPrimaryDown", "cluster": "payments-db"}
co_g = {"alertname": "CheckoutErrorRate", "service": "checkout-api"}
am = [
    payload(DB_ALERT, "firing", DB_ALERT["startsAt"], ZERO, db_g),                                   # 14:04:01
    payload(CO_ALERT, "firing", "2026-11-20T14:06:01.118204551Z", ZERO, co_g),                       # 14:06:31
    payload(CO_ALERT, "firing", "2026-11-20T14:06:01.118204551Z", ZERO, co_g),                       # redelivered
    payload(DB_ALERT, "firing", DB_ALERT["startsAt"], ZERO, db_g),                                   # 14:19:01 repeat
    payload(CO_ALERT, "firing", "2026-11-20T14:06:01.118204551Z", ZERO, co_g),                       # 14:21:31 repeat
    payload(DB_ALERT, "resolved", DB_ALERT["startsAt"], "2026-11-20T14:33:16.402857118Z", db_g),      # 14:34:01
    payload(CO_ALERT, "firing", "2026-11-20T14:06:01.118204551Z", ZERO, co_g),                       # 14:36:31 repeat
    payload(CO_ALERT, "resolved", "2026-11-20T14:06:01.118204551Z", "2026-11-20T14:43:46.118204551Z", co_g),  # 14:46:31
    payload(CO_ALERT, "firing", "2026-11-20T15:44:16.118204551Z", ZERO, co_g),                       # 15:44:46
    payload(CO_ALERT, "resolved", "2026-11-20T15:44:16.118204551Z", "2026-11-20T15:50:31.118204551Z", co_g),  # 15:51:01
]
write("alertmanager.jsonl", "".join(json.dumps(p, separators=(",", ":")) + "\n" for p in am))

# ------------------------------------------------------------- statuspage --
PAGE_ID = "y2j98763l56x"


def sp_update(uid, iid, status, body, at, comps):
    return {"id": uid, "status": status, "body": body, "incident_id": iid, "created_at": at,
            "updated_at": at, "display_at": at, "affected_components": comps,
            "deliver_notifications": True, "custom_tweet": None, "tweet_id": None}


def comp(code, name, old, new):
    return {"code": code, "name": name, "old_status": old, "new_status": new}


CHK, PAY, EML, SRCH = "w3b9kq2h7xz1", "m6t4pd8r0cvn", "q8z2x5c7v9bn", "h1j3k5l7z9x2"


def components(now):
    return [{"id": CHK, "name": "Checkout", "status": now, "created_at": "2024-03-02T10:11:04.217+07:00",
             "updated_at": "2026-11-20T22:35:00.509+07:00", "position": 2, "description": "Cart, checkout and card payments",
             "showcase": True, "start_date": "2024-03-02", "group_id": None, "page_id": PAGE_ID, "group": False,
             "only_show_if_degraded": False}]


I1 = "k7x2m9p4q1zd"
inc1_updates = [
    sp_update("f0d3s8a1g6h2", I1, "investigating", "We are investigating errors during checkout. Card payments may fail. We will post another update within 30 minutes.",
              "2026-11-20T21:14:20.713+07:00", [comp(CHK, "Checkout", "operational", "partial_outage")]),
    sp_update("p4o8i2u6y0t3", I1, "investigating", "We are continuing to investigate failed card payments at checkout. As a workaround, customers can complete their purchase with PayPal, which is not affected.",
              "2026-11-20T21:21:40.190+07:00", [comp(CHK, "Checkout", "partial_outage", "partial_outage")]),
    sp_update("r5e9w3q7z1x4", I1, "identified", "We have identified the cause: the payment database did not complete an automatic failover. We are promoting the standby database now. The PayPal workaround still applies.",
              "2026-11-20T21:29:05.524+07:00", [comp(CHK, "Checkout", "partial_outage", "partial_outage")]),
    sp_update("c2v6b0n4m8l1", I1, "monitoring", "A fix has been implemented and card payments are succeeding again. We are monitoring the results.",
              "2026-11-20T21:47:10.071+07:00", [comp(CHK, "Checkout", "partial_outage", "operational")]),
    sp_update("j9h3g7f1d5s0", I1, "resolved", "This incident has been resolved. Card payments have been working normally since 21:43 (UTC+7). We apologise for the inconvenience.",
              "2026-11-20T22:35:00.412+07:00", [comp(CHK, "Checkout", "operational", "operational")]),
]
I2 = "b8n2m6v0c4x7"
inc2_updates = [
    sp_update("t6y0u4i8o2p5", I2, "investigating", "Some order confirmation emails are arriving late. Orders themselves are not affected. We are investigating.",
              "2026-11-13T09:12:48.305+07:00", [comp(EML, "Email notifications", "operational", "degraded_performance")]),
    sp_update("a3s7d1f5g9h2", I2, "identified", "Our email provider is throttling our sending. We have moved order confirmations to our backup provider.",
              "2026-11-13T09:40:03.877+07:00", [comp(EML, "Email notifications", "degraded_performance", "degraded_performance")]),
    sp_update("k4l8z2x6c0v3", I2, "resolved", "All delayed confirmation emails have been delivered. This incident has been resolved.",
              "2026-11-13T10:05:31.052+07:00", [comp(EML, "Email notifications", "degraded_performance", "operational")]),
]
I3 = "x5c9v3b7n1m4"
inc3_updates = [
    sp_update("u1i5o9p3a7s0", I3, "investigating", "Product search is slower than usual. We are looking into it.",
              "2026-10-29T19:41:10.640+07:00", [comp(SRCH, "Search", "operational", "degraded_performance")]),
    sp_update("d4f8g2h6j0k3", I3, "monitoring", "A search index rebuild has finished and response times are back to normal. We are monitoring.",
              "2026-10-29T20:05:55.118+07:00", [comp(SRCH, "Search", "degraded_performance", "operational")]),
    sp_update("l7z1x5c9v3b6", I3, "resolved", "This incident has been resolved.",
              "2026-10-29T20:30:12.904+07:00", [comp(SRCH, "Search", "operational", "operational")]),
]


def incident(iid, name, impact, ups, comps, monitoring_at):
    return {"id": iid, "name": name, "status": "resolved", "created_at": ups[0]["created_at"],
            "updated_at": ups[-1]["updated_at"], "monitoring_at": monitoring_at,
            "resolved_at": ups[-1]["created_at"], "impact": impact,
            "shortlink": "https://stspg.io/" + iid[:9], "started_at": ups[0]["created_at"],
            "page_id": PAGE_ID, "incident_updates": list(reversed(ups)), "components": comps}


sp = {"page": {"id": PAGE_ID, "name": "Acme Shop", "url": "https://status.acme-shop.example",
               "time_zone": "Asia/Ho_Chi_Minh", "updated_at": "2026-11-20T22:35:00.509+07:00"},
      "incidents": [
          incident(I1, "Checkout failures", "major", inc1_updates, components("operational"), "2026-11-20T21:47:10.071+07:00"),
          incident(I2, "Delayed order confirmation emails", "minor", inc2_updates,
                   [{"id": EML, "name": "Email notifications", "status": "operational", "created_at": "2024-03-02T10:11:04.301+07:00",
                     "updated_at": "2026-11-13T10:05:31.140+07:00", "position": 4, "description": None, "showcase": True,
                     "start_date": "2024-03-02", "group_id": None, "page_id": PAGE_ID, "group": False, "only_show_if_degraded": False}], None),
          incident(I3, "Slow product search", "minor", inc3_updates,
                   [{"id": SRCH, "name": "Search", "status": "operational", "created_at": "2024-03-02T10:11:04.288+07:00",
                     "updated_at": "2026-10-29T20:30:12.977+07:00", "position": 3, "description": None, "showcase": True,
                     "start_date": "2024-03-02", "group_id": None, "page_id": PAGE_ID, "group": False, "only_show_if_degraded": False}],
                   "2026-10-29T20:05:55.118+07:00"),
      ]}
write("statuspage-incidents.json", json.dumps(sp, indent=2, ensure_ascii=False) + "\n")
print("ok")

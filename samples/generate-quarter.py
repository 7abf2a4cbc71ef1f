#!/usr/bin/env python3
"""Generates samples/quarter-2026q3: a quarter's worth of incident folders
(July-September 2026, plus four from April-June 2026 for the previous
period) for the trend report, each in the formats the importers read.

Deterministic: every incident draws from random.Random(its number), and the
timetables below are fixed, so two runs give identical bytes. Every company,
person, host and URL is made up. samples/README.md describes the set.
Usage: python3 samples/generate-quarter.py [OUTDIR]   (default: next to this file)
"""
import json
import os
import random
import re
import shutil
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "quarter-2026q3")
UTC = timezone.utc
ICT = timezone(timedelta(hours=7))          # Asia/Ho_Chi_Minh, the team's zone, no DST
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TEAM = "T02QW8RVN4M"


def at(y, mo, d, h, mi):
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def epoch_us(dt):
    return (dt - EPOCH) // timedelta(microseconds=1)


def iso_z(dt, digits=0):
    """RFC 3339 UTC; digits 3 (ms) or 9 (Alertmanager's nanoseconds)."""
    s = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if digits == 3:
        s += ".%03d" % (dt.microsecond // 1000)
    elif digits == 9:
        s += ".%06d%03d" % (dt.microsecond, (dt.microsecond * 7) % 1000)
    return s + "Z"


def iso_ict(dt):
    """Statuspage writes the page's zone: 2026-07-03T09:19:05.713+07:00."""
    lt = dt.astimezone(ICT)
    return lt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (lt.microsecond // 1000) + "+07:00"


class Writer:
    def __init__(self, folder):
        self.folder = folder

    def text(self, rel, s):
        path = os.path.join(self.folder, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(s)


# ------------------------------------------------------------------ people --
# key: (slack id, handle, real name, display, tz, tz label, tz offset, title, pagerduty id)
PEOPLE = {
    "linh": ("U04LTR2K9QH", "linh.tran", "Linh Tran", "Linh", "Asia/Ho_Chi_Minh", "Indochina Time", 25200,
             "Engineering manager, payments", "PLT3H6Z"),
    "minh": ("U05MNG7X3VD", "minh.nguyen", "Nguyễn Đức Minh", "Minh", "Asia/Ho_Chi_Minh", "Indochina Time", 25200,
             "Site reliability engineer", "PMN7Q2X"),
    "siti": ("U03SRW4P8LC", "siti.rahmawati", "Siti Rahmawati", "Siti", "Asia/Jakarta", "Western Indonesia Time", 25200,
             "Customer support lead", "PSR5W1K"),
    "chinedu": ("U06COK9D2FA", "chinedu.okafor", "Chinedu Okafor", "Chinedu", "Asia/Ho_Chi_Minh", "Indochina Time", 25200,
                "Backend engineer, checkout", "PCO8K3M"),
    "katrin": ("U02KVG6B1TZ", "katrin.vogel", "Katrin Vogel", "Katrin", "Europe/Berlin", "Central European Summer Time", 7200,
               "Database engineer", "PKV4R8D"),
    "priya": ("U07PRM3S8QN", "priya.raman", "Priya Raman", "Priya", "Asia/Singapore", "Singapore Standard Time", 28800,
              "Search engineer", "PPR2Y7N"),
    "tomas": ("U07THR9L2XA", "tomas.herrera", "Tomás Herrera", "Tomás", "America/Mexico_City", "Central Standard Time", -21600,
              "Identity engineer", "PTH6D0Q"),
    "aiko": ("U06ATK4N7PE", "aiko.tanaka", "Aiko Tanaka", "Aiko", "Asia/Tokyo", "Japan Standard Time", 32400,
             "Notifications engineer", "PAT9F4V"),
    "dewi": ("U08DLS2F6RB", "dewi.lestari", "Dewi Lestari", "Dewi", "Asia/Jakarta", "Western Indonesia Time", 25200,
             "Finance operations", None),
}
BOTS = {
    "pagerduty": ("U01PDAPP7QX", "pagerduty", "PagerDuty", "B01PDBT4N2M", "A1FKYAUUX"),
    "statuspage": ("U05STPG8RKE", "statuspage", "Statuspage", "B05STPG0A1C", "A2SP9QWRT"),
}


def hexid(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def b32id(rng, n, alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ"):
    return "".join(rng.choice(alphabet) for _ in range(n))


# ------------------------------------------------------------------- slack --
def slack_json(obj):
    # Slack exports: 4-space indent, "\/" for every slash, \uXXXX for non-ASCII
    return json.dumps(obj, indent=4, ensure_ascii=True).replace("/", "\\/") + "\n"


def ts_of(dt):
    us = epoch_us(dt)
    return "%d.%06d" % (us // 1000000, us % 1000000)


def blocks_for(rng, text):
    els, pos = [], 0
    for mm in re.finditer(r"<@(U[0-9A-Z]+)>|<(https?://[^|>]+)\|([^>]*)>", text):
        if text[pos:mm.start()]:
            els.append({"type": "text", "text": text[pos:mm.start()]})
        if mm.group(1):
            els.append({"type": "user", "user_id": mm.group(1)})
        else:
            els.append({"type": "link", "url": mm.group(2), "text": mm.group(3)})
        pos = mm.end()
    if pos < len(text):
        els.append({"type": "text", "text": text[pos:]})
    bid = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5))
    return [{"type": "rich_text", "block_id": bid, "elements": [{"type": "rich_text_section", "elements": els}]}]


def slack_profile(rng, key):
    uid, handle, real, disp = PEOPLE[key][:4]
    return {"avatar_hash": "g" + hexid(rng, 11),
            "image_72": "https://secure.gravatar.com/avatar/%s.jpg?s=72" % hexid(rng, 32),
            "first_name": disp, "real_name": real, "display_name": disp, "team": TEAM, "name": handle,
            "is_restricted": False, "is_ultra_restricted": False}


def slack_export(w, rng, inc, t0):
    """The workspace export: users.json, channels.json and the incident
    channel's day files, split on the team's local day (UTC+7)."""
    chan = inc["channel"]
    msgs = []
    members = []
    for item in inc["chat"]:
        off, who, text = item[0], item[1], item[2]
        dt = t0 + timedelta(minutes=off, microseconds=rng.randint(0, 999999))
        if who == "join":
            uid = PEOPLE[text][0]
            msgs.append({"type": "message", "subtype": "channel_join", "ts": ts_of(dt), "user": uid,
                         "text": "<@%s> has joined the channel" % uid})
            members.append(text)
            continue
        if who == "pagerduty":
            uid, handle, disp, bot_id, app_id = BOTS["pagerduty"]
            pd = inc["page"]
            title = "#%d %s" % (pd["number"], text)
            msgs.append({"type": "message", "subtype": "bot_message", "ts": ts_of(dt),
                         "text": "Triggered " + title, "username": "PagerDuty", "bot_id": bot_id, "app_id": app_id,
                         "attachments": [{"id": 1, "color": "#d0021b", "fallback": title, "title": title,
                                          "title_link": "https://acme-shop.pagerduty.com/incidents/" + pd["pd_id"],
                                          "fields": [{"title": "Service", "value": pd["service"], "short": True},
                                                     {"title": "Urgency", "value": "High", "short": True}]}]})
            continue
        if who not in members:
            members.append(who)
        m = {"user": PEOPLE[who][0], "type": "message", "ts": ts_of(dt),
             "client_msg_id": "%s-%s-%s-%s-%s" % (hexid(rng, 8), hexid(rng, 4), hexid(rng, 4), hexid(rng, 4), hexid(rng, 12)),
             "text": text, "team": TEAM, "user_team": TEAM, "source_team": TEAM,
             "user_profile": slack_profile(rng, who), "blocks": blocks_for(rng, text)}
        if len(item) > 3 and item[3] == "edited":
            m["edited"] = {"user": PEOPLE[who][0], "ts": ts_of(dt + timedelta(seconds=41))}
        msgs.append(m)
    msgs.sort(key=lambda m: float(m["ts"]))
    days = {}
    for m in msgs:
        day = datetime.fromtimestamp(float(m["ts"]), ICT).strftime("%Y-%m-%d")
        days.setdefault(day, []).append(m)
    for day, lst in days.items():
        w.text("slack/%s/%s.json" % (chan, day), slack_json(lst))

    users = []
    for key, (uid, handle, real, disp, tz, tzl, tzo, title, _) in PEOPLE.items():
        p = slack_profile(rng, key)
        p.update({"title": title, "phone": "", "skype": "", "real_name_normalized": real,
                  "display_name_normalized": disp, "fields": None, "status_text": "", "status_emoji": "",
                  "last_name": real.split()[-1]})
        users.append({"id": uid, "team_id": TEAM, "name": handle, "deleted": False, "color": hexid(rng, 6),
                      "real_name": real, "tz": tz, "tz_label": tzl, "tz_offset": tzo, "profile": p,
                      "is_admin": key == "linh", "is_owner": False, "is_primary_owner": False,
                      "is_restricted": False, "is_ultra_restricted": False, "is_bot": False,
                      "is_app_user": False, "updated": 1780000000 + rng.randint(0, 4000000)})
    for key, (uid, handle, disp, bot_id, app_id) in BOTS.items():
        users.append({"id": uid, "team_id": TEAM, "name": handle, "deleted": False, "color": hexid(rng, 6),
                      "real_name": disp, "tz": "America/Los_Angeles", "tz_label": "Pacific Daylight Time",
                      "tz_offset": -25200,
                      "profile": {"title": "", "phone": "", "skype": "", "real_name": disp,
                                  "real_name_normalized": disp, "display_name": "", "display_name_normalized": "",
                                  "fields": None, "status_text": "", "status_emoji": "", "avatar_hash": hexid(rng, 12),
                                  "api_app_id": app_id, "always_active": True, "bot_id": bot_id,
                                  "first_name": disp, "last_name": "", "team": TEAM},
                      "is_admin": False, "is_owner": False, "is_primary_owner": False,
                      "is_restricted": False, "is_ultra_restricted": False, "is_bot": True,
                      "is_app_user": False, "updated": 1687262950})
    w.text("slack/users.json", slack_json(users))
    created = int(float(msgs[0]["ts"]))
    creator = PEOPLE[members[0]][0] if members else PEOPLE["linh"][0]
    chan_members = [PEOPLE[k][0] for k in members]
    if inc.get("page"):
        chan_members.append(BOTS["pagerduty"][0])
    channels = [
        {"id": "C01GEN7QX2M", "name": "general", "created": 1609459200, "creator": PEOPLE["linh"][0],
         "is_archived": False, "is_general": True, "members": [p[0] for p in PEOPLE.values()],
         "topic": {"value": "Company-wide announcements", "creator": PEOPLE["linh"][0], "last_set": 1609459200},
         "purpose": {"value": "This channel is for workspace-wide communication and announcements.",
                     "creator": PEOPLE["linh"][0], "last_set": 1609459200}},
        {"id": "C08" + b32id(rng, 8), "name": chan, "created": created, "creator": creator,
         "is_archived": True, "is_general": False, "members": chan_members,
         "topic": {"value": "%s \u00b7 %s" % (inc["severity"], inc["title"].lower()), "creator": creator,
                   "last_set": created},
         "purpose": {"value": "%s %s" % (inc["id"], inc["title"]), "creator": creator, "last_set": created}},
    ]
    w.text("slack/channels.json", slack_json(channels))
    return len(msgs)


# --------------------------------------------------------------- pagerduty --
def pd_user(key):
    pid, name = PEOPLE[key][8], PEOPLE[key][2]
    return {"id": pid, "type": "user_reference", "summary": name,
            "self": "https://api.pagerduty.com/users/" + pid,
            "html_url": "https://acme-shop.pagerduty.com/users/" + pid}


PD_SERVICES = {
    "Payments Platform": "PX7QW2B",
    "Search": "PS3RCH9",
    "Identity": "PID7NTY",
    "Notifications": "PNT4FY2",
}


def pagerduty(w, rng, inc, t0):
    pd = inc["page"]
    svc_id = PD_SERVICES[pd["service"]]
    svc = {"id": svc_id, "type": "service_reference", "summary": pd["service"],
           "self": "https://api.pagerduty.com/services/" + svc_id,
           "html_url": "https://acme-shop.pagerduty.com/service-directory/" + svc_id}
    ref = {"id": pd["pd_id"], "type": "incident_reference",
           "summary": "[#%d] %s" % (pd["number"], pd["title"]),
           "self": "https://api.pagerduty.com/incidents/" + pd["pd_id"],
           "html_url": "https://acme-shop.pagerduty.com/incidents/" + pd["pd_id"]}

    def when(off):
        return iso_z(t0 + timedelta(minutes=off))

    def entry(typ, summary, off, **kw):
        eid = "R" + b32id(rng, 25, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        e = {"id": eid, "type": typ, "summary": summary,
             "self": "https://api.pagerduty.com/log_entries/" + eid,
             "html_url": ("https://acme-shop.pagerduty.com/incidents/%s/log_entries/%s" % (pd["pd_id"], eid))
             if typ == "trigger_log_entry" else None,
             "created_at": when(off)}
        e.update(kw)
        e.update({"service": svc, "incident": ref, "contexts": []})
        return e

    entries = []
    trig = pd["trigger"]
    if pd.get("manual_by"):
        entries.append(entry("trigger_log_entry", "Triggered through the website.", trig,
                             agent=pd_user(pd["manual_by"]), channel={"type": "web_trigger", "summary": pd["title"],
                                                                      "details": "Triggered by hand from the incident channel."}))
    else:
        integ = {"id": "PAM" + b32id(rng, 4), "type": "events_api_v2_inbound_integration_reference",
                 "summary": "Alertmanager"}
        integ["self"] = "https://api.pagerduty.com/services/%s/integrations/%s" % (svc_id, integ["id"])
        integ["html_url"] = "https://acme-shop.pagerduty.com/services/%s/integrations/%s" % (svc_id, integ["id"])
        entries.append(entry("trigger_log_entry", "Triggered through the API.", trig, agent=integ,
                             channel={"type": "api", "summary": pd["title"], "description": pd["title"],
                                      "incident_key": hexid(rng, 64), "client": "Alertmanager",
                                      "client_url": "http://alertmanager.acme-shop.internal:9093/#/alerts"},
                             event_details={"description": pd["title"]}))
    oncall = pd["oncall"]
    entries.append(entry("assign_log_entry", "Assigned to %s." % PEOPLE[oncall][2], trig,
                         agent=svc, channel={"type": "auto"}, assignees=[pd_user(oncall)]))
    entries.append(entry("notify_log_entry", "Notified %s by push notification." % PEOPLE[oncall][2], trig + 0.02,
                         channel={"type": "auto", "notification": {"type": "push_notification", "status": "success",
                                                                   "address": "Pixel 8"}},
                         user=pd_user(oncall)))
    for off, key in pd.get("phone", []):
        entries.append(entry("notify_log_entry", "Notified %s by phone." % PEOPLE[key][2], off,
                             channel={"type": "auto", "notification": {"type": "phone", "status": "success",
                                                                       "address": "+84 90 555 01%02d" % rng.randint(10, 99)}},
                             user=pd_user(key)))
    for off, key, by in pd.get("escalate", []):
        agent = pd_user(by) if by else svc
        how = ("Escalated to Level 2 by %s." % PEOPLE[by][2]) if by else "Escalated to Level 2 by timeout."
        entries.append(entry("escalate_log_entry", how, off, agent=agent,
                             channel={"type": "website" if by else "timeout"}, assignees=[pd_user(key)]))
        entries.append(entry("notify_log_entry", "Notified %s by push notification." % PEOPLE[key][2], off + 0.02,
                             channel={"type": "auto", "notification": {"type": "push_notification", "status": "success",
                                                                       "address": "iPhone 15"}},
                             user=pd_user(key)))
    for off, key in pd.get("ack", []):
        entries.append(entry("acknowledge_log_entry", "Acknowledged by %s." % PEOPLE[key][2], off,
                             agent=pd_user(key), channel={"type": rng.choice(["mobile", "website"])},
                             acknowledgement_timeout=1800))
    for off, key, note in pd.get("notes", []):
        entries.append(entry("annotate_log_entry", "Note added", off, agent=pd_user(key),
                             channel={"type": "note", "summary": note}))
    if pd.get("resolve"):
        off, key = pd["resolve"]
        entries.append(entry("resolve_log_entry", "Resolved by %s." % PEOPLE[key][2], off,
                             agent=pd_user(key), channel={"type": "website"}))
    entries.sort(key=lambda e: e["created_at"], reverse=True)   # the API lists the newest first
    w.text("pagerduty-log-entries.json",
           json.dumps({"log_entries": entries, "limit": 100, "offset": 0, "more": False, "total": None},
                      indent=2, ensure_ascii=False) + "\n")
    return len(entries)


# ------------------------------------------------------------ alertmanager --
ZERO = "0001-01-01T00:00:00Z"


def alertmanager(w, rng, inc, t0):
    """One webhook payload per line as a receiver logs them: the firing
    notification after group_wait, repeats every repeat_interval (4 h; 1 h
    for page-severity routes here), and the resolved one."""
    lines = []
    for a in inc["alerts"]:
        labels = dict(a["labels"])
        labels["alertname"] = a["name"]
        fp = hexid(rng, 16)
        group = {"alertname": a["name"]}
        for k in ("service", "cluster", "queue"):
            if k in labels:
                group[k] = labels[k]
        gk = '{}/{severity=~"critical|page|warning"}:{%s}' % ", ".join('%s="%s"' % kv for kv in group.items())
        for fire_off, res_off in a["spans"]:
            starts = t0 + timedelta(minutes=fire_off, microseconds=rng.randint(0, 999999))
            body = {"labels": labels, "annotations": {"summary": a["summary"], "description": a["description"]},
                    "generatorURL": "http://prometheus-0.acme-shop.internal:9090/graph?g0.expr=" + a["expr"],
                    "fingerprint": fp}

            def payload(status, ends):
                al = {"status": status, "labels": body["labels"], "annotations": body["annotations"],
                      "startsAt": iso_z(starts, 9), "endsAt": ends, "generatorURL": body["generatorURL"],
                      "fingerprint": fp}
                return {"receiver": "incident-recorder", "status": status, "alerts": [al],
                        "groupLabels": group, "commonLabels": labels, "commonAnnotations": body["annotations"],
                        "externalURL": "http://alertmanager.acme-shop.internal:9093", "version": "4",
                        "groupKey": gk, "truncatedAlerts": 0}
            sent = fire_off + 0.5
            lines.append((sent, payload("firing", ZERO)))
            repeat = 60 if labels.get("severity") in ("page", "critical") else 240
            end = res_off if res_off is not None else fire_off + 300
            k = sent + repeat
            while k < end:
                lines.append((k, payload("firing", ZERO)))
                k += repeat
            if res_off is not None:
                ends = t0 + timedelta(minutes=res_off, microseconds=rng.randint(0, 999999))
                lines.append((res_off + 0.5, payload("resolved", iso_z(ends, 9))))
    lines.sort(key=lambda x: x[0])
    w.text("alertmanager.jsonl", "".join(json.dumps(p, separators=(",", ":")) + "\n" for _, p in lines))
    return len(lines)


# -------------------------------------------------------------- statuspage --
PAGE_ID = "y2j98763l56x"
COMPONENTS = {
    "Checkout": "w3b9kq2h7xz1",
    "Search": "h1j3k5l7z9x2",
    "Login": "n6b2v8c4x0z5",
    "Email notifications": "q8z2x5c7v9bn",
    "Refunds": "m6t4pd8r0cvn",
}
STATUS_INCIDENTS = []      # every status-page incident so far, oldest first


def status_incident(rng, inc, t0):
    st = inc["status"]
    iid = b32id(rng, 12, "abcdefghijklmnopqrstuvwxyz0123456789")
    comp_name = st["component"]
    ups, state = [], "operational"
    for off, status, body in st["posts"]:
        dt = t0 + timedelta(minutes=off, microseconds=rng.randint(0, 999) * 1000)
        new = "operational" if status in ("monitoring", "resolved") else st.get("level", "partial_outage")
        ups.append({"id": b32id(rng, 12, "abcdefghijklmnopqrstuvwxyz0123456789"), "status": status, "body": body,
                    "incident_id": iid, "created_at": iso_ict(dt), "updated_at": iso_ict(dt), "display_at": iso_ict(dt),
                    "affected_components": [{"code": COMPONENTS[comp_name], "name": comp_name,
                                             "old_status": state, "new_status": new}],
                    "deliver_notifications": True, "custom_tweet": None, "tweet_id": None})
        state = new
    mon = next((u["created_at"] for u in ups if u["status"] == "monitoring"), None)
    last = ups[-1]
    obj = {"id": iid, "name": st["name"], "status": last["status"], "created_at": ups[0]["created_at"],
           "updated_at": last["updated_at"], "monitoring_at": mon,
           "resolved_at": last["created_at"] if last["status"] == "resolved" else None,
           "impact": st["impact"], "shortlink": "https://stspg.io/" + iid[:9], "started_at": ups[0]["created_at"],
           "page_id": PAGE_ID, "incident_updates": list(reversed(ups)),
           "components": [{"id": COMPONENTS[comp_name], "name": comp_name, "status": "operational",
                           "created_at": "2024-03-02T10:11:04.217+07:00", "updated_at": last["updated_at"],
                           "position": 2, "description": None, "showcase": True, "start_date": "2024-03-02",
                           "group_id": None, "page_id": PAGE_ID, "group": False, "only_show_if_degraded": False}]}
    return obj


def statuspage(w, obj):
    """The page's incidents.json as fetched after the incident: this one and
    the three before it (unrelated, outside the window), newest first."""
    older = [o for o in STATUS_INCIDENTS if o["created_at"] < obj["created_at"]][-3:]
    incidents = [obj] + list(reversed(older))
    sp = {"page": {"id": PAGE_ID, "name": "Acme Shop", "url": "https://status.acme-shop.example",
                   "time_zone": "Asia/Ho_Chi_Minh", "updated_at": obj["updated_at"]},
          "incidents": incidents}
    w.text("statuspage-incidents.json", json.dumps(sp, indent=2, ensure_ascii=False) + "\n")
    return sum(len(i["incident_updates"]) for i in incidents)


# --------------------------------------------------------------------- logs --
def pino_log(w, rng, inc, t0):
    """JSON lines, pino defaults. Traffic from an hour before the incident to
    half an hour after; errors by the minute as the spec's timetable says."""
    lg = inc["log"]
    hosts = lg["hosts"]
    recs = []
    used = set()

    def emit(dt, level, fields, msg, host=None):
        ms = epoch_us(dt) // 1000
        while ms in used:
            ms += 1
        used.add(ms)
        rec = {"level": level, "time": ms, "pid": 1, "hostname": host or rng.choice(hosts)}
        rec.update(fields)
        rec["msg"] = msg
        recs.append((ms, rec))

    start = t0 + timedelta(minutes=lg.get("from", -62))
    end = t0 + timedelta(minutes=lg.get("to", 90))
    cur = start + timedelta(seconds=3)
    while cur < end:
        emit(cur, 30, {"reqId": hexid(rng, 16), "responseTime": rng.randint(40, 700)} | lg["info_fields"](rng),
             lg["info"])
        cur += timedelta(seconds=rng.uniform(*lg.get("info_every", (50, 110))))
    # a few unrelated errors in the hour before: the baseline
    for _ in range(lg.get("baseline", 3)):
        dt = start + timedelta(seconds=rng.uniform(0, 55 * 60))
        emit(dt, 50, {"reqId": hexid(rng, 16), "err": lg["baseline_err"]}, lg["baseline_msg"])
    for b_from, b_to, lo, hi in lg["bursts"]:
        m = b_from
        while m < b_to:
            base = t0 + timedelta(minutes=m)
            for _ in range(rng.randint(lo, hi)):
                emit(base + timedelta(milliseconds=rng.randint(0, 59999)), 50,
                     {"reqId": hexid(rng, 16), "err": lg["err"]}, lg["error"])
            m += 1
    for off, level, msg, fields in lg.get("lines", []):
        emit(t0 + timedelta(minutes=off, milliseconds=rng.randint(0, 999)), level, fields, msg)
    recs.sort(key=lambda r: r[0])
    w.text(lg["file"], "".join(json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n" for _, r in recs))
    return len(recs)


def syslog_file(w, rng, inc, t0):
    """RFC 3164 with <PRI>, local time (UTC+7), no year, as rsyslog's
    RSYSLOG_TraditionalForwardFormat writes it."""
    sl = inc["syslog"]
    lines = []
    for off, pri, tag, msg in sl["lines"]:
        lines.append((t0 + timedelta(minutes=off, milliseconds=rng.randint(0, 999)), pri, tag, msg))
    for m in range(sl["heartbeat"][0], sl["heartbeat"][1]):
        lines.append((t0 + timedelta(minutes=m, seconds=8, milliseconds=rng.randint(0, 900)), 30, "patroni[1187]",
                      sl["heartbeat_msg"](m)))
    lines.sort(key=lambda x: x[0])
    out = []
    for dt, pri, tag, msg in lines:
        lt = dt.astimezone(ICT)
        stamp = lt.strftime("%b ") + ("%2d" % lt.day) + lt.strftime(" %H:%M:%S")
        sep = " " if tag.endswith(":") else ": "
        out.append("<%d>%s %s %s%s%s\n" % (pri, stamp, sl["host"], tag, sep, msg))
    w.text(sl["file"], "".join(out))
    return len(out)


# --------------------------------------------------------------- manifest --
def manifest(w, inc, sources):
    m = {"id": inc["id"], "title": inc["title"], "severity": inc["severity"], "services": inc["services"],
         "timezone": "Asia/Ho_Chi_Minh"}
    if inc.get("exclude_from_trends"):
        m["exclude_from_trends"] = True
    m["summary"] = inc["summary"]
    if inc.get("impact"):
        m["customer_impact"] = inc["impact"]
    if sources:
        m["sources"] = sources
    if inc.get("milestones"):
        m["milestones"] = inc["milestones"]
    m["responders"] = [{"name": PEOPLE[k][2], "role": r} for k, r in inc["responders"]]
    m["contributing_factors"] = inc["factors"]
    items = []
    for a in inc["actions"]:
        owner, title, due, prio, kind, ticket, status = a
        item = {"title": title, "owner": PEOPLE[owner][2]}
        if due:
            item["due"] = due
        item.update({"priority": prio, "kind": kind, "ticket": ticket, "status": status})
        items.append(item)
    m["action_items"] = items
    w.text("incident.json", json.dumps(m, indent=2, ensure_ascii=False) + "\n")


def build(inc):
    n = int(inc["id"].split("-")[1])
    rng = random.Random(n)
    t0 = inc["t0"]
    folder = os.path.join(OUT, inc["folder"])
    w = Writer(folder)
    counts, sources = {}, []
    if inc.get("chat"):
        counts["slack"] = slack_export(w, rng, inc, t0)
    if inc.get("page"):
        counts["pagerduty"] = pagerduty(w, rng, inc, t0)
        sources.append({"path": "pagerduty-log-entries.json", "name": "pagerduty"})
    if inc.get("alerts"):
        counts["alertmanager"] = alertmanager(w, rng, inc, t0)
        sources.append({"path": "alertmanager.jsonl", "name": "alertmanager"})
    if inc.get("status"):
        obj = status_incident(rng, inc, t0)
        counts["statuspage"] = statuspage(w, obj)
        STATUS_INCIDENTS.append(obj)
        sources.append({"path": "statuspage-incidents.json", "name": "status page"})
    if inc.get("log"):
        counts["log"] = pino_log(w, rng, inc, t0)
        sources.append({"path": inc["log"]["file"], "name": inc["log"]["name"]})
    if inc.get("syslog"):
        counts["syslog"] = syslog_file(w, rng, inc, t0)
        sources.append({"path": inc["syslog"]["file"], "format": "syslog", "name": inc["syslog"]["name"]})
    manifest(w, inc, sources)
    return counts


# ---------------------------------------------------------------- the data --
# Errors and info lines the logs reuse.
ERR_GATEWAY = {"type": "GatewayTimeoutError", "message": "card gateway did not answer within 10000 ms",
               "stack": "GatewayTimeoutError: card gateway did not answer within 10000 ms\n    at Timeout._onTimeout (/app/dist/payments/gateway.js:88:23)",
               "code": "GATEWAY_TIMEOUT"}
ERR_REFUSED = {"type": "Error", "message": "connect ECONNREFUSED 10.20.1.12:5432",
               "stack": "Error: connect ECONNREFUSED 10.20.1.12:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
               "errno": -111, "code": "ECONNREFUSED", "syscall": "connect", "address": "10.20.1.12", "port": 5432}


def checkout_info(rng):
    return {"orderId": "ord_" + b32id(rng, 10), "paymentMethod": rng.choice(["card", "card", "card", "paypal"]),
            "amount": rng.choice([149000, 239000, 389000, 459000, 1249000, 89000]), "currency": "VND"}


def checkout_log(bursts, err, error, extra_lines=(), hosts=None, **kw):
    d = {"file": "checkout-api.log", "name": "checkout-api log",
         "hosts": hosts or ["checkout-api-6f7c9d8b4-%s" % h for h in ("k2mzp", "r8wqx", "t5nvd")],
         "info": "order placed", "info_fields": checkout_info,
         "baseline_err": ERR_GATEWAY, "baseline_msg": "payment authorisation failed",
         "bursts": bursts, "err": err, "error": error, "lines": list(extra_lines)}
    d.update(kw)
    return d


def search_info(rng):
    return {"route": "/v1/search", "hits": rng.randint(0, 480), "lang": rng.choice(["vi", "vi", "en"])}


def search_log(bursts, err, error, **kw):
    d = {"file": "search-api.log", "name": "search-api log",
         "hosts": ["search-api-84b7d6c9f-%s" % h for h in ("q7lzn", "w2xkd")],
         "info": "search served", "info_fields": search_info,
         "baseline_err": {"type": "ResponseError", "message": "search_phase_execution_exception"},
         "baseline_msg": "search query failed", "bursts": bursts, "err": err, "error": error, "lines": []}
    d.update(kw)
    return d


def ident_info(rng):
    return {"route": "/oauth2/token", "client": rng.choice(["web", "ios", "android"]), "status": 200}


def mail_info(rng):
    return {"template": rng.choice(["order-confirmation", "password-reset", "shipping-update"]),
            "provider": "sendgrid", "status": 202}


CF = {   # contributing factors that recur: the same text in every incident that names them
    "canary": "Deploys go to every pod at once, with no canary stage.",
    "unvalidated": "A configuration change shipped without automated validation.",
    "capacity": "Capacity limits were never load-tested at peak traffic.",
    "retry": "Clients retried failed payment calls immediately, without backoff.",
    "static-host": "checkout-api connects to a static database host name instead of the endpoint that follows the Patroni leader.",
    "lag": "Replica lag above `maximum_lag_on_failover` blocked the automatic failover.",
    "early-resolve": "Success was announced on the status page before the fix was complete.",
    "batch-overrun": "A nightly batch job ran into business hours after a late start, with no alert on the overrun.",
    "one-provider": "Transactional email depends on a single provider.",
    "late-alert": "Customers noticed before our monitoring did: the alert threshold was too lenient.",
}

INCIDENTS = [
    # --------------------------------------------------------------- Q2 --
    dict(id="INC-2061", folder="inc-2061-checkout-deploy", t0=at(2026, 4, 14, 8, 20), severity="SEV2",
         title="Checkout errors after a deploy", services=["checkout-api"], channel="inc-2061",
         summary="Release 2.29.0 of checkout-api reached every pod at once and failed on orders with a voucher; it was rolled back after 17 minutes.",
         impact="About one order in five with a voucher failed at checkout for 17 minutes.",
         alerts=[dict(name="CheckoutErrorRate", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout-api 5xx ratio above 5%", description="More than 5% of POST /v1/checkout requests failed for 2 minutes.",
                      expr="checkout_5xx_ratio+%3E+0.05", spans=[(2, 18)])],
         page=dict(number=4102, pd_id="Q2KX7N4WBR1DZ", service="Payments Platform", title="[FIRING:1] CheckoutErrorRate (checkout-api page)",
                   oncall="minh", trigger=2.4, ack=[(4.1, "minh")], resolve=(32, "minh")),
         status=dict(name="Checkout errors", impact="minor", component="Checkout",
                     posts=[(9, "investigating", "Some customers see an error when paying with a voucher. We are investigating."),
                            (19, "monitoring", "We have rolled back a change and voucher payments are working again. We are monitoring."),
                            (41, "resolved", "This incident has been resolved.")]),
         chat=[(3, "join", "minh"), (4.5, "minh", "ack, on it. CheckoutErrorRate firing since the 2.29.0 deploy"),
               (6, "linh", "Declaring SEV2, Linh is incident commander"),
               (7, "chinedu", "2.29.0 breaks the voucher path, rolling back to 2.28.3"),
               (18, "chinedu", "rollback done, error rate back to normal"),
               (25, "linh", "thanks all, Chinedu will write up the automatic rollback idea")],
         log=checkout_log([(0, 17, 11, 16)], {"type": "TypeError", "message": "Cannot read properties of undefined (reading 'code')",
                                              "stack": "TypeError: Cannot read properties of undefined (reading 'code')\n    at applyVoucher (/app/dist/checkout/voucher.js:41:30)"},
                          "checkout failed: voucher could not be applied",
                          [(-1, 30, "server listening", {"version": "2.29.0", "port": 8080}),
                           (16.5, 30, "server listening", {"version": "2.28.3", "port": 8080})]),
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call"), ("chinedu", "Checkout engineer")],
         factors=[CF["canary"], "Orders with a voucher were not covered by the release's tests."],
         actions=[("chinedu", "Roll back automatically when the error rate doubles within 10 minutes of a deploy", "2026-05-15", "P2", "prevent", "PAY-1102", "done")]),

    dict(id="INC-2070", folder="inc-2070-search-index", t0=at(2026, 5, 6, 3, 10), severity="SEV3",
         title="Stale search results after a failed index rebuild", services=["search"], channel="inc-2070",
         summary="The nightly index rebuild failed at 04:00 and search served the previous day's catalogue until the rebuild was rerun.",
         alerts=[dict(name="SearchIndexStale", labels={"service": "search", "severity": "page", "team": "search"},
                      summary="search index older than 26 hours", description="The live search index is older than 26 hours.",
                      expr="time%28%29+-+search_index_built_timestamp+%3E+93600", spans=[(0, 48)])],
         page=dict(number=4133, pd_id="Q7RW2M9KCX4TB", service="Search", title="[FIRING:1] SearchIndexStale (search page)",
                   oncall="priya", trigger=0.6, ack=[(3.2, "priya")], resolve=(55, "priya")),
         chat=[(4, "priya", "ack, looking into the stale index"), (9, "minh", "joining, the rebuild job log shows OOMKilled at 04:12"),
               (15, "priya", "rerunning the rebuild with the larger node pool"), (49, "priya", "new index is live, back to normal")],
         responders=[("priya", "Search on-call"), ("minh", "Site reliability engineer")],
         factors=[CF["batch-overrun"], "The rebuild job's memory limit was not raised when the catalogue grew."],
         actions=[("priya", "Raise the rebuild job's memory limit and alert on OOMKilled jobs", "2026-05-29", "P3", "prevent", "SRCH-311", "done")]),

    dict(id="INC-2078", folder="inc-2078-payments-failover", t0=at(2026, 5, 27, 12, 15), severity="SEV1",
         title="Payment database failover did not complete", services=["payments", "checkout-api"], channel="inc-2078",
         summary="The payments-db primary lost its disk; Patroni did not promote the lagging replica and card payments failed for 38 minutes.",
         impact="Every card payment failed for 38 minutes during the evening peak.",
         alerts=[dict(name="DBPrimaryDown", labels={"cluster": "payments-db", "severity": "critical", "team": "db"},
                      summary="payments-db has no writable primary", description="No instance of payments-db reports itself as primary.",
                      expr="sum%28pg_replication_is_primary%29+%3C+1", spans=[(1.5, 33)]),
                 dict(name="CheckoutErrorRate", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout-api 5xx ratio above 5%", description="More than 5% of POST /v1/checkout requests failed for 2 minutes.",
                      expr="checkout_5xx_ratio+%3E+0.05", spans=[(3, 38.5)])],
         page=dict(number=4160, pd_id="Q4DF8T1MZP6WK", service="Payments Platform", title="[FIRING:1] DBPrimaryDown (payments-db critical)",
                   oncall="minh", trigger=2, ack=[(3.1, "minh"), (11, "katrin")], escalate=[(8, "katrin", "minh")],
                   resolve=(70, "minh")),
         status=dict(name="Card payments failing", impact="critical", component="Checkout", level="major_outage",
                     posts=[(8, "investigating", "Card payments are failing. We are investigating."),
                            (20, "identified", "The payment database did not fail over. We are promoting the standby by hand."),
                            (41, "monitoring", "Card payments are working again. We are monitoring."),
                            (66, "resolved", "This incident has been resolved.")]),
         chat=[(3.5, "minh", "ack, on it. DBPrimaryDown on payments-db"), (5, "linh", "Declaring SEV1, I'm incident commander"),
               (12, "katrin", "replica is 60 MB behind, Patroni will not promote it"),
               (30, "katrin", "promoted db-replica-1 by hand"), (35, "chinedu", "checkout repointed to db-replica-1"),
               (40, "linh", "errors back to normal"), (60, "katrin", "I will write the runbook for promoting a lagging replica")],
         log=checkout_log([(1, 38, 12, 18)], ERR_REFUSED, "checkout failed: connection refused to db-primary:5432"),
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call"), ("katrin", "Database engineer"),
                     ("chinedu", "Checkout engineer"), ("siti", "Customer communication")],
         factors=[CF["static-host"], CF["lag"]],
         actions=[("katrin", "Runbook for promoting a lagging replica by hand", "2026-06-10", "P2", "mitigate", "DBA-301", "done"),
                  ("chinedu", "Evaluate HAProxy in front of payments-db so clients follow the leader", "2026-06-30", "P2", "prevent", "PAY-1121", "open")]),

    dict(id="INC-2089", folder="inc-2089-identity-slow-logins", t0=at(2026, 6, 18, 1, 30), severity="SEV3",
         title="Slow logins during the morning peak", services=["identity"], channel="inc-2089",
         summary="The token service ran out of database connections at the morning peak; logins took up to 20 seconds until it was scaled out.",
         alerts=[dict(name="LoginLatencyHigh", labels={"service": "identity", "severity": "page", "team": "identity"},
                      summary="login p99 above 3 s", description="The 99th percentile of POST /oauth2/token is above 3 seconds.",
                      expr="histogram_quantile%280.99%2C+login_seconds%29+%3E+3", spans=[(9, 31)])],
         page=dict(number=4188, pd_id="Q9HB3V6NLR2QX", service="Identity", title="[FIRING:1] LoginLatencyHigh (identity page)",
                   oncall="tomas", trigger=9.3, ack=[(12, "tomas")], resolve=(45, "tomas")),
         status=dict(name="Slow logins", impact="minor", component="Login", level="degraded_performance",
                     posts=[(15, "investigating", "Logging in is slower than usual. We are investigating."),
                            (33, "monitoring", "Logins are fast again. We are monitoring."),
                            (50, "resolved", "This incident has been resolved.")]),
         chat=[(4, "siti", "customers report logins taking 20 seconds or failing on the app"),
               (6, "minh", "looking into it, token service p99 is climbing"),
               (13, "tomas", "Declaring SEV3 for slow logins, I'm incident commander"),
               (20, "tomas", "db pool on identity-token is maxed at 10, scaling out to 6 pods"),
               (32, "tomas", "login latency back to normal")],
         log={"file": "identity-api.log", "name": "identity-api log",
              "hosts": ["identity-api-7c5d9f6b8-%s" % h for h in ("bq2zn", "f7wlc")],
              "info": "token issued", "info_fields": ident_info,
              "baseline_err": {"type": "InvalidGrantError", "message": "invalid refresh token"},
              "baseline_msg": "token request rejected",
              "bursts": [(0, 22, 10, 13)],
              "err": {"type": "TimeoutError", "message": "timeout exceeded when trying to connect"},
              "error": "token request failed: timeout acquiring a database connection", "lines": []},
         responders=[("tomas", "Incident commander"), ("minh", "Site reliability engineer"), ("siti", "Customer communication")],
         factors=[CF["capacity"], CF["late-alert"]],
         actions=[("tomas", "Size the token service's connection pool for the morning peak", "2026-07-02", "P2", "prevent", "IDN-204", "done")]),

    # --------------------------------------------------------------- Q3 --
    dict(id="INC-2101", folder="inc-2101-search-latency", t0=at(2026, 7, 3, 2, 10), severity="SEV3",
         title="Slow product search after a late index rebuild", services=["search"], channel="inc-2101",
         summary="The nightly index rebuild started three hours late and was still running at 09:00; search p99 reached 8 s until the rebuild was paused.",
         impact="Product search took several seconds, and some queries timed out, for about 20 minutes.",
         alerts=[dict(name="SearchLatencyHigh", labels={"service": "search", "severity": "page", "team": "search"},
                      summary="search p99 above 2 s", description="The 99th percentile of GET /v1/search is above 2 seconds for 2 minutes.",
                      expr="histogram_quantile%280.99%2C+search_seconds%29+%3E+2", spans=[(2, 24)])],
         page=dict(number=4215, pd_id="Q3MZ8W1KTP7DX", service="Search", title="[FIRING:1] SearchLatencyHigh (search page)",
                   oncall="priya", trigger=2.4, ack=[(5, "priya")], resolve=(40, "priya")),
         status=dict(name="Slow product search", impact="minor", component="Search", level="degraded_performance",
                     posts=[(9, "investigating", "Product search is slower than usual. We are investigating."),
                            (18, "identified", "A maintenance job is slowing search down. We are pausing it."),
                            (25, "monitoring", "Search response times are back to normal. We are monitoring."),
                            (45, "resolved", "This incident has been resolved.")]),
         chat=[(3, "pagerduty", "[FIRING:1] SearchLatencyHigh (search page)"),
               (6, "priya", "ack, on it. SearchLatencyHigh, p99 is 8s"),
               (8, "linh", "Declaring SEV3 for slow search. I'm incident commander, Priya investigating"),
               (15, "priya", "the nightly index rebuild is still running on search-2, it started three hours late"),
               (19, "priya", "paused the rebuild, search-2 out of rotation"),
               (26, "priya", "latency back to normal"),
               (30, "linh", "we should alert when a nightly job is still running after its slot, Minh will take it")],
         log=search_log([(0, 21, 11, 15)], {"type": "TimeoutError", "message": "search backend did not answer within 5000 ms"},
                        "search query timed out"),
         responders=[("linh", "Incident commander"), ("priya", "Search on-call")],
         factors=[CF["batch-overrun"], "The rebuild runs on a node that also serves live traffic."],
         actions=[("priya", "Abort the index rebuild automatically when it overruns 07:00 local time", "2026-07-17", "P2", "prevent", "SRCH-340", "done"),
                  ("minh", "Alert when a nightly batch job is still running after its slot", "2026-07-31", "P2", "detect", "OPS-120", "open")]),

    dict(id="INC-2104", folder="inc-2104-card-gateway", t0=at(2026, 7, 9, 12, 47), severity="SEV2",
         title="Card payments failing: gateway timeouts", services=["checkout-api", "payments"], channel="inc-2104",
         summary="The card gateway slowed down and checkout-api's immediate retries made it worse; card payments failed for 31 minutes until traffic moved to the backup acquirer.",
         impact="Most card payments failed from 19:47 to 20:18 (UTC+7); PayPal kept working and the status page offered it as a workaround.",
         alerts=[dict(name="PaymentGatewayTimeouts", labels={"service": "payments", "severity": "page", "team": "payments"},
                      summary="card gateway timeouts above 2%", description="More than 2% of card authorisations time out.",
                      expr="gateway_timeout_ratio+%3E+0.02", spans=[(1.8, 32)]),
                 dict(name="CheckoutErrorRate", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout-api 5xx ratio above 5%", description="More than 5% of POST /v1/checkout requests failed for 2 minutes.",
                      expr="checkout_5xx_ratio+%3E+0.05", spans=[(3, 33)])],
         page=dict(number=4231, pd_id="Q8TN2C5XWK9RM", service="Payments Platform", title="[FIRING:1] PaymentGatewayTimeouts (payments page)",
                   oncall="minh", trigger=2.2, ack=[(4, "minh")], resolve=(55, "minh"),
                   notes=[(30, "linh", "Card traffic moved to the backup acquirer at 20:11 ICT (Chinedu).")]),
         status=dict(name="Card payments failing", impact="major", component="Checkout",
                     posts=[(14, "investigating", "Card payments are failing for many customers. We are investigating."),
                            (21, "investigating", "We are still investigating. As a workaround, customers can pay with PayPal, which is not affected."),
                            (36, "monitoring", "Card payments are succeeding again. We are monitoring."),
                            (62, "resolved", "This incident has been resolved.")]),
         chat=[(3, "pagerduty", "[FIRING:1] PaymentGatewayTimeouts (payments page)"),
               (4.5, "minh", "ack, on it"),
               (6, "siti", "customers report card payments failing at checkout"),
               (8, "linh", "Declaring SEV2, Linh is incident commander"),
               (16, "chinedu", "napas gateway p99 is 10s and we retry every failure immediately, 3x the traffic"),
               (24, "chinedu", "moving card routing to the backup acquirer"),
               (34, "chinedu", "error rate back to normal", "edited"),
               (40, "linh", "we need automatic failover to the backup acquirer, Chinedu will take it")],
         log=checkout_log([(0, 31, 11, 15)], ERR_GATEWAY, "payment authorisation failed"),
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call"), ("chinedu", "Checkout engineer"),
                     ("siti", "Customer communication")],
         factors=["Card payments depend on one gateway, with no automatic failover to the backup acquirer.", CF["retry"]],
         actions=[("chinedu", "Route card payments to the backup acquirer automatically when the gateway times out", "2026-08-14", "P1", "mitigate", "PAY-1190", "open"),
                  ("siti", "Status page template for payment-provider outages, with the PayPal workaround", "2026-07-24", "P3", "process", "SUP-81", "done")]),

    dict(id="INC-2108", folder="inc-2108-email-delay", t0=at(2026, 7, 15, 3, 20), severity="SEV4",
         title="Order confirmation emails delayed", services=["notifications"], channel="inc-2108",
         summary="The email provider throttled our account; order confirmations arrived up to 90 minutes late. Nobody was paged: the alert is a warning.",
         alerts=[dict(name="EmailQueueBacklog", labels={"queue": "transactional", "service": "notifications", "severity": "warning", "team": "notifications"},
                      summary="transactional email queue above 5,000", description="More than 5,000 emails are waiting to be sent.",
                      expr="email_queue_depth%7Bqueue%3D%22transactional%22%7D+%3E+5000", spans=[(6, 95)])],
         status=dict(name="Delayed order confirmation emails", impact="minor", component="Email notifications",
                     level="degraded_performance",
                     posts=[(40, "investigating", "Some order confirmation emails are arriving late. Orders are not affected."),
                            (100, "resolved", "All delayed emails have been delivered. This incident has been resolved.")]),
         chat=[(12, "aiko", "looking into the email backlog, the provider answers 421 throttling"),
               (21, "aiko", "moved confirmations to the backup provider, the queue is draining slowly"),
               (38, "siti", "I'll post on the status page, customers are asking where their confirmation is"),
               (96, "aiko", "queue drained, back to normal")],
         responders=[("aiko", "Notifications engineer"), ("siti", "Customer communication")],
         factors=[CF["one-provider"], "No alert on the provider's rejection rate; the queue-depth alert is a warning that pages nobody."],
         actions=[("aiko", "Alert on the email provider's 4xx rejection rate", "2026-08-07", "P3", "detect", "NTF-88", "done"),
                  ("aiko", "Send through both email providers with automatic failover", "2026-10-30", "P3", "prevent", "NTF-89", "open")]),

    dict(id="INC-2112", folder="inc-2112-login-certificate", t0=at(2026, 7, 22, 0, 58), severity="SEV2",
         title="Login failures after an expired certificate", services=["identity"], channel="inc-2112",
         summary="The certificate of the internal identity provider expired at 07:58 (UTC+7); its renewal had failed silently since June. Customers reported failed logins before the alert fired.",
         impact="Logins on the web and in the apps failed for 48 minutes; customers already logged in were not affected.",
         alerts=[dict(name="LoginErrorRate", labels={"service": "identity", "severity": "page", "team": "identity"},
                      summary="login error ratio above 20%", description="More than 20% of POST /oauth2/token requests failed for 10 minutes.",
                      expr="login_error_ratio+%3E+0.2", spans=[(11, 49)])],
         page=dict(number=4262, pd_id="Q5PL9X3RDM8VC", service="Identity", title="[FIRING:1] LoginErrorRate (identity page)",
                   oncall="tomas", trigger=11.3, ack=[(14, "tomas")], resolve=(75, "tomas")),
         status=dict(name="Login failures", impact="major", component="Login",
                     posts=[(16, "investigating", "Some customers cannot log in. We are investigating."),
                            (58, "identified", "An expired certificate caused the failures; a new one is deployed."),
                            (63, "monitoring", "Logins are working again. We are monitoring."),
                            (92, "resolved", "This incident has been resolved.")]),
         chat=[(4, "siti", "customers report they cannot log in, the app says 'something went wrong'"),
               (6, "minh", "looking into it, identity-api logs are full of TLS errors"),
               (9, "linh", "Declaring SEV2 for login failures, I'm incident commander"),
               (12, "pagerduty", "[FIRING:1] LoginErrorRate (identity page)"),
               (20, "tomas", "the certificate on idp-internal expired at 07:58, auto-renewal has failed since June"),
               (38, "tomas", "new certificate deployed to idp-1, idp-2 and idp-3"),
               (48, "tomas", "logins recovered")],
         log={"file": "identity-api.log", "name": "identity-api log",
              "hosts": ["identity-api-7c5d9f6b8-%s" % h for h in ("hz4mc", "p9qtw", "x3kfn")],
              "info": "token issued", "info_fields": ident_info,
              "baseline_err": {"type": "InvalidGrantError", "message": "invalid refresh token"},
              "baseline_msg": "token request rejected",
              "bursts": [(0, 47, 10, 13)],
              "err": {"type": "Error", "message": "certificate has expired", "code": "CERT_HAS_EXPIRED",
                      "stack": "Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)"},
              "error": "upstream TLS handshake with idp-internal failed: certificate has expired",
              "lines": []},
         responders=[("linh", "Incident commander"), ("tomas", "Identity on-call"), ("minh", "Site reliability engineer"),
                     ("siti", "Customer communication")],
         factors=["The certificate's automatic renewal failed silently; nothing alerts on certificates close to expiry.", CF["late-alert"]],
         actions=[("tomas", "Alert 14 days before any certificate expires", "2026-08-05", "P1", "detect", "IDN-231", "done"),
                  ("tomas", "Lower the LoginErrorRate threshold to 2% over 2 minutes", "2026-08-12", "P2", "detect", "IDN-232", "done"),
                  ("minh", "Inventory every internal certificate and how it is renewed", None, "P2", "prevent", "OPS-131", "open")]),

    dict(id="INC-2115", folder="inc-2115-checkout-db-failover", t0=at(2026, 7, 29, 6, 31), severity="SEV1",
         title="Checkout outage during a payment database failover", services=["checkout-api", "payments"], channel="inc-2115",
         summary="The payments-db primary failed again; Patroni refused to promote the lagging replica, as in INC-2078, and checkout failed for 26 minutes. A stale pod failed again after success had been announced.",
         impact="Every checkout failed from 13:31 to 13:57 (UTC+7); about a third failed again from 14:52 to 14:59.",
         alerts=[dict(name="DBPrimaryDown", labels={"cluster": "payments-db", "severity": "critical", "team": "db"},
                      summary="payments-db has no writable primary", description="No instance of payments-db reports itself as primary.",
                      expr="sum%28pg_replication_is_primary%29+%3C+1", spans=[(1.5, 18)]),
                 dict(name="CheckoutErrorRate", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout-api 5xx ratio above 5%", description="More than 5% of POST /v1/checkout requests failed for 2 minutes.",
                      expr="checkout_5xx_ratio+%3E+0.05", spans=[(3, 27), (81, 88)])],
         page=dict(number=4280, pd_id="Q1VB6N3KXT8ZR", service="Payments Platform", title="[FIRING:1] DBPrimaryDown (payments-db critical)",
                   oncall="minh", trigger=2, ack=[(3.5, "minh"), (10, "katrin")], escalate=[(8, "katrin", "minh")],
                   notes=[(30, "linh", "db-replica-2 promoted by hand (Katrin); checkout repointed (Chinedu).")],
                   resolve=(95, "minh")),
         status=dict(name="Checkout unavailable", impact="critical", component="Checkout", level="major_outage",
                     posts=[(9, "investigating", "Checkout is failing for all customers. We are investigating."),
                            (17, "identified", "The payment database did not fail over automatically. We are promoting the standby."),
                            (29, "monitoring", "Checkout is working again. We are monitoring."),
                            (75, "resolved", "This incident has been resolved.")]),
         chat=[(3, "pagerduty", "[FIRING:1] DBPrimaryDown (payments-db critical)"),
               (3.8, "minh", "ack, on it. DBPrimaryDown on payments-db"),
               (5, "linh", "Declaring SEV1: checkout is down. Linh is incident commander"),
               (6, "siti", "customers report checkout errors, the support queue is climbing"),
               (12, "katrin", "replica lag again, Patroni refused to fail over, same as INC-2078"),
               (17, "katrin", "promoted db-replica-2 by hand"),
               (24, "chinedu", "checkout pointed at the new leader"),
               (28, "linh", "error rate back to normal"),
               (82, "chinedu", "CheckoutErrorRate is firing again: one pod still has the old DATABASE_HOST"),
               (89, "chinedu", "restarted the stale pod, errors stopped"),
               (95, "linh", "standing down. checkout-api must follow the Patroni leader, not a host name: Chinedu owns it")],
         log=checkout_log([(0, 26, 12, 18), (81, 87, 4, 7)], ERR_REFUSED, "checkout failed: connection refused to db-primary:5432"),
         syslog={"file": "db-primary-2.syslog", "name": "db-primary-2 syslog", "host": "db-primary-2",
                 "heartbeat": (-40, 90),
                 "heartbeat_msg": lambda m: ("no action. I am (db-primary-2), the leader with the lock" if m < -1
                                             else "Lock owner: None; I am db-primary-2" if m < 17
                                             else "no action. I am (db-primary-2), a secondary, and following a leader (db-replica-2)"),
                 "lines": [(-1.2, 3, "kernel:", "[2214402.117093] INFO: task postgres:3311 blocked for more than 120 seconds."),
                           (-0.6, 30, "patroni[1187]", "failed to update leader lock"),
                           (-0.5, 30, "patroni[1187]", "demoting self because I do not have the lock and I was a leader"),
                           (0.1, 131, "postgres[3402]", "[211-1] FATAL:  terminating connection due to administrator command"),
                           (0.1, 131, "postgres[3409]", "[212-1] FATAL:  terminating connection due to administrator command"),
                           (0.8, 134, "postgres[3311]", "[213-1] LOG:  database system is shut down"),
                           (1.0, 30, "patroni[1187]", "not healthy enough for leader race"),
                           (16.5, 30, "patroni[1187]", "Lock owner: db-replica-2; I am db-primary-2"),
                           (40, 30, "patroni[1187]", "running pg_rewind from db-replica-2"),
                           (41, 134, "postgres[4410]", "[214-1] LOG:  database system is ready to accept read-only connections")]},
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call"), ("katrin", "Database engineer"),
                     ("chinedu", "Checkout engineer"), ("siti", "Customer communication")],
         factors=[CF["static-host"], CF["lag"], CF["early-resolve"]],
         actions=[("chinedu", "Use the Patroni-managed endpoint in checkout-api", "2026-08-07", "P1", "prevent", "PAY-1201", "open"),
                  ("katrin", "Alert when replica lag exceeds maximum_lag_on_failover", "2026-08-14", "P1", "detect", "DBA-352", "done"),
                  ("siti", "Announce resolution only after 30 minutes of clean metrics", "2026-08-21", "P2", "process", "SUP-84", "done")]),

    dict(id="INC-2119", folder="inc-2119-search-empty-results", t0=at(2026, 8, 5, 8, 14), severity="SEV3",
         title="Search returns no results for some categories", services=["search"], channel="inc-2119",
         summary="A synonym file deployed the day before had a malformed line; three categories returned no results until it was rolled back. Support noticed; no alert exists for it, and customers were not told.",
         chat=[(0, "siti", "customers report search shows nothing for 'Điện thoại' and two other categories, since this morning"),
               (7, "priya", "looking into it"),
               (9, "linh", "IC is Linh; Priya investigating"),
               (25, "priya", "the synonym file deployed yesterday has a malformed line, rolling it back"),
               (41, "priya", "rollback done, the categories return results again, back to normal"),
               (45, "priya", "I will add synonym validation to CI")],
         responders=[("linh", "Incident commander"), ("priya", "Search engineer"), ("siti", "Support lead")],
         factors=[CF["unvalidated"], "Nothing watches the share of searches that return no results."],
         actions=[("priya", "Validate synonym files in CI", "2026-08-19", "P2", "prevent", "SRCH-352", "done"),
                  ("priya", "Alert on the share of searches with zero results", "2026-09-02", "P3", "detect", "SRCH-353", "done")]),

    dict(id="INC-2123", folder="inc-2123-checkout-deploy", t0=at(2026, 8, 12, 9, 2), severity="SEV2",
         title="Checkout errors after a deploy", services=["checkout-api"], channel="inc-2123",
         summary="Release 2.34.0 reached every pod at once and failed for orders without a currency; it was rolled back within 14 minutes.",
         impact="About 40% of checkouts failed for 14 minutes.",
         alerts=[dict(name="CheckoutErrorRate", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout-api 5xx ratio above 5%", description="More than 5% of POST /v1/checkout requests failed for 2 minutes.",
                      expr="checkout_5xx_ratio+%3E+0.05", spans=[(2, 16)])],
         page=dict(number=4301, pd_id="Q6WX1F8RZN3KB", service="Payments Platform", title="[FIRING:1] CheckoutErrorRate (checkout-api page)",
                   oncall="minh", trigger=2.3, ack=[(3.5, "minh")], resolve=(30, "minh")),
         status=dict(name="Checkout errors", impact="major", component="Checkout",
                     posts=[(7, "investigating", "Some checkouts are failing. We are investigating."),
                            (15, "monitoring", "We rolled back a change and checkout is working again. We are monitoring."),
                            (35, "resolved", "This incident has been resolved.")]),
         chat=[(4, "minh", "ack, looking into it"),
               (5, "chinedu", "that's my deploy, 2.34.0, rolling back now"),
               (6, "linh", "Declaring SEV2, I'm incident commander"),
               (14, "chinedu", "rollback to 2.33.2 complete"),
               (17, "minh", "error rate back to normal")],
         log=checkout_log([(0, 14, 13, 20)], {"type": "TypeError", "message": "Cannot read properties of undefined (reading 'currency')",
                                              "stack": "TypeError: Cannot read properties of undefined (reading 'currency')\n    at priceOrder (/app/dist/checkout/pricing.js:112:41)"},
                          "checkout failed: order could not be priced",
                          [(-0.5, 30, "server listening", {"version": "2.34.0", "port": 8080}),
                           (13.5, 30, "server listening", {"version": "2.33.2", "port": 8080})]),
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call"), ("chinedu", "Checkout engineer")],
         factors=[CF["canary"], "Orders without a currency (legacy gift cards) were not covered by tests."],
         actions=[("chinedu", "Canary deploys for checkout-api: 5% of traffic for 10 minutes first", "2026-09-11", "P1", "prevent", "PAY-1214", "done"),
                  ("chinedu", "Test orders without a currency", "2026-08-19", "P3", "prevent", "PAY-1215", "done")]),

    dict(id="INC-2127", folder="inc-2127-gameday-db-failover", t0=at(2026, 8, 18, 3, 0), severity="SEV3",
         title="Game day: payment database failover drill", services=["payments"], channel="gameday-2127",
         exclude_from_trends=True,
         summary="A planned drill: the payments-db primary was stopped at 10:00 (UTC+7) to check that Patroni fails over within five minutes. It did, in three; one runbook step was out of date.",
         alerts=[dict(name="DBPrimaryDown", labels={"cluster": "payments-db", "severity": "critical", "team": "db"},
                      summary="payments-db has no writable primary", description="No instance of payments-db reports itself as primary.",
                      expr="sum%28pg_replication_is_primary%29+%3C+1", spans=[(1, 3.6)])],
         page=dict(number=4322, pd_id="Q2ZC7M4HVX9PL", service="Payments Platform", title="[FIRING:1] DBPrimaryDown (payments-db critical)",
                   oncall="katrin", trigger=1.2, ack=[(2, "katrin")], resolve=(20, "katrin")),
         chat=[(-5, "katrin", "Game day starts in five minutes: we stop the payments-db primary at 10:00 and watch Patroni fail over"),
               (2.5, "katrin", "ack, page arrived as expected"),
               (3, "minh", "db-replica-1 is the new leader, checkout kept working"),
               (12, "katrin", "the runbook step for repointing read replicas names the old host, fixing it"),
               (20, "katrin", "drill over, db-primary-1 rejoined as a replica")],
         responders=[("katrin", "Drill lead"), ("minh", "Observer")],
         factors=["The runbook's step for repointing read replicas named a host that no longer exists."],
         actions=[("katrin", "Update the failover runbook's read-replica step", "2026-08-25", "P3", "process", "DBA-360", "done")]),

    dict(id="INC-2130", folder="inc-2130-push-delay", t0=at(2026, 8, 24, 13, 5), severity="SEV4",
         title="Push notifications delayed", services=["notifications"], channel="inc-2130",
         summary="APNs answered slowly and the fixed pool of push workers fell behind; notifications arrived up to 40 minutes late. The alert is a warning: nobody was paged and customers were not told.",
         alerts=[dict(name="PushQueueLag", labels={"queue": "push", "service": "notifications", "severity": "warning", "team": "notifications"},
                      summary="push queue lag above 5 minutes", description="The oldest push notification has waited more than 5 minutes.",
                      expr="push_queue_oldest_seconds+%3E+300", spans=[(4, 52)])],
         chat=[(18, "aiko", "looking into the push lag: APNs answers in 3s instead of 200ms"),
               (20, "minh", "I can help, checking the worker pool"),
               (35, "aiko", "scaling push workers from 4 to 12"),
               (50, "aiko", "queue drained, back to normal"),
               (53, "aiko", "next step for me: autoscale push workers on queue depth")],
         log={"file": "push-worker.log", "name": "push-worker log",
              "hosts": ["push-worker-5b8c7d-%s" % h for h in ("a1x9z", "m4k2q")],
              "info": "push sent", "info_fields": lambda rng: {"platform": rng.choice(["ios", "android"]), "latencyMs": rng.randint(90, 400)},
              "baseline_err": {"type": "APNsError", "message": "BadDeviceToken"}, "baseline_msg": "push rejected",
              "bursts": [(2, 50, 0, 2)], "err": {"type": "TimeoutError", "message": "APNs did not answer within 10000 ms"},
              "error": "push failed: APNs timeout", "info_every": (40, 90), "from": -30, "to": 70,
              "lines": [(m, 40, "push queue lagging", {"lagSeconds": 60 * m // 2}) for m in range(4, 50, 5)]},
         responders=[("aiko", "Notifications engineer"), ("minh", "Site reliability engineer")],
         factors=["The push worker pool has a fixed size and does not scale with the queue.", CF["capacity"]],
         actions=[("aiko", "Autoscale push workers on queue depth", "2026-09-30", "P2", "prevent", "NTF-95", "open")]),

    dict(id="INC-2134", folder="inc-2134-refunds-stuck", t0=at(2026, 9, 1, 2, 30), severity="SEV2",
         title="Refunds stuck in pending", services=["payments"], channel="inc-2134",
         milestones={"started": "2026-09-01T00:00:00Z"},
         summary="After a refactor the refund batch reused idempotency keys, so the acquirer rejected every refund from the 07:00 (UTC+7) batch. Finance noticed two and a half hours later; no alert watches pending refunds.",
         impact="214 refunds were delayed by up to five hours.",
         page=dict(number=4351, pd_id="Q8KM3T6WBZ1XN", service="Payments Platform", title="Refunds stuck in pending (triggered by hand)",
                   oncall="chinedu", manual_by="linh", trigger=10, ack=[(13, "chinedu")], resolve=(125, "chinedu")),
         status=dict(name="Refunds delayed", impact="minor", component="Refunds", level="degraded_performance",
                     posts=[(40, "investigating", "Refunds requested this morning are delayed. No money is lost. We are investigating."),
                            (75, "identified", "We have found the cause and are preparing a fix."),
                            (120, "monitoring", "The delayed refunds are being processed now."),
                            (150, "resolved", "All delayed refunds have been processed. This incident has been resolved.")]),
         chat=[(0, "dewi", "Finance here: refunds from this morning are failing, 214 still pending"),
               (9, "linh", "thanks Dewi, I'm paging payments"),
               (12, "linh", "Declaring SEV2 for stuck refunds, I'm incident commander"),
               (14, "chinedu", "on it"),
               (70, "chinedu", "found it: the refund batch reuses idempotency keys since the 2.35 refactor"),
               (110, "chinedu", "fix deployed, rerunning the batch"),
               (118, "dewi", "all 214 refunds went through, back to normal")],
         responders=[("linh", "Incident commander"), ("chinedu", "Payments engineer"), ("dewi", "Reported the problem"),
                     ("siti", "Customer communication")],
         factors=["The refund batch reused idempotency keys after a refactor, and its tests did not cover retries.",
                  "Nothing alerts on refunds pending for more than an hour: another team had to notice."],
         actions=[("chinedu", "Alert when refunds stay pending for more than an hour", "2026-09-15", "P1", "detect", "PAY-1230", "open"),
                  ("chinedu", "A new idempotency key for every refund attempt", "2026-09-08", "P1", "prevent", "PAY-1231", "done"),
                  ("dewi", "Finance runbook: how to page the payments team", None, "P3", "process", "FIN-12", "open")]),

    dict(id="INC-2138", folder="inc-2138-password-reset-mail", t0=at(2026, 9, 9, 15, 40), severity="SEV3",
         title="Password reset emails not sent", services=["identity", "notifications"], channel="inc-2138",
         summary="A change to the password-reset email template removed a variable the renderer requires; no reset email went out for 30 minutes. Customers were not told.",
         alerts=[dict(name="PasswordResetMailFailures", labels={"service": "notifications", "severity": "page", "team": "identity"},
                      summary="password reset emails failing", description="More than 10% of password reset emails fail to render or send.",
                      expr="reset_mail_failure_ratio+%3E+0.1", spans=[(3, 34)])],
         page=dict(number=4377, pd_id="Q3NR8K1ZTW5MC", service="Identity", title="[FIRING:1] PasswordResetMailFailures (notifications page)",
                   oncall="tomas", trigger=3.3, ack=[(6, "tomas")], resolve=(40, "tomas")),
         chat=[(7, "tomas", "ack, on it"),
               (9, "aiko", "the mailer rejects the reset template: yesterday's template change dropped reset_url"),
               (12, "tomas", "Declaring SEV3, I'm incident commander"),
               (30, "aiko", "template reverted, reset emails are going out"),
               (36, "tomas", "back to normal")],
         log={"file": "mailer.log", "name": "mailer log",
              "hosts": ["mailer-6d9b7c5f4-%s" % h for h in ("j8pwe", "u2rmx")],
              "info": "email accepted by provider", "info_fields": mail_info,
              "baseline_err": {"type": "ProviderError", "message": "mailbox unavailable"}, "baseline_msg": "email bounced",
              "bursts": [(0, 29, 11, 15)],
              "err": {"type": "TemplateError", "message": "missing variable 'reset_url' in template password-reset"},
              "error": "template render failed", "info_every": (25, 70), "lines": []},
         responders=[("tomas", "Incident commander"), ("aiko", "Notifications engineer")],
         factors=[CF["unvalidated"], "Email templates are not rendered in CI."],
         actions=[("aiko", "Render every email template in CI with sample data", "2026-09-23", "P2", "prevent", "NTF-101", "done"),
                  ("tomas", "Status page component for login and account emails", "2026-10-14", "P3", "process", "IDN-240", "open")]),

    dict(id="INC-2141", folder="inc-2141-checkout-pool", t0=at(2026, 9, 15, 11, 58), severity="SEV1",
         title="Checkout unavailable: database connection pool exhausted", services=["checkout-api", "payments"], channel="inc-2141",
         summary="A flash sale brought four times the usual traffic; checkout-api's connection pool of 20 per pod ran out and checkout failed for 34 minutes. The primary on-call did not answer, and the page escalated after 15 minutes.",
         impact="Most checkouts failed from 18:58 to 19:32 (UTC+7), at the start of the 9/15 sale.",
         alerts=[dict(name="CheckoutLatencyHigh", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout p99 above 3 s", description="The 99th percentile of POST /v1/checkout is above 3 seconds.",
                      expr="histogram_quantile%280.99%2C+checkout_seconds%29+%3E+3", spans=[(1, 36)]),
                 dict(name="CheckoutErrorRate", labels={"service": "checkout-api", "severity": "page", "team": "payments"},
                      summary="checkout-api 5xx ratio above 5%", description="More than 5% of POST /v1/checkout requests failed for 2 minutes.",
                      expr="checkout_5xx_ratio+%3E+0.05", spans=[(2, 35)])],
         page=dict(number=4392, pd_id="Q9XD4R7MKC2WT", service="Payments Platform", title="[FIRING:1] CheckoutLatencyHigh (checkout-api page)",
                   oncall="minh", trigger=1.3, phone=[(6.3, "minh"), (11.3, "minh")], escalate=[(16.3, "linh", None)],
                   ack=[(17, "linh")], resolve=(80, "linh")),
         status=dict(name="Checkout unavailable", impact="critical", component="Checkout", level="major_outage",
                     posts=[(12, "investigating", "Many customers cannot complete checkout. We are investigating."),
                            (27, "identified", "Checkout is overloaded by sale traffic. We are adding capacity."),
                            (38, "monitoring", "Checkout is working again. We are monitoring."),
                            (70, "resolved", "This incident has been resolved. Sale prices are extended by two hours.")]),
         chat=[(9, "siti", "customers report they cannot pay, support is flooded"),
               (17.5, "linh", "ack, on it. Minh is not answering, I have the page"),
               (19, "linh", "Declaring SEV1, I'm incident commander. <@U06COK9D2FA> please join"),
               (20, "join", "chinedu"),
               (24, "chinedu", "pool max is 20 per pod and sale traffic is 4x; raising it to 60 and scaling to 12 pods"),
               (36, "chinedu", "error rate back to normal"),
               (44, "minh", "sorry, I was on the train without signal; taking over the follow-ups")],
         log=checkout_log([(0, 33, 12, 16)], {"type": "TimeoutError", "message": "timeout exceeded when trying to connect",
                                              "stack": "Error: timeout exceeded when trying to connect\n    at Timeout._onTimeout (/app/node_modules/pg-pool/index.js:198:27)"},
                          "checkout failed: timeout acquiring a database connection"),
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call (unreachable)"), ("chinedu", "Checkout engineer"),
                     ("siti", "Customer communication")],
         factors=[CF["capacity"], "The sale was not on the on-call team's calendar.",
                  "The primary on-call was unreachable and the escalation timeout is 15 minutes."],
         actions=[("chinedu", "Load-test checkout at 5x normal traffic before every sale", "2026-10-09", "P1", "prevent", "PAY-1244", "open"),
                  ("linh", "Share the marketing calendar with the on-call rotation", "2026-09-22", "P2", "process", "OPS-140", "done"),
                  ("minh", "Escalate SEV1 services' pages after 5 minutes, not 15", "2026-09-29", "P1", "mitigate", "OPS-141", "open")]),

    dict(id="INC-2145", folder="inc-2145-search-cache", t0=at(2026, 9, 22, 4, 20), severity="SEV3",
         title="Search latency after a cache node replacement", services=["search"], channel="inc-2145",
         summary="A cache node was replaced during business hours without warming; search p99 rose to 4 s until the cache refilled.",
         alerts=[dict(name="SearchLatencyHigh", labels={"service": "search", "severity": "page", "team": "search"},
                      summary="search p99 above 2 s", description="The 99th percentile of GET /v1/search is above 2 seconds for 2 minutes.",
                      expr="histogram_quantile%280.99%2C+search_seconds%29+%3E+2", spans=[(3, 21)])],
         page=dict(number=4410, pd_id="Q4TB9W2NXK6RD", service="Search", title="[FIRING:1] SearchLatencyHigh (search page)",
                   oncall="priya", trigger=3.2, ack=[(5, "priya")], resolve=(30, "priya")),
         status=dict(name="Slow product search", impact="minor", component="Search", level="degraded_performance",
                     posts=[(15, "investigating", "Product search is slower than usual. We are investigating."),
                            (23, "monitoring", "Search is fast again. We are monitoring."),
                            (33, "resolved", "This incident has been resolved.")]),
         chat=[(5.5, "priya", "ack, the cache cluster dropped everything after this morning's node replacement"),
               (8, "minh", "joining to help, I'll hold further node replacements"),
               (20, "priya", "cache warm again, latency back to normal"),
               (24, "minh", "follow-up: hold node replacements until the sale season is over")],
         responders=[("priya", "Search on-call"), ("minh", "Site reliability engineer")],
         factors=["A cache node was replaced during business hours without warming.", CF["capacity"]],
         actions=[("priya", "Warm the cache before a replaced node takes traffic", "2026-10-06", "P2", "prevent", "SRCH-371", "open"),
                  ("priya", "Schedule cache maintenance outside 08:00-22:00 local time", "2026-09-29", "P3", "process", "SRCH-372", "done")]),

    dict(id="INC-2149", folder="inc-2149-duplicate-charges", t0=at(2026, 9, 29, 7, 45), severity="SEV2",
         title="Payment capture errors and duplicate charges", services=["checkout-api", "payments"], channel="inc-2149",
         summary="The acquirer rate-limited us; immediate client retries turned a short slowdown into 19 minutes of capture errors, and 63 customers were charged twice. The errors came back for four minutes after the status page announced resolution.",
         impact="Payment capture failed for many orders for 19 minutes; 63 customers were charged twice and refunded the same day.",
         alerts=[dict(name="PaymentCaptureErrors", labels={"service": "payments", "severity": "page", "team": "payments"},
                      summary="payment capture errors above 5%", description="More than 5% of payment captures fail.",
                      expr="capture_error_ratio+%3E+0.05", spans=[(2, 21), (60, 64)])],
         page=dict(number=4433, pd_id="Q7MF2X9KRB4TN", service="Payments Platform", title="[FIRING:1] PaymentCaptureErrors (payments page)",
                   oncall="minh", trigger=2.2, ack=[(4, "minh"), (12, "chinedu")], escalate=[(10, "chinedu", "minh")],
                   resolve=(70, "minh")),
         status=dict(name="Payment errors and duplicate charges", impact="major", component="Checkout",
                     posts=[(8, "investigating", "Some payments are failing. We are investigating."),
                            (20, "identified", "Some customers may have been charged twice; duplicate charges will be refunded automatically."),
                            (28, "monitoring", "Payments are succeeding again. We are monitoring."),
                            (55, "resolved", "This incident has been resolved.")]),
         chat=[(3, "pagerduty", "[FIRING:1] PaymentCaptureErrors (payments page)"),
               (4.5, "minh", "ack, on it"),
               (6, "linh", "Declaring SEV2 for payment capture errors, Linh is IC"),
               (14, "chinedu", "clients retry without backoff and the acquirer is rate-limiting us"),
               (19, "chinedu", "retries capped, capture errors back to normal"),
               (61, "chinedu", "capture errors again for a few minutes: the retry cap is per pod"),
               (66, "chinedu", "fixed with a global cap")],
         log=checkout_log([(0, 19, 12, 18)], {"type": "HTTPError", "message": "Response code 503 (Service Unavailable)", "statusCode": 503},
                          "payment capture failed: acquirer answered 503"),
         responders=[("linh", "Incident commander"), ("minh", "Primary on-call"), ("chinedu", "Checkout engineer"),
                     ("siti", "Customer communication")],
         factors=[CF["retry"], CF["early-resolve"]],
         actions=[("chinedu", "Exponential backoff with jitter on payment capture retries", "2026-10-13", "P1", "prevent", "PAY-1260", "open"),
                  ("siti", "Refund the duplicate charges and email the 63 customers", "2026-10-02", "P1", "mitigate", "SUP-90", "done")]),

    dict(id="INC-2150", folder="inc-2150-month-end-email", t0=at(2026, 9, 30, 23, 40), severity="SEV4",
         title="Order confirmation emails delayed at month end", services=["notifications"], channel="inc-2150",
         summary="Month-end statements shared the transactional email queue and delayed order confirmations by about 30 minutes. It began at 06:40 on 1 October in UTC+7, which is still 30 September in UTC: periods are cut in UTC.",
         alerts=[dict(name="EmailQueueBacklog", labels={"queue": "transactional", "service": "notifications", "severity": "warning", "team": "notifications"},
                      summary="transactional email queue above 5,000", description="More than 5,000 emails are waiting to be sent.",
                      expr="email_queue_depth%7Bqueue%3D%22transactional%22%7D+%3E+5000", spans=[(5, 38)])],
         status=dict(name="Delayed order confirmation emails", impact="minor", component="Email notifications",
                     level="degraded_performance",
                     posts=[(20, "investigating", "Order confirmation emails are arriving late. Orders are not affected."),
                            (40, "resolved", "All delayed emails have been delivered. This incident has been resolved.")]),
         chat=[(12, "aiko", "looking into the email backlog: the month-end statements are in the same queue"),
               (14, "siti", "I'll post on the status page"),
               (36, "aiko", "statements moved to their own queue, back to normal")],
         responders=[("aiko", "Notifications engineer"), ("siti", "Customer communication")],
         factors=[CF["one-provider"], "Bulk mail (statements) and transactional mail share one queue."],
         actions=[("aiko", "Separate queues for transactional and bulk mail", None, "P2", "prevent", "NTF-110", "open")]),
]


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    for inc in sorted(INCIDENTS, key=lambda i: i["t0"]):
        counts = build(inc)
        print("%-34s %s %-4s %s" % (inc["folder"], iso_z(inc["t0"]), inc["severity"],
                                     " ".join("%s=%d" % kv for kv in counts.items())))


if __name__ == "__main__":
    main()

/* gendocs.c -- writes the benchmark's inputs for every importer of
 * importers/registry.c that reads a file (README, "Benchmarks"): one record
 * template per format, repeated with varying times, ids and texts, wrapped in
 * the format's document (a JSON array, an object's list, an Atom feed, a CSV
 * header); and a Slack export of many messages (mostly bot messages of a few
 * templates, a few hundred from people) in one channel folder of day files.
 *
 * usage: gendocs --list                      (the formats, one a line)
 *        gendocs FORMAT PATH MIB             (about MIB MiB of FORMAT)
 *        gendocs slack-export DIR MESSAGES HUMANS
 * (FORMAT grafana-history writes a state history frame, column by column.)
 * FORMAT PATH MIB prints "FROM TO RECORDS LARGEST" (RFC 3339 window covering
 * every record, the number of records, the largest record in bytes);
 * slack-export prints "FROM TO". The records lie in 2026-11-20, evenly
 * spread, in time order. Deterministic: same arguments, same bytes. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "gencommon.h"

/* 2026-11-20T00:00:00Z, and the span the records cover. */
#define DAY_S INT64_C(1795132800)
#define SPAN_S INT64_C(86400)

typedef struct fmt {
    const char *name; /* as importers/registry.c names it */
    const char *head; /* before the first record */
    const char *rec;  /* one record; codes below */
    const char *sep;  /* between records */
    const char *tail; /* after the last */
    const char *alt;  /* every alt_every-th record instead of rec (people among bots) */
    unsigned alt_every;
} fmt;

/* Codes in a template, for the record at instant t (microseconds) with
 * sequence number i:
 *   %T 2026-11-20T14:02:03Z     %F the same with milliseconds   %Z with nanoseconds
 *   %E RFC 3339 five minutes later (an alert's end)
 *   %s %m %u %n epoch seconds, milliseconds, microseconds, nanoseconds
 *   %S Slack's "1795183320.000100"   %y syslog "Nov 20 14:02:03"
 *   %a access log "20/Nov/2026:14:02:03 +0000"   %d "2026-11-20 14:02:03"
 *   %c "2026-11-20 14:02:03,123" (log4j)   %i the sequence number
 *   %h 16 hex digits   %w a host   %x a message text that varies   %% a % */
static const fmt formats[] = {
    {"slack", "[\n",
     "{\"type\":\"message\",\"subtype\":\"bot_message\",\"bot_id\":\"B01PD\",\"username\":"
     "\"PagerDuty\",\"text\":\"\",\"attachments\":[{\"fallback\":\"[Triggered] %x\",\"color\":"
     "\"danger\",\"title\":\"Checkout 5xx above 5%% on %w\",\"title_link\":\"https://"
     "pd.example.com/incidents/P%i\",\"fields\":[{\"title\":\"Service\",\"value\":"
     "\"checkout-api\",\"short\":true},{\"title\":\"Urgency\",\"value\":\"high\",\"short\":"
     "true}]}],\"ts\":\"%S\"}",
     ",\n", "\n]\n",
     "{\"type\":\"message\",\"user\":\"U01LINH\",\"text\":\"looking at %x on %w\",\"ts\":"
     "\"%S\",\"client_msg_id\":\"%h\",\"team\":\"T01\",\"user_team\":\"T01\",\"user_profile\":"
     "{\"real_name\":\"Linh Tran\",\"display_name\":\"linh\",\"name\":\"linh\"}}",
     50},
    {"mattermost",
     "{\"type\":\"version\",\"version\":1}\n{\"type\":\"team\",\"team\":{\"name\":\"shop\","
     "\"display_name\":\"Shop\",\"type\":\"O\"}}\n{\"type\":\"channel\",\"channel\":{\"team\":"
     "\"shop\",\"name\":\"inc-bench\",\"display_name\":\"INC bench\",\"type\":\"O\"}}\n"
     "{\"type\":\"user\",\"user\":{\"username\":\"linh\",\"first_name\":\"Linh\",\"last_name\":"
     "\"Tran\"}}\n",
     "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc-bench\",\"user\":"
     "\"linh\",\"message\":\"%x on %w\",\"create_at\":%m,\"reactions\":null,\"replies\":null}}",
     "\n", "\n", NULL, 0},
    {"teams",
     "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#teams('x')/"
     "channels('y')/messages\",\"value\":[\n",
     "{\"@odata.type\":\"#microsoft.graph.chatMessage\",\"id\":\"%m%i\",\"replyToId\":null,"
     "\"etag\":\"%m\",\"messageType\":\"message\",\"createdDateTime\":\"%F\","
     "\"lastModifiedDateTime\":\"%F\",\"lastEditedDateTime\":null,\"deletedDateTime\":null,"
     "\"subject\":null,\"importance\":\"normal\",\"locale\":\"en-us\",\"from\":{\"application\":"
     "null,\"device\":null,\"user\":{\"id\":\"b2b2b2b2-0000-0000-0000-000000000002\","
     "\"displayName\":\"Sam Okafor\",\"userIdentityType\":\"aadUser\"}},\"body\":{"
     "\"contentType\":\"html\",\"content\":\"<div>%x on %w</div>\"},\"attachments\":[],"
     "\"mentions\":[],\"reactions\":[]}",
     ",\n", "\n]}\n", NULL, 0},
    {"discord",
     "{\"guild\":{\"id\":\"900\",\"name\":\"Shop Ops\"},\"channel\":{\"id\":\"950\",\"type\":"
     "\"GuildTextChat\",\"category\":\"incidents\",\"name\":\"inc-bench\",\"topic\":null},"
     "\"exportedAt\":\"2026-11-21T00:00:00+00:00\",\"messages\":[\n",
     "{\"id\":\"1%m\",\"type\":\"Default\",\"timestamp\":\"%F\",\"timestampEdited\":null,"
     "\"isPinned\":false,\"content\":\"%x on %w\",\"author\":{\"id\":\"11\",\"name\":\"linh.t\","
     "\"discriminator\":\"0000\",\"nickname\":\"Linh Tran\",\"isBot\":false,\"roles\":[]},"
     "\"attachments\":[],\"embeds\":[],\"stickers\":[],\"reactions\":[],\"mentions\":[]}",
     ",\n", "\n]}\n", NULL, 0},
    {"telegram",
     "{\"name\":\"INC bench\",\"type\":\"private_supergroup\",\"id\":1700000001,"
     "\"messages\":[\n",
     "{\"id\":%i,\"type\":\"message\",\"date\":\"%d\",\"date_unixtime\":\"%s\",\"from\":"
     "\"Linh Tran\",\"from_id\":\"user101\",\"text\":\"%x on %w\",\"text_entities\":[{\"type\":"
     "\"plain\",\"text\":\"%x\"}]}",
     ",\n", "\n]}\n", NULL, 0},
    {"irc", "", "%d\tlinh\t%x on %w", "\n", "\n", NULL, 0},
    {"pagerduty", "{\"log_entries\":[\n",
     "{\"id\":\"R%h\",\"type\":\"trigger_log_entry\",\"summary\":\"Triggered through the API: "
     "%x\",\"self\":\"https://api.pagerduty.com/log_entries/R%h\",\"html_url\":null,"
     "\"created_at\":\"%T\",\"agent\":{\"id\":\"PSVC001\",\"type\":\"service_reference\","
     "\"summary\":\"checkout-api\"},\"channel\":{\"type\":\"api\",\"summary\":\"%x\"},"
     "\"service\":{\"id\":\"PCHK001\",\"type\":\"service_reference\",\"summary\":"
     "\"checkout-api\"},\"incident\":{\"id\":\"Q%i\",\"type\":\"incident_reference\","
     "\"summary\":\"[#%i] Checkout 5xx above 5%% on %w\"},\"teams\":[],\"contexts\":[],"
     "\"event_details\":{\"description\":\"Checkout 5xx above 5%% on %w\"}}",
     ",\n", "\n],\"limit\":100,\"offset\":0,\"more\":false,\"total\":null}\n", NULL, 0},
    {"alertmanager", "",
     "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"HighLatency\\\"}\",\"status\":"
     "\"firing\",\"receiver\":\"ops\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
     "\"alertname\":\"HighLatency\",\"service\":\"checkout\",\"instance\":\"%w\"},"
     "\"annotations\":{\"summary\":\"%x\"},\"startsAt\":\"%T\",\"endsAt\":\"%E\","
     "\"generatorURL\":\"http://prometheus:9090/graph\",\"fingerprint\":\"%h\"}]}",
     "\n", "\n", NULL, 0},
    /* one payload, one account export: records one level down, or three */
    {"alertmanager-payload",
     "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"ops\",\"alerts\":[\n",
     "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":"
     "\"checkout\",\"instance\":\"%w\"},\"annotations\":{\"summary\":\"%x\"},\"startsAt\":"
     "\"%T\",\"endsAt\":\"%E\",\"generatorURL\":\"http://prometheus:9090/graph\","
     "\"fingerprint\":\"%h\"}",
     ",\n",
     "\n],\"groupLabels\":{},\"commonLabels\":{\"service\":\"checkout\"},\"externalURL\":"
     "\"http://am:9093\",\"groupKey\":\"{}:{}\"}\n",
     NULL, 0},
    {"grafana-payload",
     "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"alerts\":[\n",
     "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":"
     "\"%w\"},\"annotations\":{\"summary\":\"%x\"},\"startsAt\":\"%T\",\"endsAt\":"
     "\"%E\",\"generatorURL\":\"http://grafana:3000/alerting/grafana/x/view\","
     "\"fingerprint\":\"%h\",\"silenceURL\":\"http://grafana:3000/alerting/silence/new\","
     "\"dashboardURL\":\"\",\"panelURL\":\"\",\"values\":{\"B\":0.07},\"valueString\":"
     "\"[ var='B' value=0.07 ]\"}",
     ",\n",
     "\n],\"groupLabels\":{},\"commonLabels\":{},\"externalURL\":\"http://grafana:3000/\","
     "\"version\":\"1\",\"groupKey\":\"{}:{}\",\"title\":\"[FIRING] HighLatency\","
     "\"state\":\"alerting\",\"message\":\"\"}\n",
     NULL, 0},
    {"telegram-account",
     "{\"about\":\"Here is the data you requested.\",\"personal_information\":{\"user_id\":"
     "101},\"chats\":{\"about\":\"chats\",\"list\":[{\"name\":\"INC bench\",\"type\":"
     "\"private_supergroup\",\"id\":1700000001,\"messages\":[\n",
     "{\"id\":%i,\"type\":\"message\",\"date\":\"%d\",\"date_unixtime\":\"%s\",\"from\":"
     "\"Linh Tran\",\"from_id\":\"user101\",\"text\":\"%x on %w\",\"text_entities\":[{\"type\":"
     "\"plain\",\"text\":\"%x\"}]}",
     ",\n", "\n]}]},\"left_chats\":{\"about\":\"left\",\"list\":[]}}\n", NULL, 0},
    /* the same messages in the left chats, written before the chats (read
     * chats first, as the whole read reads them) */
    {"telegram-leftchats",
     "{\"about\":\"Here is the data you requested.\",\"personal_information\":{\"user_id\":"
     "101},\"left_chats\":{\"about\":\"left\",\"list\":[{\"name\":\"INC bench\",\"type\":"
     "\"private_supergroup\",\"id\":1700000001,\"messages\":[\n",
     "{\"id\":%i,\"type\":\"message\",\"date\":\"%d\",\"date_unixtime\":\"%s\",\"from\":"
     "\"Linh Tran\",\"from_id\":\"user101\",\"text\":\"%x on %w\",\"text_entities\":[{\"type\":"
     "\"plain\",\"text\":\"%x\"}]}",
     ",\n",
     "\n]}]},\"chats\":{\"about\":\"chats\",\"list\":[{\"name\":\"ops\",\"type\":"
     "\"private_group\",\"id\":5,\"messages\":[]}]}}\n",
     NULL, 0},
    /* a chat export (one message of its own) that also holds an account's
     * "chats" with the messages: read for their errors only */
    {"telegram-withchats",
     "{\"name\":\"INC bench\",\"type\":\"private_supergroup\",\"id\":1700000001,\"messages\":"
     "[{\"id\":1,\"type\":\"message\",\"date_unixtime\":\"1795132800\",\"from\":\"Linh "
     "Tran\",\"text\":\"opened\"}],\"chats\":{\"about\":\"chats\",\"list\":[{\"name\":"
     "\"old\",\"type\":\"private_group\",\"id\":5,\"messages\":[\n",
     "{\"id\":%i,\"type\":\"message\",\"date\":\"%d\",\"date_unixtime\":\"%s\",\"from\":"
     "\"Linh Tran\",\"from_id\":\"user101\",\"text\":\"%x on %w\",\"text_entities\":[{\"type\":"
     "\"plain\",\"text\":\"%x\"}]}",
     ",\n", "\n]}]}}\n", NULL, 0},
    /* a state history frame: columns, not records (head NULL: frame()) */
    {"grafana-history", NULL,
     "{\"schemaVersion\":1,\"previous\":\"Pending\",\"current\":\"Alerting\",\"values\":{"
     "\"B\":0.07},\"condition\":\"B\",\"dashboardUID\":\"\",\"panelID\":0,\"fingerprint\":"
     "\"%h\",\"ruleTitle\":\"%x on %w\",\"ruleID\":%i,\"ruleUID\":\"u%h\",\"labels\":{"
     "\"alertname\":\"HighLatency\",\"instance\":\"%w\"}}",
     ",\n", NULL, NULL, 0},
    {"statuspage",
     "{\"page\":{\"id\":\"y2j98763l56x\",\"name\":\"Acme Cloud\",\"url\":"
     "\"https://status.acme.example\",\"time_zone\":\"Etc/UTC\",\"updated_at\":"
     "\"2026-11-21T00:00:00.000Z\"},\"incidents\":[\n",
     "{\"id\":\"k%h\",\"name\":\"Checkout failures on %w\",\"status\":\"resolved\",\"impact\":"
     "\"major\",\"created_at\":\"%F\",\"updated_at\":\"%F\",\"resolved_at\":\"%F\",\"shortlink\":"
     "\"https://stspg.io/%i\",\"started_at\":\"%F\",\"page_id\":\"y2j98763l56x\","
     "\"incident_updates\":[{\"id\":\"u%h\",\"status\":\"investigating\",\"body\":\"We are "
     "investigating %x.\",\"incident_id\":\"k%h\",\"created_at\":\"%F\",\"updated_at\":\"%F\","
     "\"display_at\":\"%F\",\"affected_components\":[{\"code\":\"c1\",\"name\":\"Checkout API\","
     "\"old_status\":\"operational\",\"new_status\":\"major_outage\"}],"
     "\"deliver_notifications\":true}],\"components\":[{\"id\":\"c1\",\"name\":\"Checkout "
     "API\",\"status\":\"operational\"}]}",
     ",\n", "\n]}\n", NULL, 0},
    {"statuspage-feed",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xml:lang=\"en-US\" "
     "xmlns=\"http://www.w3.org/2005/Atom\">\n<id>tag:status.acme.example,2005:/history</id>\n"
     "<title>Acme Cloud Status - Incident History</title>\n"
     "<updated>2026-11-21T00:00:00Z</updated>\n",
     "<entry><id>tag:status.acme.example,2005:Incident/%i</id><published>%T</published>"
     "<updated>%T</updated><link rel=\"alternate\" type=\"text/html\" "
     "href=\"https://status.acme.example/incidents/%h\"/><title>Checkout failures on "
     "%w</title><content type=\"html\">&lt;p&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - "
     "We are investigating %x.&lt;/p&gt;</content></entry>",
     "\n", "\n</feed>\n", NULL, 0},
    {"cachet", "{\"meta\":{\"pagination\":{\"total\":1,\"count\":1,\"per_page\":20}},\"data\":[\n",
     "{\"id\":%i,\"component_id\":3,\"name\":\"Checkout failures on %w\",\"status\":1,"
     "\"visible\":1,\"message\":\"We are investigating %x.\",\"occurred_at\":\"%d\","
     "\"created_at\":\"%d\",\"updated_at\":\"%d\",\"deleted_at\":null,\"human_status\":"
     "\"Investigating\",\"updates\":[{\"id\":%i,\"incident_id\":%i,\"status\":2,\"message\":"
     "\"Identified: %x\",\"created_at\":\"%d\",\"updated_at\":\"%d\",\"human_status\":"
     "\"Identified\"}]}",
     ",\n", "\n]}\n", NULL, 0},
    {"csv", "Created,Author,Status,Message,Ticket\n", "%T,Linh Tran,Comment,\"%x on %w\",OPS-%i",
     "\n", "\n", NULL, 0},
    {"jsonlines", "",
     "{\"time\":\"%F\",\"level\":\"INFO\",\"hostname\":\"%w\",\"service\":\"checkout\","
     "\"pid\":4242,\"msg\":\"%x\",\"trace_id\":\"%h\"}",
     "\n", "\n", NULL, 0},
    {"syslog", "", "%y %w checkout[4242]: INFO %x", "\n", "\n", NULL, 0},
    {"logfmt", "", "time=\"%F\" level=info msg=\"%x\" service=checkout host=%w trace=%h", "\n",
     "\n", NULL, 0},
    {"access", "",
     "10.0.0.7 - - [%a] \"GET /api/cart?id=%i HTTP/1.1\" 200 5120 \"https://shop.example.com/\" "
     "\"Mozilla/5.0 (X11; Linux x86_64)\"",
     "\n", "\n", NULL, 0},
    {"journald", "",
     "{\"__CURSOR\":\"s=1;i=%i\",\"__REALTIME_TIMESTAMP\":\"%u\",\"PRIORITY\":\"6\","
     "\"_HOSTNAME\":\"%w\",\"SYSLOG_IDENTIFIER\":\"checkout\",\"_PID\":\"42\","
     "\"_SYSTEMD_UNIT\":\"checkout.service\",\"MESSAGE\":\"%x\"}",
     "\n", "\n", NULL, 0},
    {"cri", "", "%Z stdout F %x host=%w", "\n", "\n", NULL, 0},
    {"k8s-events", "",
     "{\"kind\":\"Event\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p.%h\",\"namespace\":"
     "\"shop\",\"uid\":\"u%h\"},\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"shop\","
     "\"name\":\"checkout-%w\"},\"reason\":\"BackOff\",\"message\":\"%x\",\"firstTimestamp\":"
     "\"%T\",\"lastTimestamp\":\"%T\",\"count\":1,\"type\":\"Normal\"}",
     "\n", "\n", NULL, 0},
    {"otlp", "",
     "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{"
     "\"stringValue\":\"checkout\"}},{\"key\":\"host.name\",\"value\":{\"stringValue\":"
     "\"%w\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"com.example.pay\"},\"logRecords\":[{"
     "\"timeUnixNano\":\"%n\",\"severityNumber\":9,\"severityText\":\"INFO\",\"body\":{"
     "\"stringValue\":\"%x\"},\"traceId\":\"%h%h\",\"spanId\":\"%h\"}]}]}]}",
     "\n", "\n", NULL, 0},
    /* one export request: its records read record by record (jsonstream.h) */
    {"otlp-document",
     "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
     "{\"stringValue\":\"checkout\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":"
     "\"com.example.pay\"},\"logRecords\":[\n",
     "{\"timeUnixNano\":\"%n\",\"severityNumber\":9,\"severityText\":\"INFO\",\"body\":{"
     "\"stringValue\":\"%x on %w\"},\"traceId\":\"%h%h\",\"spanId\":\"%h\"}",
     ",\n", "\n]}]}]}\n", NULL, 0},
    {"textlog", "", "%c INFO [main] c.e.shop.Payment - %x on %w", "\n", "\n", NULL, 0},
    {"prometheus", "",
     "{__name__=\"http_requests_total\", instance=\"%w:9090\", job=\"api\"} %i %m", "\n", "\n",
     NULL, 0},
    /* one query_range response: read series by series (jsonstream.h) */
    {"prometheus-range",
     "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[\n",
     "{\"metric\":{\"__name__\":\"http_requests_total\",\"instance\":\"%w:9090\","
     "\"job\":\"api\",\"shard\":\"%i\"},\"values\":[[%s,\"%i\"],[%s.5,\"%i\"]]}",
     ",\n", "\n]}}\n", NULL, 0},
    {"cloudwatch-metrics", "{\"MetricDataResults\":[\n",
     "{\"Id\":\"m%i\",\"Label\":\"checkout 5XX ratio %w\",\"Timestamps\":[\"%T\"],\"Values\":"
     "[0.%i],\"StatusCode\":\"Complete\"}",
     ",\n", "\n],\"Messages\":[]}\n", NULL, 0},
    {"grafana-csv", "Series;Time;Value\n", "\"p99 %w\";%T;0.%i", "\n", "\n", NULL, 0},
    {"cloudwatch-logs", "{\"events\":[\n",
     "{\"logStreamName\":\"checkout/checkout-api/%w\",\"timestamp\":%m,\"message\":\"%x\","
     "\"ingestionTime\":%m,\"eventId\":\"3791621394186238345293187%i\"}",
     ",\n", "\n],\"searchedLogStreams\":[]}\n", NULL, 0},
    {"elasticsearch", "",
     "{\"_index\":\"app\",\"_type\":\"_doc\",\"_id\":\"%h\",\"_score\":1,\"_source\":{"
     "\"@timestamp\":\"%F\",\"message\":\"%x\",\"log.level\":\"INFO\",\"host.name\":\"%w\"}}",
     "\n", "\n", NULL, 0},
    /* one _search response: its hits read hit by hit (jsonstream.h) */
    {"elasticsearch-search",
     "{\"took\":41,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,"
     "\"skipped\":0,\"failed\":0},\"hits\":{\"total\":{\"value\":10000,\"relation\":"
     "\"gte\"},\"max_score\":null,\"hits\":[\n",
     "{\"_index\":\"app\",\"_type\":\"_doc\",\"_id\":\"%h\",\"_score\":null,\"_source\":{"
     "\"@timestamp\":\"%F\",\"message\":\"%x\",\"log.level\":\"INFO\",\"host.name\":\"%w\"},"
     "\"sort\":[%m]}",
     ",\n", "\n]}}\n", NULL, 0},
    /* one query_range response: its values read value by value (jsonstream.h) */
    {"loki-query",
     "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":"
     "{\"app\":\"checkout\",\"namespace\":\"shop\",\"pod\":\"checkout-7d9f\"},\"values\":[\n",
     "[\"%n\",\"level=info msg=\\\"%x\\\" host=%w\"]", ",\n", "\n]}],\"stats\":{}}}\n", NULL, 0},
    {"loki", "",
     "{\"labels\":{\"app\":\"checkout\",\"namespace\":\"shop\",\"pod\":\"checkout-%w\"},"
     "\"line\":\"level=info msg=\\\"%x\\\"\",\"timestamp\":\"%Z\"}",
     "\n", "\n", NULL, 0},
    {"grafana", "",
     "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"alerts\":[{"
     "\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"%w\"},"
     "\"annotations\":{\"summary\":\"%x\"},\"startsAt\":\"%T\",\"endsAt\":"
     "\"0001-01-01T00:00:00Z\",\"fingerprint\":\"%h\"}]}",
     "\n", "\n", NULL, 0},
    {"opsgenie", "",
     "{\"action\":\"Create\",\"alert\":{\"alertId\":\"%h\",\"message\":\"%x\",\"tags\":["
     "\"checkout\"],\"tinyId\":\"%i\",\"entity\":\"%w\",\"alias\":\"a%h\",\"createdAt\":%m,"
     "\"updatedAt\":%n,\"username\":\"System\",\"priority\":\"P2\"},\"source\":{\"name\":"
     "\"Prometheus\",\"type\":\"integration\"},\"integrationName\":\"Prometheus\"}",
     "\n", "\n", NULL, 0},
    {"datadog", "{\"events\":[\n",
     "{\"id\":%i,\"id_str\":\"%i\",\"date_happened\":%s,\"title\":\"[Triggered on {host:%w}] "
     "Checkout 5xx rate\",\"text\":\"%x\",\"alert_type\":\"error\",\"priority\":\"normal\","
     "\"source_type_name\":\"Monitor Alert\",\"host\":\"%w\",\"monitor_id\":4411,\"tags\":["
     "\"service:checkout\"]}",
     ",\n", "\n]}\n", NULL, 0},
    {"cloudwatch-alarms", "{\"AlarmHistoryItems\":[\n",
     "{\"AlarmName\":\"checkout-5xx-%w\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":\"%F\","
     "\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":\"Alarm updated from OK to "
     "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
     "\\\"stateValue\\\":\\\"OK\\\",\\\"stateReason\\\":\\\"ok\\\"},\\\"newState\\\":{"
     "\\\"stateValue\\\":\\\"ALARM\\\",\\\"stateReason\\\":\\\"%x\\\"}}\"}",
     ",\n", "\n]}\n", NULL, 0},
    {"zabbix", "[\n",
     "{\"eventid\":\"%i\",\"source\":\"0\",\"object\":\"0\",\"objectid\":\"23001\",\"clock\":"
     "\"%s\",\"ns\":\"0\",\"value\":\"1\",\"r_eventid\":\"0\",\"name\":\"%x on %w\","
     "\"severity\":\"4\"}",
     ",\n", "\n]\n", NULL, 0},
    {"nagios", "", "[%s] SERVICE ALERT: %w;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: %x", "\n", "\n",
     NULL, 0},
};
#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

static const char *const hosts[] = {"web-1", "web-2", "web-3", "db-1", "cache-1", "worker-7"};
/* A few templates, as bots and logs repeat themselves; the numbers vary. */
static const char *const texts[] = {
    "request completed path=/api/cart status=200 took_ms=%u",
    "payment authorisation failed order=%u code=504 upstream=payments-db",
    "cache refreshed keys=%u",
    "checkout p99 latency %u ms above threshold",
    "retrying request attempt=%u upstream=payments-api",
};

typedef struct out {
    char *buf;
    size_t len, cap;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->buf = realloc(o->buf, o->cap);
        if (!o->buf) {
            perror("gendocs");
            exit(1);
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void putf(out *o, const char *form, ...) __attribute__((format(printf, 2, 3)));
static void putf(out *o, const char *form, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, form);
    int n = vsnprintf(tmp, sizeof(tmp), form, ap);
    va_end(ap);
    put(o, tmp, n < 0 ? 0 : (size_t)n);
}

static void rfc3339(out *o, int64_t us, int digits)
{
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char b[32];
    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
    put(o, b, strlen(b));
    if (digits == 3)
        putf(o, ".%03d", (int)(us / 1000 % 1000));
    else if (digits == 9)
        putf(o, ".%06d%03d", (int)(us % 1000000), (int)(next() % 1000));
    put(o, "Z", 1);
}

/* Appends template tpl expanded for instant us and sequence number i. */
static void expand(out *o, const char *tpl, int64_t us, uint64_t i)
{
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char b[64];
    for (const char *p = tpl; *p; p++) {
        const char *q = strchr(p, '%');
        if (!q) {
            put(o, p, strlen(p));
            break;
        }
        put(o, p, (size_t)(q - p));
        p = q + 1;
        switch (*p) {
        case 'T':
            rfc3339(o, us, 0);
            break;
        case 'F':
            rfc3339(o, us, 3);
            break;
        case 'Z':
            rfc3339(o, us, 9);
            break;
        case 'E':
            rfc3339(o, us + INT64_C(300000000), 0);
            break;
        case 's':
            putf(o, "%" PRId64, us / 1000000);
            break;
        case 'm':
            putf(o, "%" PRId64, us / 1000);
            break;
        case 'u':
            putf(o, "%" PRId64, us);
            break;
        case 'n':
            putf(o, "%" PRId64 "%03u", us, (unsigned)(next() % 1000));
            break;
        case 'S':
            putf(o, "%" PRId64 ".%06d", us / 1000000, (int)(us % 1000000));
            break;
        case 'y':
            strftime(b, sizeof(b), "%b %e %H:%M:%S", &tm);
            put(o, b, strlen(b));
            break;
        case 'a':
            strftime(b, sizeof(b), "%d/%b/%Y:%H:%M:%S +0000", &tm);
            put(o, b, strlen(b));
            break;
        case 'd':
            strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm);
            put(o, b, strlen(b));
            break;
        case 'c':
            strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm);
            put(o, b, strlen(b));
            putf(o, ",%03d", (int)(us / 1000 % 1000));
            break;
        case 'i':
            putf(o, "%" PRIu64, i);
            break;
        case 'h':
            putf(o, "%016" PRIx64, next());
            break;
        case 'w': {
            const char *h = hosts[next() % 6];
            put(o, h, strlen(h));
            break;
        }
        case 'x':
            putf(o, texts[i % 5], (unsigned)(next() % 100000));
            break;
        case '%':
            put(o, "%", 1);
            break;
        default:
            fprintf(stderr, "gendocs: bad code %%%c in a template\n", *p);
            exit(2);
        }
    }
}

static const fmt *find(const char *name)
{
    for (size_t k = 0; k < N_FORMATS; k++)
        if (strcmp(formats[k].name, name) == 0)
            return &formats[k];
    return NULL;
}

/* Writes records of f to fp from instant from_us, step_us apart, n of them
 * (sequence numbers first..): the separators between them, not the head or
 * tail. Returns the largest record's length. */
static size_t records(FILE *fp, const fmt *f, int64_t from_us, int64_t step_us, uint64_t first,
                      uint64_t n, out *o)
{
    size_t largest = 0;
    for (uint64_t k = 0; k < n; k++) {
        uint64_t i = first + k;
        o->len = 0;
        if (k > 0)
            put(o, f->sep, strlen(f->sep));
        size_t at = o->len;
        expand(o, f->alt && f->alt_every && i % f->alt_every == 0 ? f->alt : f->rec,
               from_us + (int64_t)k * step_us, i);
        if (o->len - at > largest)
            largest = o->len - at;
        fwrite(o->buf, 1, o->len, fp);
    }
    return largest;
}

/* About mib MiB of format f in path, its records spread over the day. */
/* How many records of f, each with `extra` bytes beside its template's,
 * make about mib MiB (from the mean of the first 100): at least one. */
static uint64_t records_for(const fmt *f, uint64_t mib, size_t extra, out *o)
{
    uint64_t sample = 0;
    for (uint64_t i = 1; i <= 100; i++) {
        o->len = 0;
        expand(o, f->rec, DAY_S * 1000000, i);
        sample += o->len + strlen(f->sep) + extra;
    }
    uint64_t n = (mib << 20) / (sample / 100);
    return n ? n : 1;
}

/* path opened for writing with a 1 MiB buffer, or NULL (said on stderr). */
static FILE *open_out(const char *path)
{
    static char buf[1 << 20];
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        perror(path);
        return NULL;
    }
    setvbuf(fp, buf, _IOFBF, sizeof(buf));
    return fp;
}

/* Closes what open_out opened and prints the window, the number of records
 * and the largest: 0, or 1 when the file could not be written. */
static int close_out(FILE *fp, const char *path, uint64_t n, size_t largest)
{
    if (fclose(fp) != 0) {
        perror(path);
        return 1;
    }
    print_window(DAY_S, DAY_S + SPAN_S);
    printf(" %" PRIu64 " %zu\n", n, largest);
    return 0;
}

static int one(const fmt *f, const char *path, uint64_t mib)
{
    out o = {0};
    uint64_t n = records_for(f, mib, 0, &o);
    int64_t step_us = SPAN_S * 1000000 / (int64_t)n;
    FILE *fp = open_out(path);
    if (!fp) {
        free(o.buf);
        return 1;
    }
    fputs(f->head, fp);
    size_t largest = records(fp, f, DAY_S * 1000000, step_us, 1, n, &o);
    fputs(f->tail, fp);
    free(o.buf);
    return close_out(fp, path, n, largest);
}

/* About mib MiB of a Grafana state history frame (GET /api/v1/rules/history)
 * in path: row i is element i of each column, so the frame is written
 * column by column: the times (epoch ms), the entries (f->rec), the stream
 * labels, then the frame's "nanos" of the time column. */
static int frame(const fmt *f, const char *path, uint64_t mib)
{
    static const char labels[] = "{\"from\":\"state-history\",\"orgID\":\"1\"}";
    out o = {0};
    uint64_t n = records_for(f, mib, 15 + sizeof(labels) + 3, &o);
    int64_t step_us = SPAN_S * 1000000 / (int64_t)n;
    FILE *fp = open_out(path);
    if (!fp) {
        free(o.buf);
        return 1;
    }
    fputs("{\"schema\":{\"name\":\"states\",\"fields\":[{\"name\":\"time\",\"type\":\"time\"},"
          "{\"name\":\"line\",\"type\":\"other\"},{\"name\":\"labels\",\"type\":\"other\"}]},"
          "\"data\":{\"values\":[\n[",
          fp);
    for (uint64_t k = 0; k < n; k++)
        fprintf(fp, "%s%" PRId64, k ? "," : "", (DAY_S * 1000000 + (int64_t)k * step_us) / 1000);
    fputs("],\n[\n", fp);
    size_t largest = records(fp, f, DAY_S * 1000000, step_us, 1, n, &o);
    fputs("\n],\n[", fp);
    for (uint64_t k = 0; k < n; k++)
        fprintf(fp, "%s%s", k ? "," : "", labels);
    fputs("]],\n\"nanos\":[[", fp);
    for (uint64_t k = 0; k < n; k++)
        fputs(k ? ",0" : "0", fp);
    fputs("],null,null]}}\n", fp);
    free(o.buf);
    return close_out(fp, path, n, largest);
}

/* A Slack export: users.json, channels.json and the channel folder
 * inc-bench/ of day files, messages spread from 12:00 UTC on 2026-11-20 to
 * 12:00 the next day (two day files), one in every messages/humans from a
 * person, the others bot messages. */
static int slack_export(const char *dir, uint64_t messages, uint64_t humans)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/inc-bench", dir);
    mkdir(dir, 0755);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/users.json", dir);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        return 1;
    }
    fputs("[{\"id\":\"U01LINH\",\"name\":\"linh\",\"real_name\":\"Linh Tran\","
          "\"profile\":{\"real_name\":\"Linh Tran\",\"display_name\":\"linh\"}}]\n",
          fp);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/channels.json", dir);
    if (!(fp = fopen(path, "w"))) {
        perror(path);
        return 1;
    }
    fputs("[{\"id\":\"C01INC\",\"name\":\"inc-bench\",\"created\":1795132800,"
          "\"members\":[\"U01LINH\"]}]\n",
          fp);
    fclose(fp);
    fmt f = *find("slack");
    f.alt_every = humans ? (unsigned)(messages / humans) : 0;
    if (f.alt_every == 0 && humans)
        f.alt_every = 1;
    int64_t from_us = (DAY_S + SPAN_S / 2) * 1000000;
    int64_t step_us = SPAN_S * 1000000 / (int64_t)(messages ? messages : 1);
    /* the first day file holds the messages before midnight */
    uint64_t first_day = (uint64_t)((SPAN_S / 2) * 1000000 / step_us);
    if (first_day > messages)
        first_day = messages;
    out o = {0};
    for (int d = 0; d < 2; d++) {
        snprintf(path, sizeof(path), "%s/inc-bench/2026-11-%d.json", dir, 20 + d);
        if (!(fp = open_out(path))) {
            free(o.buf);
            return 1;
        }
        fputs(f.head, fp);
        uint64_t first = d == 0 ? 0 : first_day;
        uint64_t n = d == 0 ? first_day : messages - first_day;
        records(fp, &f, from_us + (int64_t)first * step_us, step_us, first + 1, n, &o);
        fputs(f.tail, fp);
        if (fclose(fp) != 0) {
            perror(path);
            return 1;
        }
    }
    free(o.buf);
    print_window(DAY_S + SPAN_S / 2, DAY_S + SPAN_S / 2 + SPAN_S);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t k = 0; k < N_FORMATS; k++)
            puts(formats[k].name);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "slack-export") == 0)
        return slack_export(argv[2], strtoull(argv[3], NULL, 10), strtoull(argv[4], NULL, 10));
    if (argc == 4) {
        const fmt *f = find(argv[1]);
        if (!f) {
            fprintf(stderr, "gendocs: no template for format '%s'\n", argv[1]);
            return 2;
        }
        if (!f->head)
            return frame(f, argv[2], strtoull(argv[3], NULL, 10));
        return one(f, argv[2], strtoull(argv[3], NULL, 10));
    }
    fprintf(stderr, "usage: gendocs --list | FORMAT PATH MIB | slack-export DIR MESSAGES HUMANS\n");
    return 2;
}

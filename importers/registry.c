/* registry.c -- the table of importers, one line each (tmux's cmd_table). */
#include "importer.h"

#include <string.h>

extern const rg_importer rg_importer_slack;
extern const rg_importer rg_importer_mattermost;
extern const rg_importer rg_importer_teams;
extern const rg_importer rg_importer_discord;
extern const rg_importer rg_importer_telegram;
extern const rg_importer rg_importer_irc;
extern const rg_importer rg_importer_pagerduty;
extern const rg_importer rg_importer_alertmanager;
extern const rg_importer rg_importer_statuspage;
extern const rg_importer rg_importer_statuspage_feed;
extern const rg_importer rg_importer_cachet;
extern const rg_importer rg_importer_csv;
extern const rg_importer rg_importer_jsonlines;
extern const rg_importer rg_importer_syslog;
extern const rg_importer rg_importer_logfmt;
extern const rg_importer rg_importer_access;
extern const rg_importer rg_importer_journald;
extern const rg_importer rg_importer_cri;
extern const rg_importer rg_importer_k8s_events;
extern const rg_importer rg_importer_otlp;
extern const rg_importer rg_importer_textlog;
extern const rg_importer rg_importer_prometheus;
extern const rg_importer rg_importer_cloudwatch_metrics;
extern const rg_importer rg_importer_grafana_csv;
extern const rg_importer rg_importer_cloudwatch_logs;
extern const rg_importer rg_importer_elasticsearch;
extern const rg_importer rg_importer_loki;

/* One line each, so adding a format is a one-line change (and merge). */
extern const rg_importer rg_importer_grafana;
extern const rg_importer rg_importer_opsgenie;
extern const rg_importer rg_importer_datadog;
extern const rg_importer rg_importer_cloudwatch_alarms;
extern const rg_importer rg_importer_zabbix;
extern const rg_importer rg_importer_nagios;

/* One line per importer: clang-format would pack them, which makes every
 * new format a conflict with every other. */
/* clang-format off */
const rg_importer *const rg_importers[] = {
    &rg_importer_slack,
    &rg_importer_mattermost,
    &rg_importer_teams,
    &rg_importer_discord,
    &rg_importer_telegram,
    &rg_importer_irc,
    &rg_importer_pagerduty,
    &rg_importer_alertmanager,
    &rg_importer_statuspage,
    &rg_importer_statuspage_feed,
    &rg_importer_cachet,
    &rg_importer_csv,
    &rg_importer_jsonlines,
    &rg_importer_syslog,
    &rg_importer_logfmt,
    &rg_importer_access,
    &rg_importer_journald,
    &rg_importer_cri,
    &rg_importer_k8s_events,
    &rg_importer_otlp,
    &rg_importer_textlog,
    &rg_importer_prometheus,
    &rg_importer_cloudwatch_metrics,
    &rg_importer_grafana_csv,
    &rg_importer_cloudwatch_logs,
    &rg_importer_elasticsearch,
    &rg_importer_loki,
    &rg_importer_grafana,
    &rg_importer_opsgenie,
    &rg_importer_datadog,
    &rg_importer_cloudwatch_alarms,
    &rg_importer_zabbix,
    &rg_importer_nagios,
    NULL,
};
/* clang-format on */

const rg_importer *rg_importer_find(const char *name)
{
    for (size_t i = 0; rg_importers[i]; i++)
        if (strcmp(rg_importers[i]->name, name) == 0)
            return rg_importers[i];
    return NULL;
}

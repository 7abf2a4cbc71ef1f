/* registry.c -- the table of importers, one line each (tmux's cmd_table). */
#include "importer.h"

#include <string.h>

extern const rg_importer rg_importer_slack;
extern const rg_importer rg_importer_pagerduty;
extern const rg_importer rg_importer_alertmanager;
extern const rg_importer rg_importer_statuspage;
extern const rg_importer rg_importer_statuspage_feed;
extern const rg_importer rg_importer_cachet;
extern const rg_importer rg_importer_csv;
extern const rg_importer rg_importer_jsonlines;
extern const rg_importer rg_importer_syslog;
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
    &rg_importer_pagerduty,
    &rg_importer_alertmanager,
    &rg_importer_statuspage,
    &rg_importer_statuspage_feed,
    &rg_importer_cachet,
    &rg_importer_csv,
    &rg_importer_jsonlines,
    &rg_importer_syslog,
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

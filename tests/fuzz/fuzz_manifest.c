/* fuzz_manifest.c -- incident.json: any bytes read as a manifest over the
 * defaults. Properties: 0 or -1, and -1 only with a message; a loaded
 * manifest has a zone, and a window that ends after it starts. */
#include "arena.h"
#include "fuzz.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("incident.json", data, size);
    if (!path)
        return 0;
    rg_arena *a = rg_arena_new();
    if (!a)
        return 0;
    rg_manifest m;
    rg_diag d;
    rg_diag_init(&d);
    if (rg_manifest_defaults(&m, a, "INC-FUZZ") == 0) {
        int rc = rg_manifest_load(&m, a, path, &d);
        FUZZ_CHECK(rc == 0 || rc == -1, "load returned %d", rc);
        FUZZ_CHECK(rc == 0 || (d.has_error && d.error[0]), "load failed without a message");
        if (rc == 0) {
            FUZZ_CHECK(m.zone != NULL, "no zone");
            FUZZ_CHECK(m.id != NULL, "no id");
        }
        rg_manifest_free(&m);
    }
    rg_diag_free(&d);
    rg_arena_free(a);
    return 0;
}

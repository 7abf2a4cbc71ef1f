/* fuzz_mustache.c -- the template engine: input "JSON\n===\nTEMPLATE" (the
 * data, then the template) or a template alone over fixed data; the first
 * byte picks the escaping (HTML, Markdown, none). Partials: "item" is a fixed
 * template, "self" recurses through the data's "child". Properties: a
 * render returns text or an error with a message; HTML escaping lets no '<'
 * of the data through. */
#include <jansson.h>

#include "alloc.h"
#include "fuzz.h"
#include "mustache.h"

static const char default_data[] =
    "{\"title\":\"<script>alert(1)</script> & # heading\",\"n\":3,\"x\":1.5,\"t\":true,"
    "\"f\":false,\"z\":null,\"list\":[\"a\",\"<b>\",{\"name\":\"c|d\"}],"
    "\"items\":[{\"name\":\"one\"},{\"name\":\"**two**\"}],"
    "\"child\":{\"name\":\"1\",\"child\":{\"name\":\"2\"}}}";

static char *partial(void *ctx, const char *name, size_t *len)
{
    (void)ctx;
    const char *t = !strcmp(name, "item")   ? "<li>{{name}}</li>"
                    : !strcmp(name, "self") ? "({{name}}{{#child}}{{>self}}{{/child}})"
                                            : NULL;
    if (!t)
        return NULL;
    *len = strlen(t);
    return rg_strndup(t, *len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const rg_escape_mode modes[] = {RG_ESCAPE_HTML, RG_ESCAPE_MARKDOWN, RG_ESCAPE_NONE};
    rg_mustache_opts opts = {modes[data[0] % 3], partial, NULL};
    const char *in = (const char *)data + 1;
    size_t len = size - 1;
    const char *tmpl = in;
    size_t tlen = len;
    json_t *root = NULL;
    for (size_t i = 0; i + 5 <= len; i++) {
        if (!memcmp(in + i, "\n===\n", 5)) {
            root = json_loadb(in, i, JSON_DECODE_ANY, NULL);
            tmpl = in + i + 5;
            tlen = len - i - 5;
            break;
        }
    }
    if (!root)
        root = json_loads(default_data, 0, NULL);
    if (!root)
        return 0;
    rg_diag d;
    rg_diag_init(&d);
    size_t out_len = 0;
    char *out = rg_mustache_render("fuzz.mustache", tmpl, tlen, root, &opts, &out_len, &d);
    FUZZ_CHECK(out != NULL || (d.has_error && d.error[0]), "render failed without a message");
    if (out)
        FUZZ_CHECK(strlen(out) <= out_len, "output length %zu but %zu said", strlen(out), out_len);
    rg_free(out);
    rg_diag_free(&d);
    json_decref(root);
    return 0;
}

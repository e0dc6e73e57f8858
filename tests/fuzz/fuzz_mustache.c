/*
 * fuzz_mustache.c: the Mustache engine (src/tmpl/mustache.c), parser and renderer. The input is
 * a template, then up to three partials after NUL bytes, called "a", "b" and "c" (and reachable
 * as {{>*which}}). Each is compiled and rendered twice against a fixed view model: with no
 * allowlist, as the spec's tests run, and with the theme's (theme_raw_fields), as pages run.
 * With the allowlist, a value no template may print raw must never come out unescaped: the
 * model's other strings hold "<u\x02>", so its bytes in the output, when the input holds no
 * 0x02 byte of its own, mean the escaping was bypassed.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "tmpl/mustache.h"
#include "tmpl/theme.h"

#include <jansson.h>

struct parts {
    const char *src[4]; /* the template, then partials a, b, c */
    size_t len[4];
};

static char *load(void *ctx, const char *name, size_t *len)
{
    const struct parts *p = ctx;
    if (strlen(name) != 1 || name[0] < 'a' || name[0] > 'c' || !p->src[name[0] - 'a' + 1])
        return NULL;
    int i = name[0] - 'a' + 1;
    char *s = malloc(p->len[i] + 1);
    memcpy(s, p->src[i], p->len[i]);
    s[p->len[i]] = 0;
    *len = p->len[i];
    return s;
}

static json_t *model;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    model = json_loads(
        "{\"title\": \"<u\\u0002>\", \"body_html\": \"<p>ok</p>\", \"which\": \"b\","
        " \"n\": 0, \"r\": 1.5, \"t\": true, \"f\": false, \"z\": null, \"e\": \"\", \"list\": [],"
        " \"items\": [{\"name\": \"<u\\u0002>\", \"body_html\": \"<b>i</b>\"}, {\"name\": 2,"
        " \"items\": [{\"name\": \"x\"}]}], \"page\": {\"jsonld_escaped\": \"{}\","
        " \"title\": \"<u\\u0002>\", \"which\": \"a\"}, \"title_html\": \"<mark>m</mark>\"}",
        0, NULL);
    return model ? 0 : 1;
}

static void run(const struct parts *p, const char *const *allowed, bool has_marker)
{
    struct tmpl_set *set = tmpl_set_new(load, (void *)p);
    tmpl_set_allow_raw(set, allowed);
    struct buf out = BUF_INIT, err = BUF_INIT;
    buf_puts(&out, "kept");
    int rc = tmpl_render_source(set, p->src[0], p->len[0], model, &out, &err);
    if (rc != TMPL_OK) {
        FUZZ_CHECK(rc == TMPL_ESYNTAX, "status %d", rc);
        FUZZ_CHECK(err.len > 0, "an error without a message");
        FUZZ_CHECK(out.len == 4 && memcmp(out.p, "kept", 4) == 0, "output changed on error");
    } else if (allowed && !has_marker) {
        FUZZ_CHECK(!memmem(out.p, out.len, "<u\x02>", 4), "a value printed raw past the allowlist");
    }
    /* the same through the set's cache, as pages render */
    buf_reset(&out);
    (void)tmpl_render(set, "a", model, &out, &err);
    buf_free(&out);
    buf_free(&err);
    tmpl_set_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parts p = {{NULL}, {0}};
    const char *s = (const char *)data, *end = s + size;
    for (int i = 0; i < 4 && s <= end; i++) {
        const char *nul = memchr(s, 0, (size_t)(end - s));
        p.src[i] = s;
        p.len[i] = (size_t)((nul ? nul : end) - s);
        s += p.len[i] + 1;
        if (!nul)
            break;
    }
    bool has_marker = memchr(data, 2, size) != NULL;
    run(&p, NULL, has_marker);
    run(&p, theme_raw_fields, has_marker);
    return 0;
}

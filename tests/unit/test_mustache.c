/*
 * test_mustache.c: the Mustache engine (src/tmpl/mustache.c) against the official spec files and
 * a few checks of our own (escaping, errors, caching, threads).
 *
 * The spec files are read from $SAHIFA_SHARED/conformance/mustache (SAHIFA_SHARED defaults to
 * "../shared", relative to the repository root where the tests run). Without that directory the
 * spec tests are skipped, visibly, rather than passing.
 */
#include "tmpl/mustache.h"

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------------------------------------
 * The spec files
 */

/* The spec directory into path; false when it does not exist. */
static bool spec_dir(char *path, size_t size)
{
    const char *shared = getenv("SAHIFA_SHARED");
    if (!shared || !*shared)
        shared = "../shared";
    snprintf(path, size, "%s/conformance/mustache", shared);
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A loader serving a spec case's "partials" object (ctx). */
static char *json_loader(void *ctx, const char *name, size_t *len)
{
    json_t *s = json_object_get(ctx, name);
    if (!json_is_string(s))
        return NULL;
    *len = json_string_length(s);
    char *p = malloc(*len + 1);
    memcpy(p, json_string_value(s), *len + 1);
    return p;
}

/* s with control characters written as C escapes, so a failure message stays readable. */
static void quote(struct buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n')
            buf_puts(b, "\\n");
        else if (ch == '\r')
            buf_puts(b, "\\r");
        else if (ch == '\t')
            buf_puts(b, "\\t");
        else if (ch == '"' || ch == '\\')
            buf_printf(b, "\\%c", ch);
        else if (ch < 0x20)
            buf_printf(b, "\\x%02x", ch);
        else
            buf_putc(b, (char)ch);
    }
    buf_putc(b, '"');
}

/* Runs one spec case; returns whether it passed, with a message per failure. */
static bool run_case(const char *file, json_t *tc)
{
    const char *name = json_string_value(json_object_get(tc, "name"));
    json_t *tmpl = json_object_get(tc, "template");
    json_t *expected = json_object_get(tc, "expected");
    cr_assert(name && json_is_string(tmpl) && json_is_string(expected), "%s: malformed case", file);

    struct tmpl_set *set = tmpl_set_new(json_loader, json_object_get(tc, "partials"));
    struct buf out = BUF_INIT, err = BUF_INIT;
    int rc = tmpl_render_source(set, json_string_value(tmpl), json_string_length(tmpl),
                                json_object_get(tc, "data"), &out, &err);
    bool ok = rc == TMPL_OK && out.len == json_string_length(expected) &&
              memcmp(buf_str(&out), json_string_value(expected), out.len) == 0;
    if (!ok) {
        struct buf msg = BUF_INIT;
        buf_printf(&msg, "%s: case \"%s\" failed\n  template: ", file, name);
        quote(&msg, json_string_value(tmpl), json_string_length(tmpl));
        buf_puts(&msg, "\n  expected: ");
        quote(&msg, json_string_value(expected), json_string_length(expected));
        buf_puts(&msg, "\n  actual:   ");
        quote(&msg, buf_str(&out), out.len);
        if (rc != TMPL_OK)
            buf_printf(&msg, "\n  status %d: %s", rc, buf_str(&err));
        cr_expect(ok, "%s", buf_str(&msg));
        buf_free(&msg);
    }
    buf_free(&out);
    buf_free(&err);
    tmpl_set_free(set);
    return ok;
}

/* Runs every case of one spec file (e.g. "interpolation.json"). */
static void run_spec(const char *file)
{
    char dir[4096], path[4200];
    if (!spec_dir(dir, sizeof dir))
        cr_skip_test("%s not found: Mustache spec tests skipped", dir);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    cr_assert_not_null(root, "%s: %s (line %d)", path, jerr.text, jerr.line);
    json_t *tests = json_object_get(root, "tests");
    cr_assert(json_array_size(tests) > 0, "%s: no tests", path);

    size_t i, passed = 0;
    json_t *tc;
    json_array_foreach(tests, i, tc) {
        passed += run_case(file, tc);
    }
    cr_log_info("%s: %zu of %zu cases pass", file, passed, json_array_size(tests));
    json_decref(root);
}

Test(mustache_spec, comments)
{
    run_spec("comments.json");
}

Test(mustache_spec, delimiters)
{
    run_spec("delimiters.json");
}

Test(mustache_spec, interpolation)
{
    run_spec("interpolation.json");
}

Test(mustache_spec, inverted)
{
    run_spec("inverted.json");
}

Test(mustache_spec, partials)
{
    run_spec("partials.json");
}

Test(mustache_spec, sections)
{
    run_spec("sections.json");
}

Test(mustache_spec, inheritance)
{
    run_spec("~inheritance.json");
}

Test(mustache_spec, dynamic_names)
{
    run_spec("~dynamic-names.json");
}

/* ---------------------------------------------------------------------------------------------
 * Our own checks
 */

/* Renders src against the JSON text data with partials from the JSON object text partials, in
 * a set that allows raw output of the names in allowed only (any name when allowed is NULL). */
static int render_allowing(const char *const *allowed, const char *src, const char *data,
                           const char *partials, struct buf *out, struct buf *err)
{
    json_t *d = json_loads(data, 0, NULL);
    json_t *p = partials ? json_loads(partials, 0, NULL) : NULL;
    cr_assert_not_null(d, "bad test data: %s", data);
    struct tmpl_set *set = tmpl_set_new(json_loader, p);
    tmpl_set_allow_raw(set, allowed);
    int rc = tmpl_render_source(set, src, strlen(src), d, out, err);
    tmpl_set_free(set);
    json_decref(d);
    json_decref(p);
    return rc;
}

static int render(const char *src, const char *data, const char *partials, struct buf *out,
                  struct buf *err)
{
    return render_allowing(NULL, src, data, partials, out, err);
}

/* The output of src against data, or the error text prefixed with "ERROR: ". */
static char *render_str(const char *src, const char *data, const char *partials)
{
    struct buf out = BUF_INIT, err = BUF_INIT;
    if (render(src, data, partials, &out, &err) != TMPL_OK) {
        buf_reset(&out);
        buf_printf(&out, "ERROR: %s", buf_str(&err));
    }
    buf_free(&err);
    return buf_detach(&out, NULL);
}

static void expect_render(const char *src, const char *data, const char *partials, const char *want)
{
    char *got = render_str(src, data, partials);
    cr_expect_str_eq(got, want, "template %s: got \"%s\", want \"%s\"", src, got, want);
    free(got);
}

Test(mustache, escapes_html_in_double_mustache)
{
    expect_render("{{x}}", "{\"x\": \"a & b < c > d \\\" e ' f\"}", NULL,
                  "a &amp; b &lt; c &gt; d &quot; e &#39; f");
}

Test(mustache, triple_mustache_and_ampersand_are_raw)
{
    expect_render("{{{x}}}|{{&x}}", "{\"x\": \"<b>&\\\"'</b>\"}", NULL, "<b>&\"'</b>|<b>&\"'</b>");
}

Test(mustache, empty_string_is_falsey_zero_is_truthy)
{
    expect_render("{{#s}}yes{{/s}}{{^s}}no{{/s}}", "{\"s\": \"\"}", NULL, "no");
    expect_render("{{#n}}[{{.}}]{{/n}}{{^n}}none{{/n}}", "{\"n\": 0}", NULL, "[0]");
    expect_render("{{#n}}[{{.}}]{{/n}}", "{\"n\": 0.0}", NULL, "[0]");
}

Test(mustache, numbers_print_shortest_round_trip)
{
    expect_render("{{a}} {{b}} {{c}} {{d}} {{e}}",
                  "{\"a\": 1.21, \"b\": 0.30000000000000004, \"c\": -42, \"d\": 1e300, "
                  "\"e\": 9007199254740993}",
                  NULL, "1.21 0.30000000000000004 -42 1e+300 9007199254740993");
}

Test(mustache, standalone_partial_indentation_nests)
{
    expect_render("<ul>\n  {{>items}}\n</ul>\n", "{\"xs\": [1, 2]}",
                  "{\"items\": \"{{#xs}}\\n<li>\\n  {{>item}}\\n</li>\\n{{/xs}}\\n\","
                  " \"item\": \"{{.}}\\n\"}",
                  "<ul>\n  <li>\n    1\n  </li>\n  <li>\n    2\n  </li>\n</ul>\n");
}

/* Renders src expecting TMPL_ESYNTAX with a message starting with want, and out untouched. */
static void expect_syntax_error(const char *src, const char *partials, const char *want)
{
    struct buf out = BUF_INIT, err = BUF_INIT;
    buf_puts(&out, "kept");
    buf_puts(&err, "stale message");
    int rc = render(src, "{\"a\": true}", partials, &out, &err);
    cr_expect_eq(rc, TMPL_ESYNTAX, "template %s: status %d, want TMPL_ESYNTAX", src, rc);
    cr_expect_str_eq(buf_str(&out), "kept", "template %s: out changed to \"%s\"", src,
                     buf_str(&out));
    cr_expect(strncmp(buf_str(&err), want, strlen(want)) == 0,
              "template %s: message \"%s\" does not start with \"%s\"", src, buf_str(&err), want);
    buf_free(&out);
    buf_free(&err);
}

Test(mustache, syntax_errors_leave_out_untouched)
{
    expect_syntax_error("x\n{{#a}}\nunclosed", NULL, "(source):2: unclosed section 'a'");
    expect_syntax_error("{{#a}}{{/b}}", NULL, "(source):1: closing tag 'b' does not match");
    expect_syntax_error("\n\n{{/a}}", NULL, "(source):3: closing tag 'a' without");
    expect_syntax_error("{{=<%=}}", NULL, "(source):1: bad set-delimiter tag");
    expect_syntax_error("{{= a b c =}}", NULL, "(source):1: bad set-delimiter tag");
    expect_syntax_error("{{=a= b=}}", NULL, "(source):1: bad set-delimiter tag");
    expect_syntax_error("ok {{x", NULL, "(source):1: unclosed tag");
    expect_syntax_error("{{=<% %>=}}\n<%#a%>", NULL, "(source):2: unclosed section 'a'");
    expect_syntax_error("{{}}", NULL, "(source):1: empty tag name");
    /* an error in a partial fails the whole render, naming the partial */
    expect_syntax_error("{{#a}}before {{>bad}}{{/a}}", "{\"bad\": \"one\\n{{#x}}\"}",
                        "bad:2: unclosed section 'x'");
    /* endless recursion is cut off */
    expect_syntax_error("{{>loop}}", "{\"loop\": \"x{{>loop}}\"}", "loop:1: 'loop' nested");
}

/* A loader over a fixed list of (name, source) pairs that counts its calls. */
struct counting_loader {
    const char *const *files; /* name, source, name, source, ..., NULL */
    int calls;
    pthread_mutex_t lock;
};

static char *counting_load(void *ctx, const char *name, size_t *len)
{
    struct counting_loader *l = ctx;
    pthread_mutex_lock(&l->lock);
    l->calls++;
    pthread_mutex_unlock(&l->lock);
    for (const char *const *f = l->files; *f; f += 2) {
        if (strcmp(f[0], name) == 0) {
            *len = strlen(f[1]);
            return strdup(f[1]);
        }
    }
    return NULL;
}

static const char *const site_files[] = {
    "page",
    "{{<layout}}{{$body}}\n<h1>{{title}}</h1>\n{{#items}}\n  {{>card}}\n{{/items}}\n"
    "{{/body}}{{/layout}}\n",
    "layout",
    "<html>\n<body>\n  {{$body}}\n  default\n  {{/body}}\n  {{>missing}}\n</body>\n"
    "</html>\n",
    "card",
    "<p class=\"{{kind}}\">{{name}}</p>\n",
    "broken",
    "{{#a}}",
    NULL,
};

static const char site_data[] =
    "{\"title\": \"\xd8\xb5\xd8\xad\xd9\x8a\xd9\x81\xd8\xa9 & co\", \"items\": ["
    "{\"kind\": \"a\", \"name\": \"<one>\"}, {\"kind\": \"b\", \"name\": \"two\"}]}";

static const char site_page[] = "<html>\n<body>\n  <h1>\xd8\xb5\xd8\xad\xd9\x8a\xd9\x81\xd8\xa9 "
                                "&amp; co</h1>\n    <p class=\"a\">&lt;one&gt;</p>\n"
                                "    <p class=\"b\">two</p>\n</body>\n</html>\n";

Test(mustache, named_templates_compile_once)
{
    struct counting_loader l = {site_files, 0, PTHREAD_MUTEX_INITIALIZER};
    struct tmpl_set *set = tmpl_set_new(counting_load, &l);
    json_t *data = json_loads(site_data, 0, NULL);
    struct buf out = BUF_INIT, err = BUF_INIT;

    cr_assert_eq(tmpl_render(set, "page", data, &out, &err), TMPL_OK, "%s", buf_str(&err));
    cr_expect_str_eq(buf_str(&out), site_page);
    int first = l.calls; /* page, layout, card and the missing partial */
    cr_expect_eq(first, 4, "loader called %d times on the first render", first);

    buf_reset(&out);
    cr_assert_eq(tmpl_render(set, "page", data, &out, &err), TMPL_OK, "%s", buf_str(&err));
    cr_expect_str_eq(buf_str(&out), site_page);
    cr_expect_eq(l.calls, first, "the second render called the loader again");

    /* a broken template reports its error each time, from the cache */
    buf_reset(&out);
    buf_puts(&out, "kept");
    cr_expect_eq(tmpl_render(set, "broken", data, &out, &err), TMPL_ESYNTAX);
    cr_expect_eq(tmpl_render(set, "broken", data, &out, &err), TMPL_ESYNTAX);
    cr_expect_str_eq(buf_str(&err), "broken:1: unclosed section 'a'");
    cr_expect_str_eq(buf_str(&out), "kept");
    cr_expect_eq(l.calls, first + 1);

    json_decref(data);
    buf_free(&out);
    buf_free(&err);
    tmpl_set_free(set);
}

Test(mustache, unknown_template_is_not_found)
{
    struct counting_loader l = {site_files, 0, PTHREAD_MUTEX_INITIALIZER};
    struct tmpl_set *set = tmpl_set_new(counting_load, &l);
    struct buf out = BUF_INIT, err = BUF_INIT;
    buf_puts(&out, "kept");
    cr_expect_eq(tmpl_render(set, "nope", NULL, &out, &err), TMPL_ENOTFOUND);
    cr_expect_str_eq(buf_str(&out), "kept");
    cr_expect_str_eq(buf_str(&err), "nope: no such template");
    buf_free(&out);
    buf_free(&err);
    tmpl_set_free(set);
}

struct worker {
    struct tmpl_set *set;
    json_t *data;
    int mismatches;
    int failures;
};

static void *render_many(void *arg)
{
    struct worker *w = arg;
    struct buf out = BUF_INIT;
    for (int i = 0; i < 500; i++) {
        buf_reset(&out);
        if (tmpl_render(w->set, "page", w->data, &out, NULL) != TMPL_OK)
            w->failures++;
        else if (strcmp(buf_str(&out), site_page) != 0)
            w->mismatches++;
    }
    buf_free(&out);
    return NULL;
}

Test(mustache, concurrent_renders_agree)
{
    struct counting_loader l = {site_files, 0, PTHREAD_MUTEX_INITIALIZER};
    struct tmpl_set *set = tmpl_set_new(counting_load, &l); /* cold: threads race to compile */
    json_t *data = json_loads(site_data, 0, NULL);
    struct worker w[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){set, data, 0, 0};
        cr_assert_eq(pthread_create(&th[i], NULL, render_many, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        cr_expect_eq(w[i].failures, 0, "thread %d: %d renders failed", i, w[i].failures);
        cr_expect_eq(w[i].mismatches, 0, "thread %d: %d renders differ", i, w[i].mismatches);
    }
    cr_expect_eq(l.calls, 4, "each template loaded once, not %d loads", l.calls);
    json_decref(data);
    tmpl_set_free(set);
}

/* ---------------------------------------------------------------------------------------------
 * The raw-output allowlist (tmpl_set_allow_raw): what a theme may print unescaped
 */

static const char *const allowed[] = {"body_html", "page.jsonld_escaped", NULL};

static const char raw_data[] = "{\"body_html\": \"<p>ok</p>\", \"title\": \"<script>x</script>\","
                               " \"x\": {\"body_html\": \"<script>y</script>\"},"
                               " \"page\": {\"jsonld_escaped\": \"{}\"}, \"which\": \"bad\"}";

/* Renders src with the allowlist; returns the output, or "ERROR: " and the message. */
static char *render_raw(const char *src, const char *partials)
{
    struct buf out = BUF_INIT, err = BUF_INIT;
    if (render_allowing(allowed, src, raw_data, partials, &out, &err) != TMPL_OK) {
        cr_expect(strstr(buf_str(&out), "<script>") == NULL, "%s printed a script", src);
        buf_reset(&out);
        buf_printf(&out, "ERROR: %s", buf_str(&err));
    }
    buf_free(&err);
    return buf_detach(&out, NULL);
}

static void expect_raw(const char *src, const char *partials, const char *want)
{
    char *got = render_raw(src, partials);
    cr_expect_str_eq(got, want, "template %s: got \"%s\", want \"%s\"", src, got, want);
    free(got);
}

#define ONLY " is not allowed (only: body_html, page.jsonld_escaped)"

Test(mustache_raw, allowed_names_print_raw_in_both_forms)
{
    expect_raw("{{{body_html}}}|{{& body_html }}|{{{ page.jsonld_escaped }}}", NULL,
               "<p>ok</p>|<p>ok</p>|{}");
    /* escaped output of any name stays allowed */
    expect_raw("{{title}}", NULL, "&lt;script&gt;x&lt;/script&gt;");
}

Test(mustache_raw, triple_mustache_and_ampersand_of_other_names_fail_to_compile)
{
    expect_raw("a\n{{{title}}}", NULL, "ERROR: (source):2: raw output of 'title'" ONLY);
    expect_raw("a\nb\n{{&title}}", NULL, "ERROR: (source):3: raw output of 'title'" ONLY);
    expect_raw("{{#x}}{{{.}}}{{/x}}", NULL, "ERROR: (source):1: raw output of '.'" ONLY);
}

Test(mustache_raw, delimiter_changes_do_not_hide_raw_output)
{
    expect_raw("{{=<% %>=}}<%& title%>", NULL, "ERROR: (source):1: raw output of 'title'" ONLY);
    expect_raw("{{=<% %>=}}\n<%{title}%>", NULL, "ERROR: (source):2: raw output of 'title'" ONLY);
    expect_raw("{{=| |=}}|={{ }}=|{{{title}}}", NULL,
               "ERROR: (source):1: raw output of 'title'" ONLY);
    expect_raw("{{=<% %>=}}<%& body_html%><%title%>", NULL,
               "<p>ok</p>&lt;script&gt;x&lt;/script&gt;");
}

Test(mustache_raw, the_whole_dotted_name_is_compared)
{
    expect_raw("{{{x.body_html}}}", NULL, "ERROR: (source):1: raw output of 'x.body_html'" ONLY);
    expect_raw("{{#page}}{{{jsonld_escaped}}}{{/page}}", NULL,
               "ERROR: (source):1: raw output of 'jsonld_escaped'" ONLY);
    expect_raw("{{&body_html.x}}", NULL, "ERROR: (source):1: raw output of 'body_html.x'" ONLY);
}

Test(mustache_raw, partials_parents_blocks_and_dynamic_names_are_checked)
{
    expect_raw("{{>card}}", "{\"card\": \"<p>\\n{{{title}}}</p>\"}",
               "ERROR: card:2: raw output of 'title'" ONLY);
    expect_raw("{{<layout}}{{$main}}{{&title}}{{/main}}{{/layout}}",
               "{\"layout\": \"<main>{{$main}}{{/main}}</main>\"}",
               "ERROR: (source):1: raw output of 'title'" ONLY);
    expect_raw("{{<layout}}{{/layout}}", "{\"layout\": \"{{$main}}{{{title}}}{{/main}}\"}",
               "ERROR: layout:1: raw output of 'title'" ONLY);
    expect_raw("{{>*which}}", "{\"bad\": \"{{=[ ]=}}[&title]\"}",
               "ERROR: bad:1: raw output of 'title'" ONLY);
    expect_raw("{{>ok}}", "{\"ok\": \"{{{body_html}}}\"}", "<p>ok</p>");
}

Test(mustache_raw, tmpl_load_checks_a_template_without_rendering_it)
{
    static const char *const files[] = {"good", "{{{body_html}}}", "bad", "x\n{{&title}}", NULL};
    struct counting_loader l = {files, 0, PTHREAD_MUTEX_INITIALIZER};
    struct tmpl_set *set = tmpl_set_new(counting_load, &l);
    tmpl_set_allow_raw(set, allowed);
    struct buf err = BUF_INIT;
    cr_expect_eq(tmpl_load(set, "good", &err), TMPL_OK, "%s", buf_str(&err));
    cr_expect_eq(tmpl_load(set, "bad", &err), TMPL_ESYNTAX);
    cr_expect_str_eq(buf_str(&err), "bad:2: raw output of 'title'" ONLY);
    cr_expect_eq(tmpl_load(set, "none", &err), TMPL_ENOTFOUND);
    cr_expect_str_eq(buf_str(&err), "none: no such template");
    /* what was loaded is what renders: no second load */
    struct buf out = BUF_INIT;
    cr_expect_eq(tmpl_render(set, "bad", NULL, &out, &err), TMPL_ESYNTAX);
    cr_expect_eq(l.calls, 3);
    buf_free(&out);
    buf_free(&err);
    tmpl_set_free(set);
}

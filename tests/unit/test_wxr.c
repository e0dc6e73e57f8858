/*
 * test_wxr.c: WordPress exports (src/import/wxr.c). A sink that copies what it is given (the
 * strings are the parser's, valid during the call only) and checks every string is UTF-8; then
 * every field of every post of tests/fixtures/wxr/export.xml, the files that must be refused as
 * a whole, and the HTML-to-Markdown conversion, the dates, the safety limits and long files on
 * small inline exports.
 */
#include "import/import.h"
#include "base/utf8.h"

#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIXTURES "tests/fixtures/wxr/"

/* ---- A collecting sink ---- */

struct got_comment {
    char *key, *parent_key, *name, *email, *body, *status;
    int64_t created_at;
};

struct got_article {
    char *key, *title, *dek, *body, *category, *category_slug, *author, *author_login, *source,
        *slug, *status, *old_path, *image_path, *image_alt, *image_caption, *image_credit,
        *image_missing;
    char **topics;
    size_t ntopics;
    int64_t published_at;
    struct got_comment *comments;
    size_t ncomments;
    long line;
};

struct got_skip {
    long line;
    char *reason;
};

static struct {
    struct got_article *articles;
    size_t n;
    struct got_skip *skips;
    size_t nskips;
    int stop_after; /* the sink says stop at this article (1-based); 0: never */
} got;

/* A copy of s, which must be NULL or UTF-8. */
static char *copy(const char *s)
{
    if (!s)
        return NULL;
    cr_assert(utf8_valid(s, strlen(s)), "not UTF-8: %s", s);
    return strdup(s);
}

static int collect_article(struct import_sink *s, const struct import_article *a)
{
    got.articles = realloc(got.articles, (got.n + 1) * sizeof *got.articles);
    struct got_article *g = &got.articles[got.n++];
    cr_assert_not_null(a->title);
    cr_assert_not_null(a->body);
    *g = (struct got_article){
        .key = copy(a->key),
        .title = copy(a->title),
        .dek = copy(a->dek),
        .body = copy(a->body),
        .category = copy(a->category),
        .category_slug = copy(a->category_slug),
        .author = copy(a->author),
        .author_login = copy(a->author_login),
        .source = copy(a->source),
        .slug = copy(a->slug),
        .status = copy(a->status),
        .old_path = copy(a->old_path),
        .image_path = copy(a->image_path),
        .image_alt = copy(a->image_alt),
        .image_caption = copy(a->image_caption),
        .image_credit = copy(a->image_credit),
        .image_missing = copy(a->image_missing),
        .ntopics = a->ntopics,
        .published_at = a->published_at,
        .ncomments = a->ncomments,
        .line = a->line,
    };
    g->topics = calloc(a->ntopics + 1, sizeof *g->topics);
    for (size_t i = 0; i < a->ntopics; i++)
        g->topics[i] = copy(a->topics[i]);
    g->comments = calloc(a->ncomments + 1, sizeof *g->comments);
    for (size_t i = 0; i < a->ncomments; i++) {
        const struct import_comment *c = &a->comments[i];
        g->comments[i] = (struct got_comment){
            .key = copy(c->key),
            .parent_key = copy(c->parent_key),
            .name = copy(c->name),
            .email = copy(c->email),
            .body = copy(c->body),
            .status = copy(c->status),
            .created_at = c->created_at,
        };
    }
    return got.stop_after && (int)got.n >= got.stop_after ? -1 : 0;
}

static void collect_skip(struct import_sink *s, long line, const char *reason)
{
    got.skips = realloc(got.skips, (got.nskips + 1) * sizeof *got.skips);
    got.skips[got.nskips++] = (struct got_skip){line, copy(reason)};
}

static void free_got(void)
{
    for (size_t i = 0; i < got.n; i++) {
        struct got_article *g = &got.articles[i];
        char *fields[] = {g->key,          g->title,         g->dek,           g->body,
                          g->category,     g->category_slug, g->author,        g->author_login,
                          g->source,       g->slug,          g->status,        g->old_path,
                          g->image_path,   g->image_alt,     g->image_caption, g->image_credit,
                          g->image_missing};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            free(fields[k]);
        for (size_t k = 0; k < g->ntopics; k++)
            free(g->topics[k]);
        free(g->topics);
        for (size_t k = 0; k < g->ncomments; k++) {
            struct got_comment *c = &g->comments[k];
            free(c->key), free(c->parent_key), free(c->name), free(c->email), free(c->body),
                free(c->status);
        }
        free(g->comments);
    }
    for (size_t i = 0; i < got.nskips; i++)
        free(got.skips[i].reason);
    free(got.articles);
    free(got.skips);
    memset(&got, 0, sizeof got);
}

static struct buf err;
/* The uploads folder import_wxr maps attachments into (NULL: none). */
static const char *media_from;

static void setup(void)
{
    /* Drafts' dates are read in the site's time zone. */
    setenv("TZ", "Asia/Damascus", 1);
    tzset();
}

static void teardown(void)
{
    media_from = NULL;
    free_got();
    buf_free(&err);
    xmlCleanupParser();
}

TestSuite(wxr, .init = setup, .fini = teardown);

/* The parser's input: bytes in memory, handed out in small pieces (as a stream would), or an
 * error after fail_at bytes. */
struct memory_input {
    const char *data;
    size_t n, at, fail_at;
};

static int read_memory(void *ctx, char *p, int n)
{
    struct memory_input *m = ctx;
    if (m->fail_at && m->at >= m->fail_at)
        return -1;
    size_t k = m->n - m->at < 997 ? m->n - m->at : 997;
    k = k < (size_t)n ? k : (size_t)n;
    memcpy(p, m->data + m->at, k);
    m->at += k;
    return (int)k;
}

static int rewind_memory(void *ctx)
{
    struct memory_input *m = ctx;
    m->at = 0;
    return 0;
}

static int parse_failing_at(const char *data, size_t n, size_t fail_at)
{
    struct import_sink sink = {.article = collect_article, .skip = collect_skip};
    struct memory_input m = {data, n, 0, fail_at};
    struct import_input in = {read_memory, rewind_memory, &m};
    buf_reset(&err);
    return import_wxr(&in, "test.xml", media_from, &sink, &err);
}

static int parse(const char *data, size_t n)
{
    return parse_failing_at(data, n, 0);
}

/* The bytes of a fixture, in a buffer the caller frees. */
static char *slurp(const char *name, size_t *n)
{
    FILE *f = fopen(name, "rb");
    cr_assert_not_null(f, "cannot open %s (run the tests from the repository's root)", name);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *data = malloc((size_t)len + 1);
    cr_assert_eq(fread(data, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    data[len] = 0;
    *n = (size_t)len;
    return data;
}

static int parse_file(const char *name)
{
    size_t n;
    char *data = slurp(name, &n);
    int rc = parse(data, n);
    free(data);
    return rc;
}

/* The line of the index-th (0-based) "<item>" of a fixture. */
static long item_line(const char *name, int index)
{
    size_t n;
    char *data = slurp(name, &n);
    long line = 1, found = 0;
    for (const char *p = data; *p; p++) {
        if (*p == '\n')
            line++;
        else if (strncmp(p, "<item>", 6) == 0 && index-- == 0) {
            found = line;
            break;
        }
    }
    free(data);
    return found;
}

static const struct got_article *article(const char *key)
{
    for (size_t i = 0; i < got.n; i++)
        if (got.articles[i].key && strcmp(got.articles[i].key, key) == 0)
            return &got.articles[i];
    cr_assert_fail("no article %s", key);
    return NULL;
}

/* A minimal export around the items given. */
static int parse_items(const char *items)
{
    struct buf doc = BUF_INIT;
    buf_puts(&doc,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
             " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
             " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
             " xmlns:wp=\"http://wordpress.org/export/1.2/\">\n"
             "<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n");
    buf_puts(&doc, items);
    buf_puts(&doc, "</channel>\n</rss>\n");
    int rc = parse(doc.p, doc.len);
    buf_free(&doc);
    return rc;
}

/* The Markdown body of a post whose content:encoded is html. */
static const char *body_of(const char *html)
{
    struct buf item = BUF_INIT;
    buf_printf(&item,
               "<item><title>t</title><guid>g</guid>"
               "<content:encoded><![CDATA[%s]]></content:encoded>"
               "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n",
               html);
    free_got(); /* the previous call's */
    int rc = parse_items(item.p);
    buf_free(&item);
    cr_assert_eq(rc, 0, "%s", buf_str(&err));
    cr_assert_eq(got.n, 1);
    return got.articles[got.n - 1].body;
}

/* ---- The normal export ---- */

Test(wxr, export_posts_skips_and_ignored_items)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    /* Five posts; the attachment, the page and the menu item pass without a word. */
    cr_assert_eq(got.n, 5);
    cr_expect_str_eq(got.articles[0].key, "https://akhbar.example.com/?p=101");
    cr_expect_str_eq(got.articles[1].key, "https://akhbar.example.com/?p=102");
    cr_expect_str_eq(got.articles[2].key, "https://akhbar.example.com/?p=103");
    cr_expect_str_eq(got.articles[3].key, "https://akhbar.example.com/?p=104");
    /* No guid: the link is the key. */
    cr_expect_str_eq(got.articles[4].key, "https://akhbar.example.com/2019/02/01/"
                                          "%d9%85%d9%84%d8%a7%d8%ad%d8%b8%d8%a7%d8%aa-"
                                          "%d8%af%d8%a7%d8%ae%d9%84%d9%8a%d8%a9/");
    for (int i = 0; i < 5; i++)
        cr_expect_eq(got.articles[i].line, item_line(FIXTURES "export.xml", i), "post %d", i);

    /* The trashed post and the untitled one are reported, at their <item>'s line. */
    cr_assert_eq(got.nskips, 2);
    cr_expect_eq(got.skips[0].line, item_line(FIXTURES "export.xml", 5));
    cr_expect(strstr(got.skips[0].reason, "trash"), "%s", got.skips[0].reason);
    cr_expect(strstr(got.skips[0].reason, "106"), "%s", got.skips[0].reason);
    cr_expect_eq(got.skips[1].line, item_line(FIXTURES "export.xml", 6));
    cr_expect(strstr(got.skips[1].reason, "no title"), "%s", got.skips[1].reason);
}

Test(wxr, published_post)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    const struct got_article *a = article("https://akhbar.example.com/?p=101");
    cr_expect_str_eq(a->title, "افتتاح معرض دمشق الدولي للكتاب");
    cr_expect_str_eq(a->dek, "معرض الكتاب يفتح أبوابه & يستقبل الزوار");
    cr_expect_str_eq(a->body,
                     "افتتح صباح اليوم معرض دمشق الدولي للكتاب في دورته الثلاثين، بمشاركة 300 "
                     "دار نشر من 20 بلداً.\n\n"
                     "وقال مدير المعرض: “الكتاب بخير” \\& القرّاء كذلك. وأضاف أن الدخول مجاني.\n\n"
                     "## برنامج الندوات\n\n"
                     "تبدأ الندوات في الساعة 5 مساءً.\n\n"
                     "ويختتم المعرض في 30 نيسان.\n\n"
                     "ندوة عن \\*الرواية\\* العربية\n\n"
                     "أمسية شعرية لـ شاعر من حلب\n\n"
                     "2018\\. عام الكتاب");
    cr_expect_str_eq(a->category, "أخبار");
    cr_expect_str_eq(a->category_slug, "أخبار");
    cr_assert_eq(a->ntopics, 2); /* the post format is no topic */
    cr_expect_str_eq(a->topics[0], "دمشق");
    cr_expect_str_eq(a->topics[1], "ثقافة");
    cr_expect_str_eq(a->author, "سمير الحلبي");
    cr_expect_str_eq(a->author_login, "samir");
    cr_expect_null(a->source);
    cr_expect_str_eq(a->slug, "معرض-الكتاب");
    cr_expect_str_eq(a->status, "published");
    cr_expect_eq(a->published_at, 1524225600); /* 2018-04-20 12:00:00 UTC */
    cr_expect_str_eq(a->old_path, "/2018/04/20/معرض-الكتاب/");
}

Test(wxr, comments)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    const struct got_article *a = article("https://akhbar.example.com/?p=101");
    /* 201, 202, 203 (held), 204 (a reply, listed before its parent: put after it), 206 (spam);
     * the pingback 205 and the trashed 207 are left out. */
    cr_assert_eq(a->ncomments, 5);
    const struct got_comment *c = a->comments;
    cr_expect_str_eq(c[0].key, "201");
    cr_expect_null(c[0].parent_key);
    cr_expect_str_eq(c[0].name, "أبو خالد");
    cr_expect_str_eq(c[0].email, "abu.khaled@example.net");
    cr_expect_str_eq(c[0].body,
                     "مبادرة رائعة!\nهل الدخول مجاني للطلاب؟\n\nشكراً للقائمين على المعرض.");
    cr_expect_str_eq(c[0].status, "approved");
    cr_expect_eq(c[0].created_at, 1524229500); /* 2018-04-20 13:05:00 UTC */

    cr_expect_str_eq(c[1].key, "202");
    cr_expect_null(c[1].parent_key);
    cr_expect_str_eq(c[1].name, "Reem");
    cr_expect_str_eq(c[1].body, "هل الدخول مجاني؟");
    cr_expect_str_eq(c[1].status, "approved"); /* comment_type empty: WordPress before 5.5 */
    cr_expect_eq(c[1].created_at, 1524233400);

    cr_expect_str_eq(c[2].key, "203");
    cr_expect_str_eq(c[2].status, "pending");
    cr_expect_null(c[2].email);
    cr_expect_str_eq(c[2].body, "أين يقع المعرض؟");

    cr_expect_str_eq(c[3].key, "204");
    cr_expect_str_eq(c[3].parent_key, "202");
    cr_expect_str_eq(c[3].name, "سمير الحلبي");
    cr_expect_str_eq(c[3].body, "نعم، الدخول مجاني – حتى نهاية الأسبوع.");
    cr_expect_str_eq(c[3].status, "approved");

    cr_expect_str_eq(c[4].key, "206");
    cr_expect_str_eq(c[4].status, "spam");
    cr_expect_str_eq(c[4].body, "Buy cheap pills now");

    for (size_t i = 0; i < got.n; i++)
        if (&got.articles[i] != a)
            cr_expect_eq(got.articles[i].ncomments, 0);
}

Test(wxr, draft_in_site_time_and_plain_text_body)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    const struct got_article *a = article("https://akhbar.example.com/?p=102");
    cr_expect_str_eq(a->title, "موازنة 2019 أمام اللجنة");
    cr_expect_null(a->dek);
    /* wpautop's form: blank lines between paragraphs, a lone line break inside one; the
     * caption shortcode goes, its text stays. */
    cr_expect_str_eq(a->body, "تعقد لجنة الموازنة اجتماعها الأول يوم الأحد. وسيناقش الأعضاء "
                              "بنود الإنفاق \\& الإيرادات، بنسبة عجز \\< 5%.\n\n"
                              "قاعة اجتماعات اللجنة\n\n"
                              "\\- البند الأول: الرواتب");
    cr_expect_str_eq(a->category, "اقتصاد");
    cr_expect_str_eq(a->category_slug, "economy");
    cr_assert_eq(a->ntopics, 1);
    cr_expect_str_eq(a->topics[0], "انتخابات");
    cr_expect_str_eq(a->author, "لينا خوري");
    cr_expect_str_eq(a->author_login, "lina");
    cr_expect_null(a->slug); /* drafts have none yet */
    cr_expect_str_eq(a->status, "draft");
    /* post_date_gmt is 0000-00-00: post_date, 10:30 in Damascus (UTC+3 in May 2018). */
    cr_expect_eq(a->published_at, 1525246200);
    cr_expect_null(a->old_path); /* https://akhbar.example.com/?p=102 */
}

Test(wxr, scheduled_post)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    const struct got_article *a = article("https://akhbar.example.com/?p=103");
    cr_expect_str_eq(a->title, "نتائج الانتخابات البلدية");
    cr_expect_str_eq(a->body, "تعلن اللجنة النتائج صباح الأحد.");
    cr_expect_str_eq(a->status, "scheduled");
    cr_expect_eq(a->published_at, 4070930400); /* 2099-01-01 06:00:00 UTC */
    cr_expect_str_eq(a->slug, "نتائج-الانتخابات");
    cr_expect_str_eq(a->category, "أخبار"); /* the first of two */
    cr_expect_str_eq(a->category_slug, "أخبار");
    cr_assert_eq(a->ntopics, 1);
    cr_expect_str_eq(a->topics[0], "انتخابات");
    cr_expect_str_eq(a->author, "سمير الحلبي");
    cr_expect_null(a->old_path);
}

Test(wxr, pending_post_for_review)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    const struct got_article *a = article("https://akhbar.example.com/?p=104");
    cr_expect_str_eq(a->title, "أسئلة & أجوبة حول موازنة 2019");
    cr_expect_str_eq(a->body, "ما هي أبرز بنود موازنة 2019؟\n\n### الرواتب\n\nزيادة 10%.");
    cr_expect_str_eq(a->status, "review");
    cr_expect_eq(a->published_at, 1547107200); /* 2019-01-10 08:00:00 UTC */
    cr_expect_str_eq(a->slug, "موازنة-2019");
    /* A category the channel does not list: the item's own name and nicename. */
    cr_expect_str_eq(a->category, "رياضة");
    cr_expect_str_eq(a->category_slug, "رياضة");
    cr_expect_eq(a->ntopics, 0);
    /* A login the channel does not list: the login is the byline. */
    cr_expect_str_eq(a->author, "guest");
    cr_expect_str_eq(a->author_login, "guest");
}

Test(wxr, private_post_is_a_draft)
{
    cr_assert_eq(parse_file(FIXTURES "export.xml"), 0, "%s", buf_str(&err));
    const struct got_article *a = &got.articles[4];
    cr_expect_str_eq(a->title, "ملاحظات داخلية");
    cr_expect_str_eq(a->body, "لا تُنشر.");
    cr_expect_str_eq(a->status, "draft");
    cr_expect_eq(a->published_at, 1549015200); /* 2019-02-01 10:00:00 UTC */
    cr_expect_null(a->category);
    cr_expect_null(a->category_slug);
    cr_expect_str_eq(a->author, "لينا خوري");
    cr_expect_str_eq(a->slug, "ملاحظات-داخلية");
    cr_expect_str_eq(a->old_path, "/2019/02/01/ملاحظات-داخلية/");
}

/* ---- Files refused as a whole ---- */

Test(wxr, truncated_file)
{
    cr_expect_eq(parse_file(FIXTURES "truncated.xml"), -1);
    cr_expect(strstr(buf_str(&err), "line 292:"), "%s", buf_str(&err));
    cr_expect(strstr(buf_str(&err), "cut short"), "%s", buf_str(&err));
    cr_expect_null(strchr(buf_str(&err), '\n'), "one line: %s", buf_str(&err));
}

Test(wxr, not_wxr)
{
    cr_expect_eq(parse_file(FIXTURES "not-wxr.xml"), -1);
    cr_expect(strstr(buf_str(&err), "not a WordPress export (WXR)"), "%s", buf_str(&err));
    cr_expect_eq(got.n, 0);
}

Test(wxr, rss_feed_is_not_wxr)
{
    cr_expect_eq(parse_file(FIXTURES "rss-feed.xml"), -1);
    cr_expect(strstr(buf_str(&err), "not a WordPress export (WXR)"), "%s", buf_str(&err));
    cr_expect_eq(got.n, 0);
}

Test(wxr, invalid_utf8)
{
    cr_expect_eq(parse_file(FIXTURES "invalid-utf8.xml"), -1);
    cr_expect(strstr(buf_str(&err), "line 20: not valid UTF-8"), "%s", buf_str(&err));
    cr_expect_null(strchr(buf_str(&err), '\n'), "one line: %s", buf_str(&err));
}

Test(wxr, invalid_utf8_that_libxml2_lets_through_is_refused_too)
{
    /* An overlong (C0 A3) in CDATA, a title's attribute and a channel list: libxml2 passes them
     * on; the sink must never get them (a fuzzing find). */
    static const char *const items[] = {
        "<item><title>t</title><guid>g</guid><content:encoded><![CDATA[\n<p>\xd8\xa7\xc0\xa3"
        "</p>]]></content:encoded><wp:status>publish</wp:status></item>\n",
        "<item><title>t</title><guid>g</guid><category domain=\"category\" nicename=\"a\xc0\xa3\">"
        "c</category><wp:status>publish</wp:status></item>\n",
        "<wp:author><wp:author_login><![CDATA[x\xc0\xa3]]></wp:author_login></wp:author>\n",
    };
    for (size_t i = 0; i < 3; i++) {
        free_got();
        buf_reset(&err);
        cr_expect_eq(parse_items(items[i]), -1, "item %zu parsed", i);
        cr_expect(strstr(buf_str(&err), "not valid UTF-8"), "item %zu: %s", i, buf_str(&err));
        cr_expect_eq(got.n, 0, "item %zu reached the sink", i);
    }
}

Test(wxr, not_xml_and_empty)
{
    const char *text = "عنوان\n\nفقرة أولى.\n";
    cr_expect_eq(parse(text, strlen(text)), -1);
    cr_expect(strstr(buf_str(&err), "line 1:"), "%s", buf_str(&err));
    cr_expect_eq(parse("", 0), -1);
    cr_expect_str_eq(buf_str(&err), "empty file");
    cr_expect_eq(parse(" \n", 2), -1);
    cr_expect_str_eq(buf_str(&err), "empty file");
    cr_expect_eq(parse_items("<item><title>t</title>"), -1); /* unclosed */
    cr_expect(strstr(buf_str(&err), "line "), "%s", buf_str(&err));
}

Test(wxr, read_error)
{
    size_t n;
    char *data = slurp(FIXTURES "export.xml", &n);
    cr_expect_eq(parse_failing_at(data, n, n / 2), -1);
    cr_expect(strstr(buf_str(&err), "cannot read"), "%s", buf_str(&err));
    free(data);
}

Test(wxr, sink_stops)
{
    got.stop_after = 2;
    cr_expect_eq(parse_file(FIXTURES "export.xml"), -1);
    cr_expect_eq(got.n, 2);
    cr_expect(strstr(buf_str(&err), "stopped"), "%s", buf_str(&err));
}

/* ---- Safety ---- */

Test(wxr, entity_expansion_bomb_refused, .timeout = 10)
{
    struct buf doc = BUF_INIT;
    buf_puts(
        &doc,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"ههههههههههههههههههههههههه\">\n");
    for (char c = 'b'; c <= 'k'; c++) {
        buf_printf(&doc, "<!ENTITY %c \"", c);
        for (int i = 0; i < 10; i++)
            buf_printf(&doc, "&%c;", c - 1);
        buf_puts(&doc, "\">\n");
    }
    buf_puts(&doc, "]>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>"
                   "<item><title>&k;</title><wp:post_type>post</wp:post_type></item>"
                   "</channel></rss>\n");
    cr_expect_eq(parse(doc.p, doc.len), -1);
    cr_expect(strstr(buf_str(&err), "line "), "%s", buf_str(&err));
    cr_expect_eq(got.n, 0);
    buf_free(&doc);
}

Test(wxr, external_entities_not_loaded)
{
    const char *doc = "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE rss [<!ENTITY x SYSTEM \"" FIXTURES "not-wxr.xml\">"
                      "<!ENTITY y \"داخلي\">]>\n"
                      "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>"
                      "<item><title>قبل &x;&y; بعد</title><guid>g</guid>"
                      "<wp:post_type>post</wp:post_type></item></channel></rss>\n";
    cr_assert_eq(parse(doc, strlen(doc)), 0, "%s", buf_str(&err));
    cr_assert_eq(got.n, 1);
    cr_expect_str_eq(got.articles[0].title, "قبل بعد");
}

/* ---- HTML to Markdown ---- */

Test(wxr, html_paragraphs)
{
    cr_expect_str_eq(body_of("<p>أ</p><p>ب</p>"), "أ\n\nب");
    cr_expect_str_eq(body_of("سطر\nيتبعه سطر\n\n\n\nفقرة"), "سطر يتبعه سطر\n\nفقرة");
    cr_expect_str_eq(body_of("أ<br>ب<br/>\n<br />ج"), "أ ب\n\nج");
    cr_expect_str_eq(body_of("<div>أ</div><blockquote><p>ب</p></blockquote>"), "أ\n\nب");
    cr_expect_str_eq(body_of("<h1>أ</h1><h2>ب</h2><h3>ج</h3><h4>د</h4><h5>هـ</h5>"),
                     "أ\n\n## ب\n\n### ج\n\n#### د\n\nهـ");
    cr_expect_str_eq(body_of("<h2># 1. *عنوان*</h2>"), "## \\# 1. \\*عنوان\\*");
    cr_expect_str_eq(body_of("<table><tr><td>أ</td><td>ب</td></tr></table>"), "أ ب");
    cr_expect_str_eq(body_of(""), "");
    cr_expect_str_eq(body_of("<p> </p><p>&nbsp;</p>"), "");
}

Test(wxr, html_tags_dropped)
{
    cr_expect_str_eq(body_of("<p>أ<script>alert('<p>x</p>')</script>ب<style>p{}</style></p>"),
                     "أب");
    cr_expect_str_eq(body_of("<p><a href=\"/x?a=1&b=2\" title='>'>رابط</a> <img src=x></p>"),
                     "رابط");
    cr_expect_str_eq(body_of("<p>أ <!-- تعليق <p> --> ب</p>"), "أ ب");
    cr_expect_str_eq(body_of("<p>أ<iframe src=\"x\" />ب</p><p>ج<script>د</p>"), "أب\n\nجد");
    cr_expect_str_eq(body_of("<p>1 < 2 > 0</p>"), "1 \\< 2 \\> 0");
    cr_expect_str_eq(body_of("<p>بلا نهاية <b"), "بلا نهاية \\<b");
    cr_expect_str_eq(body_of("[gallery ids=\"1,2\"]\n\n[caption id=\"c\"]نص[/caption] [x]"),
                     "نص \\[x\\]");
}

Test(wxr, html_entities)
{
    cr_expect_str_eq(body_of("&#8220;أ&#8221; &#x2014; &amp;&lt;&gt;&quot;&apos;"),
                     "“أ” — \\&\\<\\>\"'");
    cr_expect_str_eq(body_of("&laquo;أ&raquo;&hellip; &mdash; &ndash; &rsquo;"), "«أ»… — – ’");
    cr_expect_str_eq(body_of("أ&nbsp;&nbsp;ب&#160;ج\xc2\xa0د"), "أ ب ج د");
    cr_expect_str_eq(body_of("&#150; &#153;"), "– ™"); /* Windows-1252 */
    cr_expect_str_eq(body_of("a&#0;b&#1;c&#xD800;d&#x110000;e&#55;"), "a�bc�d�e7");
    cr_expect_str_eq(body_of("&unknown; & &#; &#x; &amp"),
                     "\\&unknown; \\& \\&\\#; \\&\\#x; \\&amp");
    cr_expect_str_eq(body_of("زه&zwnj;ره"), "زه\xe2\x80\x8cره");
}

Test(wxr, cdata_split_around_its_end)
{
    /* WordPress writes "]]>" in content as "]]]]><![CDATA[>". */
    const char *item = "<item><title>t</title><guid>g</guid>"
                       "<content:encoded><![CDATA[<p>أ]]]]><![CDATA[>ب</p>]]></content:encoded>"
                       "<wp:post_type>post</wp:post_type></item>";
    cr_assert_eq(parse_items(item), 0, "%s", buf_str(&err));
    cr_expect_str_eq(got.articles[0].body, "أ\\]\\]\\>ب");
}

/* ---- Other fields ---- */

Test(wxr, statuses_and_dates)
{
    const char *items =
        /* future, but its time has passed: WordPress missed it; it is published. */
        "<item><title>أ</title><guid>1</guid><wp:status>future</wp:status>"
        "<wp:post_date_gmt>2018-04-20 12:00:00</wp:post_date_gmt>"
        "<wp:post_type>post</wp:post_type></item>\n"
        /* no status, no type, no dates: a published post of unknown date. */
        "<item><title>ب</title><link>https://x.example/a%20b/?p=2#c</link></item>\n"
        /* an unknown status: nothing goes public by surprise. */
        "<item><title>ج</title><wp:status>auto-draft</wp:status>"
        "<wp:post_name>%ff%fe</wp:post_name><wp:post_type>post</wp:post_type></item>\n"
        /* no guid and no link: the sink hashes title and body. */
        "<item><title>  د\n  هـ </title><wp:status>publish</wp:status>"
        "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
        "<wp:post_date>2020-01-01 00:00:00</wp:post_date>"
        "<wp:post_name>%D8%AF-%d9%87</wp:post_name>"
        "<wp:post_type>post</wp:post_type></item>\n";
    cr_assert_eq(parse_items(items), 0, "%s", buf_str(&err));
    cr_assert_eq(got.n, 4);
    cr_expect_str_eq(got.articles[0].status, "published");
    cr_expect_eq(got.articles[0].published_at, 1524225600);
    cr_expect_str_eq(got.articles[1].status, "published");
    cr_expect_eq(got.articles[1].published_at, 0);
    cr_expect_str_eq(got.articles[1].key, "https://x.example/a%20b/?p=2#c");
    cr_expect_str_eq(got.articles[1].old_path, "/a b/");
    cr_expect_str_eq(got.articles[2].status, "draft");
    cr_expect_null(got.articles[2].slug); /* %ff%fe is no UTF-8: the sink makes one */
    cr_expect_null(got.articles[3].key);
    cr_expect_str_eq(got.articles[3].title, "د هـ");
    cr_expect_str_eq(got.articles[3].slug, "د-ه");
    cr_expect_eq(got.articles[3].published_at, 1577829600); /* midnight in Damascus, UTC+2 */
}

Test(wxr, title_from_html)
{
    const char *items = "<item><title>&lt;em&gt;أ&lt;/em&gt; &amp;amp; ب &#8211; ج</title>"
                        "<wp:post_type>post</wp:post_type></item>"
                        "<item><title>  &lt;br&gt; </title><wp:post_id>9</wp:post_id>"
                        "<wp:post_type>post</wp:post_type></item>";
    cr_assert_eq(parse_items(items), 0, "%s", buf_str(&err));
    cr_assert_eq(got.n, 1);
    cr_expect_str_eq(got.articles[0].title, "أ & ب – ج");
    cr_assert_eq(got.nskips, 1);
    cr_expect(strstr(got.skips[0].reason, "no title"));
}

/* ---- Featured images ---- */

/* An attachment item: its id, URL, _wp_attached_file (or NULL), alt text (or NULL), caption. */
static void attachment(struct buf *b, int id, const char *url, const char *file, const char *alt,
                       const char *caption)
{
    buf_printf(b,
               "<item><title>عنوان المرفق %d</title><excerpt:encoded><![CDATA[%s]]>"
               "</excerpt:encoded><wp:post_id>%d</wp:post_id><wp:post_type>attachment"
               "</wp:post_type><wp:attachment_url>%s</wp:attachment_url>",
               id, caption, id, url);
    if (file)
        buf_printf(b,
                   "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
                   "<wp:meta_value><![CDATA[%s]]></wp:meta_value></wp:postmeta>",
                   file);
    if (alt)
        buf_printf(b,
                   "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                   "<wp:meta_value><![CDATA[%s]]></wp:meta_value></wp:postmeta>",
                   alt);
    buf_puts(b, "</item>\n");
}

/* A post whose featured image is the attachment thumb (0: none). */
static void post(struct buf *b, const char *guid, int thumb)
{
    buf_printf(b, "<item><title>خبر %s</title><guid>%s</guid><wp:post_type>post</wp:post_type>",
               guid, guid);
    if (thumb)
        buf_printf(b,
                   "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                   "<wp:meta_value><![CDATA[%d]]></wp:meta_value></wp:postmeta>",
                   thumb);
    buf_puts(b, "</item>\n");
}

Test(wxr, featured_images_from_the_uploads_folder)
{
    struct buf items = BUF_INIT;
    attachment(&items, 10,
               "https://x.example/wp-content/uploads/2018/04/%D8%B5%D9%88%D8%B1%D8%A9.jpg",
               "2018/04/other.jpg", "نص بديل", "تعليق الصورة");
    post(&items, "before", 10); /* the attachment came first */
    post(&items, "after", 11);  /* WordPress 6.5 writes attachments after the posts */
    post(&items, "gone", 12);   /* an attachment the export does not hold */
    post(&items, "traversal", 13);
    post(&items, "none", 0);
    /* No uploads/ in the URL (sahifa's export): the attached file; no alt: the title. */
    attachment(&items, 11, "https://x.example/media/abc-1920.jpg", "abc.jpg", NULL, "");
    /* A path out of the folder is never made. */
    attachment(&items, 13, "https://x.example/wp-content/uploads/../../etc/passwd", "/etc/passwd",
               "x", "");

    /* Without the folder, attachments pass over: no photo, no word. */
    cr_assert_eq(parse_items(items.p), 0, "%s", buf_str(&err));
    cr_assert_eq(got.n, 5);
    for (size_t i = 0; i < got.n; i++) {
        cr_expect_null(got.articles[i].image_path);
        cr_expect_null(got.articles[i].image_missing);
    }

    free_got();
    media_from = "/srv/uploads/";
    cr_assert_eq(parse_items(items.p), 0, "%s", buf_str(&err));
    buf_free(&items);
    cr_assert_eq(got.n, 5, "each post once, though the file is read twice");
    cr_assert_eq(got.nskips, 0);
    const struct got_article *a = article("before");
    cr_expect_str_eq(a->image_path, "/srv/uploads/2018/04/صورة.jpg");
    cr_expect_str_eq(a->image_alt, "نص بديل");
    cr_expect_str_eq(a->image_caption, "تعليق الصورة");
    cr_expect_null(a->image_missing);
    a = article("after");
    cr_expect_str_eq(a->image_path, "/srv/uploads/abc.jpg");
    cr_expect_str_eq(a->image_alt, "عنوان المرفق 11");
    cr_expect_null(a->image_caption);
    a = article("gone");
    cr_expect_null(a->image_path);
    cr_expect(a->image_missing && strstr(a->image_missing, "attachment 12"), "%s",
              a->image_missing);
    a = article("traversal");
    cr_expect_null(a->image_path);
    cr_expect_not_null(a->image_missing);
    cr_expect_null(article("none")->image_path);
    cr_expect_null(article("none")->image_missing);
}

/* ---- Long files ---- */

/* Lines past 65535, where libxml2 stops counting in elements. */
Test(wxr, lines_past_65535)
{
    struct buf items = BUF_INIT;
    buf_puts(&items, "<description>");
    for (int i = 0; i < 70000; i++)
        buf_puts(&items, "سطر\n");
    buf_puts(&items, "</description>\n"
                     "<item>\n<title>أ</title><wp:post_type>post</wp:post_type></item>\n"
                     "<item><title><![CDATA[\n\n]]></title>\n</item>\n");
    cr_assert_eq(parse_items(items.p), 0, "%s", buf_str(&err));
    buf_free(&items);
    /* The export's head is 7 lines; the description 70,001. */
    cr_assert_eq(got.n, 1);
    cr_expect_eq(got.articles[0].line, 70009);
    cr_assert_eq(got.nskips, 1);
    cr_expect_eq(got.skips[0].line, 70011);
}

Test(wxr, many_items)
{
    enum { N = 5000 };
    struct buf items = BUF_INIT;
    for (int i = 0; i < N; i++)
        buf_printf(&items,
                   "<item><title>خبر %d</title><guid>g%d</guid>"
                   "<content:encoded><![CDATA[<p>نص الخبر %d.</p>]]></content:encoded>"
                   "<category domain=\"post_tag\" nicename=\"t%d\">وسم %d</category>"
                   "<wp:post_type>post</wp:post_type></item>\n",
                   i, i, i, i % 7, i % 7);
    cr_assert_eq(parse_items(items.p), 0, "%s", buf_str(&err));
    buf_free(&items);
    cr_assert_eq(got.n, N);
    cr_expect_str_eq(got.articles[N - 1].title, "خبر 4999");
    cr_expect_str_eq(got.articles[N - 1].body, "نص الخبر 4999.");
    cr_expect_str_eq(got.articles[N - 1].topics[0], "وسم 1");
}

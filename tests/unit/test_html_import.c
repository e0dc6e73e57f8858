/*
 * test_html_import.c: saved article pages (src/import/html.c): the article's text found among
 * the page's chrome (menus, sidebars, share buttons, comments, footers, scripts), its title,
 * dek, section, keywords, author, date and URL read from <meta>, JSON-LD and the page; pages
 * that are not UTF-8 or have no text refused. Fixtures are in tests/fixtures/html/.
 */
#include "import/import.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES "tests/fixtures/html/"

/* What the sink was given, deep-copied. */
struct got {
    int calls;
    char *key, *title, *dek, *body, *category, *category_slug, *author, *status, *old_path;
    char *image_path, *image_alt, *image_caption, *image_missing;
    char *topics[32];
    size_t ntopics;
    int64_t published_at;
    long line;
    bool all_utf8;
};

static bool utf8_or_null(const char *s)
{
    return !s || utf8_valid(s, strlen(s));
}

static int collect(struct import_sink *s, const struct import_article *a)
{
    struct got *g = s->ctx;
    g->calls++;
    g->all_utf8 = utf8_or_null(a->key) && utf8_or_null(a->title) && utf8_or_null(a->dek) &&
                  utf8_or_null(a->body) && utf8_or_null(a->category) && utf8_or_null(a->author);
    g->key = xstrdup(a->key);
    g->title = xstrdup(a->title);
    g->dek = xstrdup(a->dek);
    g->body = xstrdup(a->body);
    g->category = xstrdup(a->category);
    g->category_slug = xstrdup(a->category_slug);
    g->author = xstrdup(a->author);
    g->status = xstrdup(a->status);
    g->old_path = xstrdup(a->old_path);
    g->image_path = xstrdup(a->image_path);
    g->image_alt = xstrdup(a->image_alt);
    g->image_caption = xstrdup(a->image_caption);
    g->image_missing = xstrdup(a->image_missing);
    for (size_t i = 0; i < a->ntopics && i < ARRAY_LEN(g->topics); i++) {
        g->all_utf8 = g->all_utf8 && utf8_or_null(a->topics[i]);
        g->topics[g->ntopics++] = xstrdup(a->topics[i]);
    }
    g->published_at = a->published_at;
    g->line = a->line;
    return 0;
}

static int refuse(struct import_sink *s, const struct import_article *a)
{
    (void)a;
    ((struct got *)s->ctx)->calls++;
    return -1;
}

static void skipped(struct import_sink *s, long line, const char *reason)
{
    (void)s;
    cr_log_info("skip %ld: %s", line, reason);
}

static void got_free(struct got *g)
{
    free(g->key);
    free(g->title);
    free(g->dek);
    free(g->body);
    free(g->category);
    free(g->category_slug);
    free(g->author);
    free(g->status);
    free(g->old_path);
    free(g->image_path);
    free(g->image_alt);
    free(g->image_caption);
    free(g->image_missing);
    for (size_t i = 0; i < g->ntopics; i++)
        free(g->topics[i]);
    memset(g, 0, sizeof *g);
}

/* The page's file, as import_html is told it. */
static const char *page_path = "test.html";

/* Runs import_html on n bytes at data; err gets the reason of a -1. */
static int run(const char *data, size_t n, struct got *g, struct buf *err)
{
    struct import_sink s = {collect, skipped, g};
    memset(g, 0, sizeof *g);
    return import_html(data, n, page_path, &s, err);
}

static int run_str(const char *html, struct got *g, struct buf *err)
{
    return run(html, strlen(html), g, err);
}

static int run_file(const char *name, struct got *g, struct buf *err)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s (tests run from the repository's root)", path);
    struct buf data = BUF_INIT;
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&data, chunk, k);
    fclose(f);
    int rc = run(data.p, data.len, g, err);
    buf_free(&data);
    return rc;
}

/* The body's paragraphs (separated by a blank line): how many, and the first and last. */
static size_t paragraphs(const char *body, char **first, char **last)
{
    size_t n = 0;
    const char *p = body;
    *first = *last = NULL;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!n)
            *first = xstrndup(p, len);
        free(*last);
        *last = xstrndup(p, len);
        n++;
        p += len;
        while (*p == '\n')
            p++;
    }
    return n;
}

static void expect_absent(const char *body, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_expect_null(strstr(body, words[i]), "the body holds «%s»", words[i]);
}

Test(html_import, full_page_title_and_details_from_meta_and_json_ld)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_file("full_page.html", &g, &err), 0, "%s", buf_str(&err));
    cr_assert_eq(g.calls, 1);
    cr_expect(g.all_utf8);
    /* og:title without " | صحيفة الأفق" (og:site_name). */
    cr_expect_str_eq(g.title, "افتتاح أكبر مكتبة عامة في الزرقاء بعد عامين من العمل");
    cr_expect_str_eq(g.dek, "مكتبة الزرقاء العامة الجديدة تفتح أبوابها بستين ألف كتاب وقاعة "
                            "للأطفال ومختبر رقمي مفتوح للطلبة.");
    cr_expect_str_eq(g.key, "https://alofuq.example/culture/2024/03/05/zarqa-public-library");
    /* JSON-LD: articleSection, the author object's name (article:author is a profile's URL),
     * the keywords array. */
    cr_expect_str_eq(g.category, "ثقافة");
    cr_expect_str_eq(g.author, "سلمى الخطيب");
    cr_assert_eq(g.ntopics, 4);
    cr_expect_str_eq(g.topics[0], "الزرقاء");
    cr_expect_str_eq(g.topics[1], "مكتبات عامة");
    cr_expect_str_eq(g.topics[2], "القراءة");
    cr_expect_str_eq(g.topics[3], "ثقافة");
    cr_expect_eq(g.published_at, 1709620200); /* 2024-03-05T09:30:00+03:00 */
    cr_expect_null(g.status);
    cr_expect_null(g.old_path);
    cr_expect_null(g.category_slug);
    cr_expect_eq(g.line, 1);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, full_page_body_is_the_article_without_the_chrome)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_file("full_page.html", &g, &err), 0, "%s", buf_str(&err));
    char *first, *last;
    size_t n = paragraphs(g.body, &first, &last);
    cr_expect_eq(n, 5, "%zu paragraphs:\n%s", n, g.body);
    cr_expect_str_eq(first,
                     "افتتحت بلدية الزرقاء صباح الثلاثاء مكتبة عامة جديدة في حي الزواهرة، هي "
                     "الأكبر في المحافظة، بعد عامين من أعمال البناء والتجهيز، وبكلفة قاربت ثلاثة "
                     "ملايين دينار، في مشروع تقول البلدية إنه يهدف إلى إعادة القراءة إلى قلب "
                     "المدينة.");
    cr_expect_str_eq(last, "وتعتزم البلدية، بحسب رئيسها، افتتاح فرعين صغيرين في الرصيفة "
                           "والهاشمية خلال العام المقبل، على أن تُربط المكتبات الثلاث بنظام إعارة "
                           "واحد يتيح للقارئ استعارة الكتاب من فرع وإعادته إلى آخر.");
    /* The blockquote is a paragraph of its own. */
    cr_expect(strstr(g.body, "\n\n«أردنا مكانا يشعر فيه الطالب"), "%s", g.body);
    static const char *const chrome[] = {
        "الرئيسية",                                  /* the header's menu */
        "مقالات الرأي",                              /* the header's menu */
        "عاجل",                                      /* the ticker */
        "تسجيل الدخول",                              /* the top bar */
        "الأكثر قراءة",                              /* the sidebar */
        "أسعار المحروقات",                           /* a sidebar link */
        "النشرة البريدية",                           /* the sidebar's newsletter box */
        "شارك",                                      /* share buttons */
        "واتساب",                                    /* share buttons */
        "تابعونا",                                   /* the follow prompt at the end of the body */
        "اقرأ أيضاً",                                 /* the "read also" line */
        "معرض الكتاب",                               /* its link */
        "احجز رحلتك",                                /* the ad inside the body */
        "إعلان",                                     /* the ad's label */
        "قاعة المطالعة الرئيسية في المكتبة الجديدة", /* the photo's caption */
        "بقلم",                                      /* the byline */
        "5 مارس 2024",                               /* the dateline */
        "الوسوم",                                    /* the tags */
        "التعليقات",                                 /* the comments */
        "أبو سامر",
        "خطوة رائعة من البلدية",
        "المختبر الرقمي هو أهم",
        "اكتب تعليقك", /* the comment form */
        "نص افتراضي",
        "إرسال التعليق",
        "من نحن", /* the footer */
        "جميع الحقوق محفوظة",
        "©",
        "نص من سكربت التتبع", /* scripts and styles */
        "تم تحميل الصفحة",
        "dataLayer",
        "font-family",
        "Noto Naskh",
    };
    expect_absent(g.body, chrome, ARRAY_LEN(chrome));
    free(first);
    free(last);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, minimal_page_title_content_div_and_br_separated_lines)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_file("minimal_page.html", &g, &err), 0, "%s", buf_str(&err));
    cr_assert_eq(g.calls, 1);
    cr_expect(g.all_utf8);
    cr_expect_str_eq(g.title, "ارتفاع أسعار الخضار في أسواق عمّان مع بداية الصيف");
    cr_expect_str_eq(g.dek, "ارتفعت أسعار البندورة والخيار في سوق الجملة المركزي بنسب وصلت إلى "
                            "أربعين في المئة.");
    /* meta keywords separated by Arabic commas. */
    cr_assert_eq(g.ntopics, 5);
    cr_expect_str_eq(g.topics[0], "أسعار");
    cr_expect_str_eq(g.topics[1], "خضار");
    cr_expect_str_eq(g.topics[2], "أسواق الجملة");
    cr_expect_str_eq(g.topics[3], "عمّان");
    cr_expect_str_eq(g.topics[4], "الصيف");
    cr_expect_null(g.key);
    cr_expect_null(g.category);
    cr_expect_null(g.author);
    cr_expect_eq(g.published_at, 0);
    char *first, *last;
    size_t n = paragraphs(g.body, &first, &last);
    /* Two <p>, then three lines separated by <br>. */
    cr_expect_eq(n, 5, "%zu paragraphs:\n%s", n, g.body);
    cr_expect_str_eq(first, "ارتفعت أسعار الخضار في سوق الجملة المركزي في عمّان خلال الأسبوع "
                            "الماضي، مع بداية موسم الصيف وتراجع الكميات الواردة من وادي الأردن، "
                            "بحسب تجار في السوق.");
    cr_expect_str_eq(last, "وتتوقع وزارة الزراعة استقرار السوق خلال أسبوعين، مع زيادة الكميات "
                           "المعروضة وفتح باب الاستيراد لبعض الأصناف.");
    cr_expect(strstr(g.body, "هذا العام.\n\nودعت جمعية حماية المستهلك"), "%s", g.body);
    static const char *const chrome[] = {"الرئيسية", "راسلنا", "محليات", "جميع الحقوق محفوظة"};
    expect_absent(g.body, chrome, ARRAY_LEN(chrome));
    free(first);
    free(last);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, article_tag_page_title_from_h1_byline_and_time)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_file("article_tag.html", &g, &err), 0, "%s", buf_str(&err));
    cr_assert_eq(g.calls, 1);
    cr_expect(g.all_utf8);
    cr_expect_str_eq(g.title, "محطة شمسية في قلب الصحراء تغذي ثلاث مدن صغيرة بالكهرباء");
    cr_expect_str_eq(g.author, "خالد منصور"); /* "بقلم: " left out */
    cr_expect_eq(g.published_at, 1700482500); /* <time datetime="2023-11-20T14:15:00+02:00"> */
    /* No canonical URL: the browser's "saved from url=" comment. */
    cr_expect_str_eq(g.key, "https://madar-news.example/world/2023/11/20/desert-solar-station");
    cr_expect_null(g.dek);
    cr_expect_null(g.category);
    cr_expect_eq(g.ntopics, 0);
    char *first, *last;
    size_t n = paragraphs(g.body, &first, &last);
    cr_expect_eq(n, 8, "%zu paragraphs:\n%s", n, g.body);
    cr_expect_str_eq(first, "بدأت محطة للطاقة الشمسية أُقيمت على أطراف الصحراء الغربية تزويد ثلاث "
                            "مدن صغيرة بالكهرباء هذا الأسبوع، بعد ثمانية عشر شهرا من العمل، في أول "
                            "مشروع من نوعه تديره تعاونية محلية يملك سكان المنطقة معظم أسهمها.");
    cr_expect_str_eq(last, "ويأمل السكان أن يخفف المشروع من فواتير الكهرباء المرتفعة، وأن يوفر "
                           "فرص عمل دائمة للشباب في منطقة عانت طويلا من البطالة والهجرة إلى المدن "
                           "الكبرى.");
    /* The subheading and the list items are paragraphs. */
    cr_expect(strstr(g.body, "\n\nتعاونية يملكها السكان\n\n"), "%s", g.body);
    cr_expect(strstr(g.body, "\n\nتدريب خمسين فنيا من أبناء المنطقة على تشغيل الألواح وصيانتها."
                             "\n\n"),
              "%s", g.body);
    static const char *const chrome[] = {
        "محطة شمسية في قلب الصحراء", /* the title, once is enough */
        "بقلم",
        "خالد منصور",
        "20 نوفمبر",
        "ألواح المحطة عند الغروب", /* the caption */
        "أخبار ذات صلة",
        "مزرعة رياح",
        "مدار للأخبار",
        "اقتصاد",
    };
    expect_absent(g.body, chrome, ARRAY_LEN(chrome));
    free(first);
    free(last);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, windows_1256_page_is_converted)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_file("windows1256_page.html", &g, &err), 0, "%s", buf_str(&err));
    cr_expect_eq(g.calls, 1);
    cr_expect(g.all_utf8);
    cr_expect_str_eq(g.title, "أمطار غزيرة تغلق طرقا في الجنوب");
    cr_expect(strstr(g.body, "ودعت مديرية الدفاع المدني المواطنين"), "%s", g.body);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, undeclared_or_unknown_charset_and_binary_refused)
{
    static const struct {
        const char *page, *error;
    } cases[] = {
        {"<html><title>\xC3\xE3\xD8\xC7\xD1</title><p>\xC3\xE3\xD8\xC7\xD1</p></html>",
         "not valid UTF-8, and no other charset declared"},
        {"<meta charset=x-nonsense><title>\xC3\xE3</title>", "charset x-nonsense is not known"},
        {"<meta charset=utf-8><title>\xC3\xE3</title>",
         "not valid UTF-8, and no other charset declared"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct got g = {0};
        struct buf err = BUF_INIT;
        struct import_sink sink = {collect, skipped, &g};
        cr_expect_eq(import_html(cases[i].page, strlen(cases[i].page), "t.html", &sink, &err), -1);
        cr_expect_eq(g.calls, 0);
        cr_expect_str_eq(buf_str(&err), cases[i].error);
        got_free(&g);
        buf_free(&err);
    }
    static const char binary[] = "<html>\0\x01\x02<title>t</title>";
    struct got g = {0};
    struct buf err = BUF_INIT;
    struct import_sink sink = {collect, skipped, &g};
    cr_expect_eq(import_html(binary, sizeof binary - 1, "b.html", &sink, &err), -1);
    cr_expect_str_eq(buf_str(&err), "a binary file, not a page");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, page_of_scripts_only_has_no_article)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_expect_eq(run_file("scripts_only.html", &g, &err), -1);
    cr_expect_eq(g.calls, 0);
    cr_expect_str_eq(buf_str(&err), "no article found");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, empty_input_and_bare_bom_have_no_article)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_expect_eq(run("", 0, &g, &err), -1);
    cr_expect_str_eq(buf_str(&err), "no article found");
    buf_reset(&err);
    cr_expect_eq(run_str("\xEF\xBB\xBF  <html><body>  </body></html>", &g, &err), -1);
    cr_expect_str_eq(buf_str(&err), "no article found");
    cr_expect_eq(g.calls, 0);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, text_without_any_title_is_refused)
{
    struct got g;
    struct buf err = BUF_INIT;
    cr_expect_eq(run_str("<p>فقرة طويلة بما يكفي لتكون نص مقال، لكن الصفحة لا عنوان لها أبدا.</p>",
                         &g, &err),
                 -1);
    cr_expect_str_eq(buf_str(&err), "no title found");
    cr_expect_eq(g.calls, 0);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, json_ld_array_author_array_keywords_string_publisher_strips_title)
{
    static const char html[] =
        "<html><head><title>مهرجان للشعر في نابلس - شبكة الخبر</title>"
        "<script type=\"application/ld+json\">[{\"@type\":\"Organization\",\"name\":\"X\"},"
        "{\"@type\":[\"ReportageNewsArticle\"],\"author\":[{\"@type\":\"Person\",\"name\":\"ليلى "
        "حداد\"},{\"name\":\"سامي\"}],\"keywords\":\"شعر، نابلس,مهرجانات\","
        "\"articleSection\":[\"ثقافة وفنون\",\"محليات\"],"
        "\"datePublished\":\"2022-07-01T20:00:00Z\",\"description\":\"ثلاثة أيام من الأمسيات\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"شبكة الخبر\"},"
        "\"mainEntityOfPage\":{\"@id\":\"https://alkhabar.example/a/77\"}}]</script>"
        "</head><body><div class=\"story\"><p>انطلق مساء الجمعة مهرجان نابلس للشعر بمشاركة "
        "عشرين شاعرا، وسط حضور كبير في ساحة البلدة القديمة.</p></div></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.title, "مهرجان للشعر في نابلس");
    cr_expect_str_eq(g.author, "ليلى حداد");
    cr_expect_str_eq(g.category, "ثقافة وفنون");
    cr_expect_str_eq(g.dek, "ثلاثة أيام من الأمسيات");
    cr_expect_str_eq(g.key, "https://alkhabar.example/a/77");
    cr_expect_eq(g.published_at, 1656705600);
    cr_assert_eq(g.ntopics, 3);
    cr_expect_str_eq(g.topics[0], "شعر");
    cr_expect_str_eq(g.topics[1], "نابلس");
    cr_expect_str_eq(g.topics[2], "مهرجانات");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, broken_json_ld_is_ignored)
{
    static const char html[] =
        "<html><head><meta property=\"og:title\" content=\"عنوان الخبر\">"
        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": </script>"
        "</head><body><article><p>نص الخبر الذي يكفي طوله ليعد فقرة من فقرات المقال.</p>"
        "</article></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.title, "عنوان الخبر");
    cr_expect_null(g.author);
    cr_expect_eq(g.published_at, 0);
    got_free(&g);
    buf_free(&err);
}

Test(html_import, at_most_twelve_topics_without_repeats)
{
    static const char html[] =
        "<html><head><title>عنوان</title><meta name=\"news_keywords\" content=\" أ ، ب،أ,ج,د,ه,"
        "و,ز,ح,ط,ي,ك,ل,م,ن, ,\"></head><body><div id=\"content\"><p>نص الخبر الذي يكفي طوله "
        "ليعد فقرة من فقرات المقال.</p></div></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_assert_eq(g.ntopics, 12);
    cr_expect_str_eq(g.topics[0], "أ");
    cr_expect_str_eq(g.topics[1], "ب");
    cr_expect_str_eq(g.topics[2], "ج");
    cr_expect_str_eq(g.topics[11], "ل");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, share_prompts_and_link_lists_left_out_but_not_sentences_like_them)
{
    static const char html[] =
        "<html><head><title>مسيرة في المدينة</title></head><body><div class=\"entry-content\">"
        "<p>شارك الآلاف في مسيرة سلمية وسط المدينة للمطالبة بتحسين خدمات النقل العام.</p>"
        "<p>شارك هذا الخبر</p><p>تابعونا على تيليجرام</p><p>فيسبوك | تويتر | واتساب</p>"
        "<p>اشترك نحو مئة متطوع في التنظيم.</p><p>انضم إليهم طلاب الجامعات.</p>"
        "<p>وقال المنظمون إن المسيرة انطلقت من الساحة الرئيسية وانتهت أمام مبنى المحافظة.</p>"
        "<p><a href=\"/a\">خبر أول طويل العنوان</a> | <a href=\"/b\">خبر ثان طويل العنوان</a></p>"
        "<p>إقرأ أيضًا: <a href=\"/c\">النقل العام في أرقام</a></p>"
        "<ul><li><a href=\"/d\">رابط في قائمة لا نص فيها غير الرابط</a></li></ul>"
        "<p>حقوق النشر © 2024</p>"
        "<p>وتعهد المحافظ بدراسة المطالب خلال أسبوعين.</p>"
        "</div></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.body,
                     "شارك الآلاف في مسيرة سلمية وسط المدينة للمطالبة بتحسين خدمات النقل العام."
                     "\n\nاشترك نحو مئة متطوع في التنظيم.\n\nانضم إليهم طلاب الجامعات."
                     "\n\nوقال المنظمون إن المسيرة انطلقت من الساحة الرئيسية وانتهت أمام مبنى "
                     "المحافظة.\n\nوتعهد المحافظ بدراسة المطالب خلال أسبوعين.");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, hidden_and_template_text_left_out_entities_decoded)
{
    static const char html[] =
        "<html><head><title>عنوان &amp; رمز</title></head><body><div id=\"content\">"
        "<p>الفقرة&nbsp;الأولى من الخبر، وفيها ما يكفي من النص ليعد فقرة.</p>"
        "<p style=\"display: none\">نص مخفي لا يظهر للقارئ</p>"
        "<p hidden>نص مخفي آخر</p><template><p>قالب</p></template>"
        "<p>الفقرة الثانية من الخبر&#x60C; وفيها فاصلة عربية مكتوبة كمرجع.</p>"
        "</div></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.title, "عنوان & رمز");
    cr_expect_str_eq(g.body, "الفقرة الأولى من الخبر، وفيها ما يكفي من النص ليعد فقرة.\n\n"
                             "الفقرة الثانية من الخبر، وفيها فاصلة عربية مكتوبة كمرجع.");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, a_sink_error_stops_the_file)
{
    static const char html[] = "<title>عنوان</title><p>نص يكفي ليكون فقرة من فقرات هذا المقال.</p>";
    struct got g = {0};
    struct buf err = BUF_INIT;
    struct import_sink s = {refuse, skipped, &g};
    cr_expect_eq(import_html(html, strlen(html), "x.html", &s, &err), -1);
    cr_expect_eq(g.calls, 1);
    cr_expect_str_eq(buf_str(&err), "the article could not be stored");
    buf_free(&err);
}

Test(html_import, deep_nesting_and_stray_markup_do_not_break_it)
{
    struct buf html = BUF_INIT;
    buf_puts(&html, "<title>عنوان</title>");
    for (int i = 0; i < 3000; i++)
        buf_puts(&html, "<div><span>");
    buf_puts(&html, "<p>نص عميق</p>");
    buf_puts(&html, "</td></table><p>نص بعد وسوم مكسورة، ويكفي طوله ليعد فقرة.</p><b><i>x</b></i>"
                    "<svg><title>رسم</title><text>نص داخل الرسم</text></svg>");
    struct got g;
    struct buf err = BUF_INIT;
    int rc = run(html.p, html.len, &g, &err);
    cr_expect(rc == 0 || rc == -1);
    if (rc == 0) {
        cr_expect(g.all_utf8);
        cr_expect_null(strstr(g.body, "نص داخل الرسم"));
        cr_expect_str_eq(g.title, "عنوان");
    }
    got_free(&g);
    buf_free(&err);
    buf_free(&html);
}

Test(html_import, wordpress_classes_on_the_article_do_not_hide_it)
{
    static const char html[] =
        "<html><head><title>عنوان</title></head><body class=\"single tag-gaza has-sidebar\">"
        "<div class=\"site-content with-sidebar\"><article class=\"post-12 post type-post "
        "tag-gaza tag-water category-news\"><div class=\"entry-meta\">نشر في 3 يناير</div>"
        "<p>الفقرة الأولى من الخبر، وهي طويلة بما يكفي، وفيها فواصل، كما في الأخبار.</p>"
        "<p>الفقرة الثانية من الخبر، وهي أيضا طويلة بما يكفي لتحسب في النتيجة.</p>"
        "</article><aside class=\"widget-area\"><p>نص جانبي طويل لا علاقة له بالخبر، وفيه "
        "فواصل، وفواصل، وفواصل، وفواصل، وفواصل، وفواصل.</p></aside></div></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.body, "الفقرة الأولى من الخبر، وهي طويلة بما يكفي، وفيها فواصل، كما في "
                             "الأخبار.\n\nالفقرة الثانية من الخبر، وهي أيضا طويلة بما يكفي لتحسب "
                             "في النتيجة.");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, body_split_by_an_ad_is_taken_whole)
{
    static const char html[] =
        "<html><head><title>عنوان</title></head><body><div id=\"main\"><div class=\"story\">"
        "<div class=\"part\"><p>الجزء الأول من الخبر، وفيه ما يكفي من النص، ومن الفواصل، ليحسب.</p>"
        "<p>وفي الجزء الأول فقرة ثانية، طويلة بدورها، وفيها فواصل، كثيرة.</p></div>"
        "<div class=\"ad\"><a href=\"/x\">إعلان ممول عن عروض السفر والفنادق</a></div>"
        "<div class=\"part\"><p>الجزء الثاني من الخبر بعد الإعلان، وفيه أيضا نص كاف، وفواصل.</p>"
        "</div></div><div class=\"comments\"><p>تعليق طويل من قارئ، فيه فواصل، كثيرة، جدا، "
        "ويتحدث عن أمر آخر، تماما، لا صلة له بالخبر، أبدا.</p></div></div></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.body, "الجزء الأول من الخبر، وفيه ما يكفي من النص، ومن الفواصل، ليحسب."
                             "\n\nوفي الجزء الأول فقرة ثانية، طويلة بدورها، وفيها فواصل، كثيرة."
                             "\n\nالجزء الثاني من الخبر بعد الإعلان، وفيه أيضا نص كاف، وفواصل.");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, old_table_layout_with_text_in_a_cell)
{
    static const char html[] =
        "<html><head><title>خبر قديم</title></head><body><table><tr>"
        "<td class=\"menu\"><a href=\"/\">الرئيسية</a><br><a href=\"/a\">أخبار</a></td>"
        "<td>السطر الأول من الخبر القديم، مكتوب مباشرة في الخلية، وطويل بما يكفي.<br><br>"
        "والسطر الثاني من الخبر، مكتوب هو الآخر في الخلية نفسها، بعد فاصلين.</td>"
        "</tr></table></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.body, "السطر الأول من الخبر القديم، مكتوب مباشرة في الخلية، وطويل بما "
                             "يكفي.\n\nوالسطر الثاني من الخبر، مكتوب هو الآخر في الخلية نفسها، "
                             "بعد فاصلين.");
    got_free(&g);
    buf_free(&err);
}

Test(html_import, author_meta_that_is_the_site_name_is_not_a_byline)
{
    static const char html[] =
        "<html><head><meta property=\"og:site_name\" content=\"النهار اليوم\">"
        "<meta name=\"author\" content=\"النهار اليوم\"><title>عنوان الخبر | النهار "
        "اليوم</title></head><body><article><div class=\"byline\">كتب: عمر يوسف</div>"
        "<p>نص الخبر الذي يكفي طوله ليعد فقرة من فقرات المقال.</p></article></body></html>";
    struct got g;
    struct buf err = BUF_INIT;
    cr_assert_eq(run_str(html, &g, &err), 0, "%s", buf_str(&err));
    cr_expect_str_eq(g.title, "عنوان الخبر");
    cr_expect_str_eq(g.author, "عمر يوسف");
    cr_expect_str_eq(g.body, "نص الخبر الذي يكفي طوله ليعد فقرة من فقرات المقال.");
    got_free(&g);
    buf_free(&err);
}

/* A page with the head and the article's figures given, saved at saved/news/page.html. */
static void run_image_page(const char *head, const char *article, struct got *g)
{
    struct buf html = BUF_INIT, err = BUF_INIT;
    buf_printf(&html,
               "<html><head><title>افتتاح المكتبة العامة</title>%s</head><body>"
               "<aside class=\"sidebar\"><figure><img src=\"ad.jpg\"></figure></aside>"
               "<article>%s<p>افتتحت البلدية صباح اليوم المكتبة العامة الجديدة في وسط "
               "المدينة، بعد أعمال ترميم استمرت عامين كاملين، وحضر الافتتاح عدد كبير.</p>"
               "</article></body></html>",
               head, article);
    page_path = "saved/news/page.html";
    cr_assert_eq(run(html.p, html.len, g, &err), 0, "%s", buf_str(&err));
    page_path = "test.html";
    buf_free(&html);
    buf_free(&err);
}

Test(html_import, main_image_og_image_or_the_first_figure_found_beside_the_page)
{
    struct got g;
    /* og:image saved with the page, with its alt text; it is the figure's, so its caption. */
    run_image_page(
        "<meta property=\"og:image\" content=\"page_files/%D9%85%D9%83%D8%AA%D8%A8%D8%A9.jpg?v=2\">"
        "<meta property=\"og:image:alt\" content=\"واجهة المكتبة\">",
        "<figure><img src=\"page_files/%D9%85%D9%83%D8%AA%D8%A8%D8%A9.jpg?v=2\" alt=\"x\">"
        "<figcaption>المبنى بعد  الترميم</figcaption></figure>",
        &g);
    cr_expect_str_eq(g.image_path, "saved/news/page_files/مكتبة.jpg");
    cr_expect_str_eq(g.image_alt, "واجهة المكتبة");
    cr_expect_str_eq(g.image_caption, "المبنى بعد الترميم");
    cr_expect_null(g.image_missing);
    got_free(&g);

    /* og:image on the web (not fetched): the first figure of the article, not the sidebar's. */
    run_image_page("<meta property=\"og:image\" content=\"https://cdn.example/lib.jpg\">",
                   "<figure><picture><img src=\"./img/hall.jpg\" alt=\"قاعة  القراءة\">"
                   "</picture><figcaption>قاعة القراءة</figcaption></figure>",
                   &g);
    cr_expect_str_eq(g.image_path, "saved/news/./img/hall.jpg");
    cr_expect_str_eq(g.image_alt, "قاعة القراءة");
    cr_expect_str_eq(g.image_caption, "قاعة القراءة");
    got_free(&g);

    /* Only addresses on the web, or an absolute path: no photo, and why. */
    run_image_page("<meta property=\"og:image\" content=\"//cdn.example/lib.jpg\">",
                   "<figure><img src=\"/etc/passwd\"></figure>", &g);
    cr_expect_null(g.image_path);
    cr_expect(g.image_missing && strstr(g.image_missing, "//cdn.example/lib.jpg"), "%s",
              g.image_missing);
    got_free(&g);

    /* No image at all: nothing said. An image outside a figure is not the main one. */
    run_image_page("", "<p><img src=\"inline.jpg\"></p>", &g);
    cr_expect_null(g.image_path);
    cr_expect_null(g.image_missing);
    got_free(&g);
}

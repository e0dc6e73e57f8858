/*
 * sitemap.c: the sitemaps (the sitemaps.org protocol 0.9) and the robots.txt that names them.
 *
 *   /sitemap.xml               the index: the article files, then the categories' and the
 *                              topics' sitemaps, each with the latest <lastmod> it holds
 *   /sitemap-articles-{N}.xml  live articles, newest first, ARTICLES_PER_FILE a file, N from 1;
 *                              <lastmod> the later of publication and last update, and the
 *                              featured image (the image sitemap extension)
 *   /sitemap-categories.xml    the categories that have live articles, <lastmod> the newest
 *                              one's publication
 *   /sitemap-topics.xml        the same for topics, at most TAXONOMY_MAX (the protocol's limit
 *                              for one file), the most recently active first
 *   /sitemap-news.xml          Google News: live articles of the last NEWS_AGE seconds, at most
 *                              NEWS_MAX, with the site's name, the language, date and title
 *   /robots.txt                keeps crawlers out of /admin/ and /api/ and names /sitemap.xml
 *                              and /sitemap-news.xml
 *
 * An article file past the last, or with N not written plainly (0, 01), is 404; the first
 * exists even on an empty site. URLs in <loc> are absolute and percent-encoded
 * (view_absolute_uri), dates W3C datetimes (iso_datetime). The XML is written in C for the
 * reasons feed.c gives.
 */
#include "pages/pages.h"
#include "store/store.h"
#include "text/ardate.h"
#include "text/escape.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/site.h"
#include "view/url.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

enum {
    ARTICLES_PER_FILE = 10000,
    TAXONOMY_MAX = 50000,
    NEWS_MAX = 1000,
    NEWS_AGE = 2 * 86400,
};

#define XML_DECL   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define SITEMAP_NS "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
#define NEWS_NS    "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""
#define IMAGE_NS   "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\""

/* <element><loc>origin + path</loc><lastmod>…</lastmod></element>, lastmod left out when 0,
 * with an <image:image> (Google's image sitemap extension) for image, a site path, unless NULL. */
static void put_entry(struct req *r, const char *element, const char *path, int64_t lastmod,
                      const char *image)
{
    struct buf *out = &r->out;
    buf_printf(out, "<%s>\n", element);
    esc_xml_element(out, "loc", view_absolute_uri(r, path));
    if (lastmod > 0) {
        buf_puts(out, "<lastmod>");
        iso_datetime(out, lastmod);
        buf_puts(out, "</lastmod>\n");
    }
    if (image) {
        buf_puts(out, "<image:image>\n");
        esc_xml_element(out, "image:loc", view_absolute_uri(r, image));
        buf_puts(out, "</image:image>\n");
    }
    buf_printf(out, "</%s>\n", element);
}

static int64_t lastmod_of(json_t *row)
{
    return json_integer_value(json_object_get(row, "lastmod"));
}

/* Closes the document with end and sets the headers every sitemap shares. Returns 0. */
static int finish(struct req *r, const char *end)
{
    buf_puts(&r->out, end);
    r->content_type = "application/xml; charset=utf-8";
    /* As feeds: five minutes in a cache, then the ETag. */
    req_add_header(r, "Cache-Control", "public, max-age=300");
    return 0;
}

int page_sitemap_index(struct req *r)
{
    json_t *pages = NULL, *categories = NULL, *topics = NULL;
    int rc;
    if ((rc = store_sitemap_article_pages(r->db, r->now, ARTICLES_PER_FILE, &pages)) != DB_OK ||
        (rc = store_sitemap_taxonomy(r->db, false, r->now, 1, &categories)) != DB_OK ||
        (rc = store_sitemap_taxonomy(r->db, true, r->now, 1, &topics)) != DB_OK) {
        json_decref(pages);
        json_decref(categories);
        return view_fail_db(r, rc);
    }
    buf_puts(&r->out, XML_DECL "<sitemapindex " SITEMAP_NS ">\n");
    /* An empty site still has its first (empty) article file. */
    size_t n = json_array_size(pages) ? json_array_size(pages) : 1;
    for (size_t i = 0; i < n; i++)
        put_entry(r, "sitemap", arena_printf(&r->arena, "/sitemap-articles-%zu.xml", i + 1),
                  lastmod_of(json_array_get(pages, i)), NULL);
    put_entry(r, "sitemap", "/sitemap-categories.xml", lastmod_of(json_array_get(categories, 0)),
              NULL);
    put_entry(r, "sitemap", "/sitemap-topics.xml", lastmod_of(json_array_get(topics, 0)), NULL);
    json_decref(pages);
    json_decref(categories);
    json_decref(topics);
    return finish(r, "</sitemapindex>\n");
}

int page_sitemap_articles(struct req *r)
{
    const char *text = req_param(r, "n");
    int64_t n = view_parse_id(text);
    char plain[24];
    snprintf(plain, sizeof plain, "%lld", (long long)n);
    if (n <= 0 || n > INT_MAX / ARTICLES_PER_FILE || strcmp(plain, text) != 0)
        return req_fail(r, 404, "not_found", "لا توجد خريطة موقع بهذا الرقم.");
    json_t *rows;
    int rc = store_sitemap_articles(r->db, r->now, (int)(n - 1) * ARTICLES_PER_FILE,
                                    ARTICLES_PER_FILE, &rows);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    if (n > 1 && json_array_size(rows) == 0) {
        json_decref(rows);
        return req_fail(r, 404, "not_found", "لا توجد خريطة موقع بهذا الرقم.");
    }
    buf_puts(&r->out, XML_DECL "<urlset " SITEMAP_NS " " IMAGE_NS ">\n");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *slug = json_string_value(json_object_get(row, "slug"));
        json_t *image = view_image(json_object_get(row, "image"));
        put_entry(r, "url",
                  view_article_path(r, json_integer_value(json_object_get(row, "id")), slug),
                  lastmod_of(row),
                  json_string_value(json_object_get(json_object_get(image, "largest"), "url")));
    }
    json_decref(rows);
    return finish(r, "</urlset>\n");
}

/* The categories' or the topics' sitemap. */
static int taxonomy(struct req *r, enum listing_kind kind)
{
    json_t *rows;
    int rc = store_sitemap_taxonomy(r->db, kind == LIST_TOPIC, r->now, TAXONOMY_MAX, &rows);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    buf_puts(&r->out, XML_DECL "<urlset " SITEMAP_NS ">\n");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *slug = json_string_value(json_object_get(row, "slug"));
        put_entry(r, "url", page_listing_path(r, kind, slug), lastmod_of(row), NULL);
    }
    json_decref(rows);
    return finish(r, "</urlset>\n");
}

int page_sitemap_categories(struct req *r)
{
    return taxonomy(r, LIST_CATEGORY);
}

int page_sitemap_topics(struct req *r)
{
    return taxonomy(r, LIST_TOPIC);
}

int page_sitemap_news(struct req *r)
{
    json_t *cards;
    int rc = store_articles_latest(r->db, NULL, r->now, 0, NEWS_MAX, NULL, &cards);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    struct buf *out = &r->out;
    buf_puts(out, XML_DECL "<urlset " SITEMAP_NS " " NEWS_NS ">\n");
    size_t i;
    json_t *a;
    json_array_foreach(cards, i, a) {
        int64_t published = json_integer_value(json_object_get(a, "published_at"));
        if (published < r->now - NEWS_AGE)
            break; /* newest first: the rest are older still */
        const char *path = view_article_path(r, json_integer_value(json_object_get(a, "id")),
                                             json_string_value(json_object_get(a, "slug")));
        buf_puts(out, "<url>\n");
        esc_xml_element(out, "loc", view_absolute_uri(r, path));
        buf_puts(out, "<news:news>\n<news:publication>\n");
        esc_xml_element(out, "news:name", site_get()->name);
        esc_xml_element(out, "news:language", "ar");
        buf_puts(out, "</news:publication>\n<news:publication_date>");
        iso_datetime(out, published);
        buf_puts(out, "</news:publication_date>\n");
        esc_xml_element(out, "news:title", json_string_value(json_object_get(a, "title")));
        buf_puts(out, "</news:news>\n</url>\n");
    }
    json_decref(cards);
    return finish(r, "</urlset>\n");
}

int page_robots(struct req *r)
{
    buf_printf(&r->out,
               "User-agent: *\n"
               "Disallow: /admin/\n"
               "Disallow: /api/\n"
               "\n"
               "Sitemap: %s\n"
               "Sitemap: %s\n",
               view_absolute_uri(r, "/sitemap.xml"), view_absolute_uri(r, "/sitemap-news.xml"));
    r->content_type = "text/plain; charset=utf-8";
    req_add_header(r, "Cache-Control", "public, max-age=3600");
    return 0;
}

/*
 * feed.c: RSS 2.0 and Atom 1.0 feeds of the newest articles: /feed and /feed/atom for the site,
 * /c/{slug}/feed, /t/{slug}/feed, /u/{slug}/feed (and .../feed/atom) for a category, a topic or
 * an author (an unknown slug is 404, as on its page).
 *
 * A feed holds the FEED_ITEMS newest live articles, each with its title, permalink (also its
 * RSS guid and Atom id), dek (RSS description, Atom summary), byline (RSS dc:creator), category
 * and topics (<category>), publication and last-change dates (RFC 822 for RSS, RFC 3339 for
 * Atom) and, when the setting feed_full_body is on, its whole body as HTML (RSS
 * content:encoded, Atom <content type="html">); its featured image (RSS media:content with its
 * caption and credit, and enclosure; Atom's enclosure link).
 *
 * The XML is written here in C, not by a theme template: a feed is data whose shape the two
 * formats fix, so a theme has nothing to change in it, and it wants XML escaping (esc_xml) and
 * percent-encoded URIs (view_absolute_uri) where templates know only HTML escaping.
 *
 * Every text reaches a feed reader as the text written, never as markup. RSS does not say which
 * elements hold HTML, and readers guess: <description> is HTML by the specification, and titles
 * are read as HTML by most readers (feedparser does whenever one looks like it), so both carry
 * the text HTML-escaped and then XML-escaped (put_rss_html); <category> and <dc:creator> are
 * plain text, written as the RSS Best Practices Profile says (esc_xml_plain). Atom says what
 * each element holds: titles, summaries, names and category terms are text (its default type),
 * escaped once; the body is <content type="html">, its HTML escaped once.
 */
#include "pages/pages.h"
#include "store/store.h"
#include "text/ardate.h"
#include "text/escape.h"
#include "text/markdown.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/site.h"
#include "view/url.h"
#include "web/route.h"

#include <string.h>

enum { FEED_ITEMS = 30 };

/* What both formats say. */
struct feed {
    const char *title, *description;
    const char *page; /* the HTML page the feed follows: an absolute URI */
    const char *self; /* this feed: an absolute URI */
    json_t *articles; /* store_article_get() of each article, newest first */
    int64_t updated;  /* the latest change among them; the request's time when there are none */
};

static const char *text_of(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* When an article last changed: the later of its publication and its last update. */
static int64_t changed_at(json_t *a)
{
    int64_t published = json_integer_value(json_object_get(a, "published_at"));
    int64_t updated = json_integer_value(json_object_get(a, "updated_at"));
    return updated > published ? updated : published;
}

/* Fills f for the feed the route names ("/feed...": the site; "/c/:slug/feed...": a category,
 * and so on). Returns 0, or req_fail()'s -1. f->articles is the caller's to decref. */
static int feed_load(struct req *r, struct feed *f)
{
    const struct site *s = site_get();
    const char *pattern = r->route->pattern;
    struct article_filter filter = {0};
    f->title = s->name;
    f->description = *s->description ? s->description : *s->tagline ? s->tagline : s->name;
    f->page = view_absolute_uri(r, "/");
    if (strncmp(pattern, "/feed", 5) != 0) {
        enum listing_kind kind = pattern[1] == 'c'   ? LIST_CATEGORY
                                 : pattern[1] == 't' ? LIST_TOPIC
                                                     : LIST_AUTHOR;
        json_t *thing = page_listing_subject(r, kind, &filter);
        if (!thing)
            return -1;
        const char *about = text_of(thing, kind == LIST_AUTHOR ? "bio" : "description");
        f->title = arena_printf(&r->arena, "%s — %s", text_of(thing, "name"), s->name);
        if (*about)
            f->description = arena_strdup(&r->arena, about);
        f->page = view_absolute_uri(r, page_listing_path(r, kind, req_param(r, "slug")));
        json_decref(thing);
    }
    f->self = view_absolute_uri(r, r->path);

    /* The list gives the newest live articles; each is then read whole for its body, topics
     * and last update. */
    json_t *cards;
    int rc = store_articles_latest(r->db, &filter, r->now, 0, FEED_ITEMS, NULL, &cards);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    f->articles = json_array();
    f->updated = 0;
    size_t i;
    json_t *card;
    json_array_foreach(cards, i, card) {
        json_t *a;
        rc = store_article_get(r->db, json_integer_value(json_object_get(card, "id")), &a);
        if (rc == DB_DONE)
            continue; /* deleted since the list was read */
        if (rc != DB_OK) {
            json_decref(cards);
            json_decref(f->articles);
            return view_fail_db(r, rc);
        }
        view_image_of(a);
        if (changed_at(a) > f->updated)
            f->updated = changed_at(a);
        json_array_append_new(f->articles, a);
    }
    json_decref(cards);
    if (!f->updated)
        f->updated = r->now;
    return 0;
}

/* The article's permalink, an absolute URI. */
static const char *permalink(struct req *r, json_t *a)
{
    int64_t id = json_integer_value(json_object_get(a, "id"));
    return view_absolute_uri(r, view_article_path(r, id, text_of(a, "slug")));
}

/* <tag>date</tag>, the date written by fmt. */
static void put_date(struct buf *out, const char *tag, void (*fmt)(struct buf *, int64_t),
                     int64_t t)
{
    buf_printf(out, "<%s>", tag);
    fmt(out, t);
    buf_printf(out, "</%s>\n", tag);
}

/* <tag>s</tag> for an RSS element that readers render as HTML (titles, descriptions): s is
 * HTML-escaped, then XML-escaped, so the HTML a reader renders shows s as written. */
static void put_rss_html(struct buf *out, const char *tag, const char *s)
{
    struct buf html = BUF_INIT;
    esc_html(&html, s, strlen(s));
    esc_xml_element(out, tag, buf_str(&html));
    buf_free(&html);
}

/* <tag>s</tag> for an RSS element of plain text (<category>, <dc:creator>). */
static void put_rss_plain(struct buf *out, const char *tag, const char *s)
{
    buf_printf(out, "<%s>", tag);
    esc_xml_plain(out, s, strlen(s));
    buf_printf(out, "</%s>\n", tag);
}

/* <element rel="rel" type="type" href="href"/> (Atom's link, RSS's atom:link). */
static void put_link(struct buf *out, const char *element, const char *rel, const char *type,
                     const char *href)
{
    buf_printf(out, "<%s rel=\"%s\" type=\"%s\" href=\"", element, rel, type);
    esc_xml(out, href, strlen(href));
    buf_puts(out, "\"/>\n");
}

/* The article's body as HTML, escaped as the text of <tag attrs>. */
static void put_body(struct req *r, struct buf *out, const char *tag, const char *attrs, json_t *a)
{
    struct buf html = BUF_INIT;
    const char *body = text_of(a, "body");
    struct markdown_media media = {view_media_markdown, r};
    markdown_html_media(&html, body, strlen(body), &media);
    buf_printf(out, "<%s%s>", tag, attrs);
    esc_xml(out, buf_str(&html), html.len);
    buf_printf(out, "</%s>\n", tag);
    buf_free(&html);
}

/* The featured image: RSS's media:content (Media RSS) with its words and an enclosure, or
 * Atom's enclosure link; the largest JPEG, whose size in bytes the enclosure gives. */
static void put_image(struct req *r, struct buf *out, json_t *a, bool atom)
{
    json_t *m = json_object_get(a, "image");
    json_t *largest = json_object_get(m, "largest");
    if (!largest)
        return;
    const char *url = view_absolute_uri(r, text_of(largest, "url"));
    long long bytes = view_image_bytes(r, text_of(largest, "url"));
    if (atom) {
        buf_puts(out, "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"");
        esc_xml(out, url, strlen(url));
        buf_printf(out, "\" length=\"%lld\"/>\n", bytes);
        return;
    }
    buf_puts(out, "<enclosure url=\"");
    esc_xml(out, url, strlen(url));
    buf_printf(out, "\" length=\"%lld\" type=\"image/jpeg\"/>\n", bytes);
    buf_puts(out, "<media:content url=\"");
    esc_xml(out, url, strlen(url));
    buf_printf(out, "\" medium=\"image\" type=\"image/jpeg\" width=\"%lld\" height=\"%lld\">\n",
               (long long)json_integer_value(json_object_get(largest, "width")),
               (long long)json_integer_value(json_object_get(largest, "height")));
    const char *caption = text_of(m, "caption");
    esc_xml_element(out, "media:description", *caption ? caption : text_of(m, "alt"));
    if (*text_of(m, "credit"))
        esc_xml_element(out, "media:credit", text_of(m, "credit"));
    buf_puts(out, "</media:content>\n");
}

/* One <category> for the article's category and one for each topic: RSS's text, Atom's term. */
static void put_categories(struct buf *out, json_t *a, bool atom)
{
    json_t *names = json_array();
    json_t *category = json_object_get(json_object_get(a, "category"), "name");
    if (json_string_length(category))
        json_array_append(names, category);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        json_array_append(names, json_object_get(t, "name"));
    }
    json_t *name;
    json_array_foreach(names, i, name) {
        if (!atom) {
            put_rss_plain(out, "category", json_string_value(name));
            continue;
        }
        buf_puts(out, "<category term=\"");
        esc_xml(out, json_string_value(name), json_string_length(name));
        buf_puts(out, "\"/>\n");
    }
    json_decref(names);
}

static void write_rss(struct req *r, const struct feed *f)
{
    struct buf *out = &r->out;
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\""
                  " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
                  " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                  " xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
                  "<channel>\n");
    put_rss_html(out, "title", f->title);
    esc_xml_element(out, "link", f->page);
    put_rss_html(out, "description", f->description);
    esc_xml_element(out, "language", "ar");
    put_date(out, "lastBuildDate", rfc822_datetime, f->updated);
    put_link(out, "atom:link", "self", "application/rss+xml", f->self);
    size_t i;
    json_t *a;
    json_array_foreach(f->articles, i, a) {
        const char *url = permalink(r, a);
        const char *author = text_of(json_object_get(a, "author"), "name");
        buf_puts(out, "<item>\n");
        put_rss_html(out, "title", text_of(a, "title"));
        esc_xml_element(out, "link", url);
        buf_puts(out, "<guid isPermaLink=\"true\">");
        esc_xml(out, url, strlen(url));
        buf_puts(out, "</guid>\n");
        if (*text_of(a, "dek"))
            put_rss_html(out, "description", text_of(a, "dek"));
        if (*author)
            put_rss_plain(out, "dc:creator", author);
        put_categories(out, a, false);
        put_image(r, out, a, false);
        put_date(out, "pubDate", rfc822_datetime,
                 json_integer_value(json_object_get(a, "published_at")));
        if (site_get()->feed_full_body)
            put_body(r, out, "content:encoded", "", a);
        buf_puts(out, "</item>\n");
    }
    buf_puts(out, "</channel>\n</rss>\n");
}

static void write_atom(struct req *r, const struct feed *f)
{
    struct buf *out = &r->out;
    /* xml:base resolves the relative links an article body may hold against the site. */
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\" xml:base=\"");
    const char *base = view_absolute_uri(r, "/");
    esc_xml(out, base, strlen(base));
    buf_puts(out, "\">\n");
    esc_xml_element(out, "title", f->title);
    esc_xml_element(out, "subtitle", f->description);
    put_link(out, "link", "alternate", "text/html", f->page);
    put_link(out, "link", "self", "application/atom+xml", f->self);
    esc_xml_element(out, "id", f->self);
    put_date(out, "updated", iso_datetime, f->updated);
    /* Atom wants an author for every entry: the site stands in for articles without one. */
    buf_puts(out, "<author>\n");
    esc_xml_element(out, "name", site_get()->name);
    buf_puts(out, "</author>\n");
    size_t i;
    json_t *a;
    json_array_foreach(f->articles, i, a) {
        const char *url = permalink(r, a);
        json_t *author = json_object_get(a, "author");
        buf_puts(out, "<entry>\n");
        esc_xml_element(out, "title", text_of(a, "title"));
        put_link(out, "link", "alternate", "text/html", url);
        esc_xml_element(out, "id", url);
        put_date(out, "published", iso_datetime,
                 json_integer_value(json_object_get(a, "published_at")));
        put_date(out, "updated", iso_datetime, changed_at(a));
        if (*text_of(author, "name")) {
            buf_puts(out, "<author>\n");
            esc_xml_element(out, "name", text_of(author, "name"));
            const char *page = page_listing_path(r, LIST_AUTHOR, text_of(author, "slug"));
            esc_xml_element(out, "uri", view_absolute_uri(r, page));
            buf_puts(out, "</author>\n");
        }
        put_categories(out, a, true);
        put_image(r, out, a, true);
        if (*text_of(a, "dek"))
            esc_xml_element(out, "summary", text_of(a, "dek"));
        if (site_get()->feed_full_body)
            put_body(r, out, "content", " type=\"html\"", a);
        buf_puts(out, "</entry>\n");
    }
    buf_puts(out, "</feed>\n");
}

/* Writes the route's feed in one format. */
static int feed(struct req *r, void (*write)(struct req *, const struct feed *),
                const char *content_type)
{
    struct feed f;
    if (feed_load(r, &f) != 0)
        return -1;
    write(r, &f);
    json_decref(f.articles);
    r->content_type = content_type;
    /* Readers poll; five minutes in a cache is fresh enough for news (ETags answer the rest). */
    req_add_header(r, "Cache-Control", "public, max-age=300");
    return 0;
}

int page_feed_rss(struct req *r)
{
    return feed(r, write_rss, "application/rss+xml; charset=utf-8");
}

int page_feed_atom(struct req *r)
{
    return feed(r, write_atom, "application/atom+xml; charset=utf-8");
}

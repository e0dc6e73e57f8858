/*
 * meta.c: what a page's <head> says about it besides its title and description: the feeds it
 * links to, and an article's OpenGraph properties and JSON-LD (docs/THEMES.md, "page").
 *
 * page_model() (pages/page.c) gives every page its canonical URL, og_type "website" and the
 * site's feeds; the listing pages add their section's feeds and the article page the rest
 * through these. URLs here are absolute IRIs (view_absolute_iri(): Arabic as written), which
 * HTML attributes and JSON-LD both accept; the layout prints them escaped like any other field,
 * and the JSON-LD is escaped for its <script> element by esc_json_script(), so no title can
 * close the script.
 */
#include "view/meta.h"
#include "base/mem.h"
#include "text/escape.h"
#include "text/markdown.h"
#include "view/dates.h"
#include "view/site.h"
#include "view/url.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void meta_feeds(struct req *r, json_t *page, const char *path, const char *name)
{
    static const struct {
        const char *type, *suffix, *label;
    } formats[] = {
        {"application/rss+xml", "/feed", ""},
        {"application/atom+xml", "/feed/atom", " (Atom)"},
    };
    const char *site = site_get()->name;
    json_t *feeds = json_object_get(page, "feeds");
    for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
        const char *title = name
                                ? arena_printf(&r->arena, "%s — %s%s", site, name, formats[i].label)
                                : arena_printf(&r->arena, "%s%s", site, formats[i].label);
        json_array_append_new(feeds, json_pack("{s:s, s:s+, s:s}", "type", formats[i].type, "url",
                                               path, formats[i].suffix, "title", title));
    }
}

/* An image or logo address as an absolute IRI: a path on the site ("/static/x.png") gets the
 * site's origin, an http(s) URL stays as it is; anything else (empty, relative, another
 * scheme) is no image: NULL. */
static const char *absolute(struct req *r, const char *url)
{
    if (!url)
        return NULL;
    if (url[0] == '/' && url[1] != '/')
        return view_absolute_iri(r, url);
    if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0)
        return url;
    return NULL;
}

/* The length of a headline taken from the start of text: at most 110 bytes (Google's limit is
 * 110 characters), cut at a space and never inside a UTF-8 character. */
static int headline_length(const char *text, size_t n)
{
    if (n <= 110)
        return (int)n;
    size_t cut = 110;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    size_t space = cut;
    while (space > 40 && text[space] != ' ')
        space--;
    return (int)(text[space] == ' ' ? space : cut);
}

/* The schema.org NewsArticle of an article (Google's "Article" structured data). */
static json_t *news_article(struct req *r, json_t *a, json_t *og, const char *url,
                            const char *image)
{
    const struct site *s = site_get();
    /* A live page, or one that was (its coverage ended, its updates kept), is a live blog. */
    bool live = json_is_true(json_object_get(a, "live"));
    bool blog = live || json_array_size(json_object_get(a, "updates"));
    json_t *ld = json_pack("{s:s, s:s, s:O, s:O, s:O, s:s, s:s, s:s}", "@context",
                           "https://schema.org", "@type", blog ? "LiveBlogPosting" : "NewsArticle",
                           "headline", json_object_get(a, "title"), "datePublished",
                           json_object_get(og, "published_time"), "dateModified",
                           json_object_get(og, "modified_time"), "inLanguage", "ar",
                           "mainEntityOfPage", url, "url", url);
    const char *dek = json_string_value(json_object_get(a, "dek"));
    if (dek && *dek)
        json_object_set_new(ld, "description", json_string(dek));
    /* Every byline, in order, as a Person with the author page's address: one Person, or a list
     * of them for an article of several authors. */
    json_t *people = json_array();
    size_t k;
    json_t *author;
    json_array_foreach(json_object_get(a, "authors"), k, author) {
        const char *slug = json_string_value(json_object_get(author, "slug"));
        json_array_append_new(
            people,
            json_pack("{s:s, s:O, s:s}", "@type", "Person", "name", json_object_get(author, "name"),
                      "url",
                      view_absolute_iri(r, arena_printf(&r->arena, "/u/%s", slug ? slug : ""))));
    }
    if (json_array_size(people) == 1)
        json_object_set(ld, "author", json_array_get(people, 0));
    else if (json_array_size(people) > 1)
        json_object_set(ld, "author", people);
    json_decref(people);
    json_t *publisher = json_pack("{s:s, s:s, s:s}", "@type", "Organization", "name", s->name,
                                  "url", view_absolute_iri(r, "/"));
    const char *logo = absolute(r, s->logo);
    if (logo)
        json_object_set_new(publisher, "logo",
                            json_pack("{s:s, s:s}", "@type", "ImageObject", "url", logo));
    json_object_set_new(ld, "publisher", publisher);
    if (json_object_get(og, "section"))
        json_object_set(ld, "articleSection", json_object_get(og, "section"));
    if (json_array_size(json_object_get(og, "tags")))
        json_object_set(ld, "keywords", json_object_get(og, "tags"));
    const char *largest =
        absolute(r, json_string_value(json_object_get(
                        json_object_get(json_object_get(a, "image"), "largest"), "url")));
    if (image && largest)
        json_object_set_new(ld, "image", json_pack("[s, s]", image, largest));
    else if (image)
        json_object_set_new(ld, "image", json_string(image));
    /* Corrections, as schema.org's CorrectionComment (Google reads them). */
    json_t *corrections = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(a, "corrections"), i, c) {
        json_array_append_new(
            corrections,
            json_pack("{s:s, s:O, s:o}", "@type", "CorrectionComment", "text",
                      json_object_get(c, "body"), "datePublished",
                      view_iso_time(json_integer_value(json_object_get(c, "created_at")))));
    }
    if (json_array_size(corrections))
        json_object_set_new(ld, "correction", corrections);
    else
        json_decref(corrections);
    /* A live page: its coverage's start and its updates, each a BlogPosting at its anchor. */
    if (blog) {
        json_object_set(ld, "coverageStartTime", json_object_get(og, "published_time"));
        if (!live)
            json_object_set(ld, "coverageEndTime", json_object_get(og, "modified_time"));
        json_t *updates = json_array();
        json_t *u;
        json_array_foreach(json_object_get(a, "updates"), i, u) {
            struct buf text = BUF_INIT;
            const char *body = json_string_value(json_object_get(u, "body"));
            markdown_text(&text, body ? body : "", body ? strlen(body) : 0);
            json_array_append_new(
                updates,
                json_pack("{s:s, s:s%, s:O, s:s%, s:s}", "@type", "BlogPosting", "headline",
                          buf_str(&text), headline_length(buf_str(&text), text.len),
                          "datePublished", json_object_get(u, "datetime"), "articleBody",
                          buf_str(&text), text.len, "url",
                          arena_printf(&r->arena, "%s#%s", url,
                                       json_string_value(json_object_get(u, "anchor")))));
            buf_free(&text);
        }
        json_object_set_new(ld, "liveBlogUpdate", updates);
    }
    return ld;
}

void meta_article(struct req *r, json_t *page, json_t *a)
{
    const char *url = json_string_value(json_object_get(page, "canonical"));
    assert(url);
    int64_t published = json_integer_value(json_object_get(a, "published_at"));
    int64_t updated = json_integer_value(json_object_get(a, "updated_at"));
    if (updated < published) /* an article edited before it went live */
        updated = published;

    /* OpenGraph's article:* properties, named as OpenGraph names them. */
    json_t *tags = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        json_array_append(tags, json_object_get(t, "name"));
    }
    json_t *og = json_pack("{s:o, s:o, s:o}", "published_time", view_iso_time(published),
                           "modified_time", view_iso_time(updated), "tags", tags);
    json_t *section = json_object_get(json_object_get(a, "category"), "name");
    if (json_is_string(section))
        json_object_set(og, "section", section);
    const char *author = json_string_value(json_object_get(json_object_get(a, "author"), "slug"));
    if (author)
        json_object_set_new(
            og, "author",
            json_string(view_absolute_iri(r, arena_printf(&r->arena, "/u/%s", author))));

    /* The featured image's social crop (1200x630) for cards where links are shared; else an
     * image_url an import brought. */
    json_t *photo = json_object_get(a, "image");
    const char *image = absolute(r, json_string_value(json_object_get(photo, "social")));
    if (!image)
        image = absolute(r, json_string_value(json_object_get(a, "image_url")));
    json_object_set_new(page, "og_type", json_string("article"));
    if (image)
        json_object_set_new(page, "image", json_string(image));
    if (image && json_is_object(photo))
        json_object_set_new(page, "image_info",
                            json_pack("{s:O, s:O, s:O}", "alt", json_object_get(photo, "alt"),
                                      "width", json_object_get(photo, "social_width"), "height",
                                      json_object_get(photo, "social_height")));

    json_t *ld = news_article(r, a, og, url, image);
    char *text = json_dumps(ld, JSON_COMPACT);
    struct buf b = BUF_INIT;
    esc_json_script(&b, text, strlen(text));
    json_object_set_new(page, "jsonld_escaped", json_stringn(buf_str(&b), b.len));
    buf_free(&b);
    free(text);
    json_decref(ld);
    json_object_set_new(page, "article", og);
}

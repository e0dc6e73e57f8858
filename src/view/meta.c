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

/* The schema.org NewsArticle of an article (Google's "Article" structured data). */
static json_t *news_article(struct req *r, json_t *a, json_t *og, const char *url,
                            const char *image)
{
    const struct site *s = site_get();
    json_t *ld = json_pack(
        "{s:s, s:s, s:O, s:O, s:O, s:s, s:s, s:s}", "@context", "https://schema.org", "@type",
        "NewsArticle", "headline", json_object_get(a, "title"), "datePublished",
        json_object_get(og, "published_time"), "dateModified", json_object_get(og, "modified_time"),
        "inLanguage", "ar", "mainEntityOfPage", url, "url", url);
    const char *dek = json_string_value(json_object_get(a, "dek"));
    if (dek && *dek)
        json_object_set_new(ld, "description", json_string(dek));
    json_t *author = json_object_get(a, "author");
    if (json_is_string(json_object_get(author, "name")))
        json_object_set_new(ld, "author",
                            json_pack("{s:s, s:O, s:O?}", "@type", "Person", "name",
                                      json_object_get(author, "name"), "url",
                                      json_object_get(og, "author")));
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

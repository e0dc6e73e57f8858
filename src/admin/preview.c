/*
 * preview.c: what the editors' script shows beside the text while it is written: the text as
 * the page will render it (the site's own Markdown renderer, so the preview is the page), its
 * word count and reading time, and the address the title or slug makes. The editor computes
 * the same when a page is first shown, so a browser without the script still sees them.
 */
#include "admin/admin.h"
#include "text/markdown.h"
#include "text/slug.h"
#include "text/tokenize.h"
#include "view/dates.h"
#include "view/image.h"
#include "view/render.h"
#include "view/url.h"

#include <string.h>

enum { WORDS_A_MINUTE = 200 };

static int count_word(void *ctx, const char *s, size_t start, size_t len)
{
    (void)s, (void)start, (void)len;
    (*(size_t *)ctx)++;
    return 0;
}

json_t *admin_text_stats(struct req *r, const char *body)
{
    struct buf text = BUF_INIT;
    markdown_text(&text, body, strlen(body));
    size_t words = 0;
    words_each(buf_str(&text), text.len, count_word, &words);
    buf_free(&text);
    size_t minutes = (words + WORDS_A_MINUTE - 1) / WORDS_A_MINUTE;
    return json_pack("{s:I, s:s, s:s}", "words", (json_int_t)words, "words_text",
                     admin_counted(r, words, "كلمة واحدة", "كلمتان", "كلمات", "كلمة"),
                     "minutes_text",
                     words ? admin_counted(r, minutes, "دقيقة قراءة", "دقيقتا قراءة", "دقائق قراءة",
                                           "دقيقة قراءة")
                           : "");
}

const char *admin_address(struct req *r, const char *kind, int64_t id, const char *slug,
                          const char *title)
{
    struct buf s = BUF_INIT;
    slug_make(&s, *slug ? slug : title, strlen(*slug ? slug : title));
    const char *path = strcmp(kind, "page") == 0 ? arena_printf(&r->arena, "/p/%s", buf_str(&s))
                       : id ? view_article_path(r, id, s.len ? buf_str(&s) : "article")
                            : arena_printf(&r->arena, "/a/…/%s", s.len ? buf_str(&s) : "article");
    buf_free(&s);
    return view_absolute_iri(r, path);
}

int admin_preview(struct req *r)
{
    const char *body = req_form(r, "body") ? req_form(r, "body") : "";
    const char *kind = admin_field(r, "kind");
    struct buf html = BUF_INIT;
    /* As the page will show it: library photos as their figures, embeds as their placeholders
     * (which load nothing here). */
    struct markdown_media media = {view_media_markdown, r};
    markdown_html_embeds(&html, body, strlen(body), &media, NULL);
    json_t *out = admin_text_stats(r, body);
    json_object_set_new(out, "html", json_stringn(buf_str(&html), html.len));
    buf_free(&html);
    json_object_set_new(
        out, "address",
        json_string(admin_address(r, kind, view_parse_id(req_form(r, "id")), admin_field(r, "slug"),
                                  admin_field(r, "title"))));
    req_add_header(r, "Cache-Control", "no-store");
    return view_json(r, 200, out);
}

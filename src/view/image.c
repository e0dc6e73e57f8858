/* image.c: an image's addresses, srcsets and markup (image.h). */
#include "view/image.h"
#include "media/process.h"
#include "media/storage.h"
#include "store/store.h"
#include "text/escape.h"

#include <stdlib.h>
#include <string.h>

static json_t *url_of(const char *hash, int width, const char *ext)
{
    char name[96];
    media_name(name, hash, width, ext);
    return json_sprintf("/media/%s", name);
}

/* The social crop's size for a largest size of w x h (as media/process.c crops it). */
static void social_size(int w, int h, int *sw, int *sh)
{
    int cw, ch;
    media_social_box(w, h, &cw, &ch);
    if (cw > MEDIA_SOCIAL_WIDTH) {
        ch = (int)((double)ch * MEDIA_SOCIAL_WIDTH / cw + 0.5);
        cw = MEDIA_SOCIAL_WIDTH;
    }
    *sw = cw;
    *sh = ch;
}

json_t *view_image(json_t *m)
{
    if (!json_is_object(m))
        return m;
    const char *hash = json_string_value(json_object_get(m, "hash"));
    const char *widths = json_string_value(json_object_get(m, "widths"));
    int w = (int)json_integer_value(json_object_get(m, "width"));
    int h = (int)json_integer_value(json_object_get(m, "height"));
    if (!hash || !widths || w <= 0 || h <= 0)
        return m;
    json_t *sizes = json_array();
    struct buf webp = BUF_INIT, jpeg = BUF_INIT;
    int src = 0, smallest = 0, largest = 0, largest_h = 0;
    for (const char *p = widths; p && *p;) {
        int sw = atoi(p);
        int sh = (int)((double)h * sw / w + 0.5);
        if (sw > 0) {
            json_t *webp_url = url_of(hash, sw, "webp"), *jpeg_url = url_of(hash, sw, "jpg");
            buf_printf(&webp, "%s%s %dw", webp.len ? ", " : "", json_string_value(webp_url), sw);
            buf_printf(&jpeg, "%s%s %dw", jpeg.len ? ", " : "", json_string_value(jpeg_url), sw);
            json_array_append_new(sizes, json_pack("{s:i, s:i, s:o, s:o}", "width", sw, "height",
                                                   sh, "webp", webp_url, "jpeg", jpeg_url));
            if (!smallest)
                smallest = sw;
            if (sw <= 960)
                src = sw;
            largest = sw;
            largest_h = sh;
        }
        p = strchr(p, ',');
        p = p ? p + 1 : NULL;
    }
    if (!src)
        src = smallest;
    json_object_set_new(m, "sizes", sizes);
    json_object_set_new(m, "srcset_webp", json_stringn(buf_str(&webp), webp.len));
    json_object_set_new(m, "srcset_jpeg", json_stringn(buf_str(&jpeg), jpeg.len));
    buf_free(&webp);
    buf_free(&jpeg);
    json_object_set_new(m, "src", url_of(hash, src, "jpg"));
    json_object_set_new(m, "img_width", json_integer(src));
    json_object_set_new(m, "img_height", json_integer((int)((double)h * src / w + 0.5)));
    json_object_set_new(m, "thumb", url_of(hash, smallest, "jpg"));
    json_object_set_new(m, "words",
                        json_boolean(json_string_length(json_object_get(m, "caption")) ||
                                     json_string_length(json_object_get(m, "credit"))));
    json_object_set_new(m, "largest",
                        json_pack("{s:o, s:i, s:i}", "url", url_of(hash, largest, "jpg"), "width",
                                  largest, "height", largest_h));
    char name[96];
    media_social_name(name, hash, (int)json_integer_value(json_object_get(m, "focal_x")),
                      (int)json_integer_value(json_object_get(m, "focal_y")));
    int sw, sh;
    social_size(largest, largest_h, &sw, &sh);
    json_object_set_new(m, "social", json_sprintf("/media/%s", name));
    json_object_set_new(m, "social_width", json_integer(sw));
    json_object_set_new(m, "social_height", json_integer(sh));
    return m;
}

void view_image_of(json_t *article)
{
    json_t *m = json_object_get(article, "image");
    if (json_is_object(m))
        view_image(m);
}

static void attr(struct buf *out, const char *name, const char *value)
{
    buf_printf(out, " %s=\"", name);
    esc_html(out, value ? value : "", value ? strlen(value) : 0);
    buf_putc(out, '"');
}

static const char *text(json_t *m, const char *key)
{
    const char *s = json_string_value(json_object_get(m, key));
    return s ? s : "";
}

void view_image_html(struct buf *out, json_t *m, const char *sizes, bool first, bool figure)
{
    if (figure)
        buf_puts(out, "<figure class=\"photo\">");
    buf_puts(out, "<picture><source type=\"image/webp\"");
    attr(out, "srcset", text(m, "srcset_webp"));
    attr(out, "sizes", sizes);
    buf_puts(out, "><img");
    attr(out, "src", text(m, "src"));
    attr(out, "srcset", text(m, "srcset_jpeg"));
    attr(out, "sizes", sizes);
    buf_printf(out, " width=\"%lld\" height=\"%lld\"",
               (long long)json_integer_value(json_object_get(m, "img_width")),
               (long long)json_integer_value(json_object_get(m, "img_height")));
    attr(out, "alt", text(m, "alt"));
    buf_puts(out, first ? " fetchpriority=\"high\">" : " loading=\"lazy\" decoding=\"async\">");
    buf_puts(out, "</picture>");
    if (figure) {
        const char *caption = text(m, "caption"), *credit = text(m, "credit");
        if (*caption || *credit) {
            buf_puts(out, "<figcaption>");
            esc_html(out, caption, strlen(caption));
            if (*credit) {
                buf_puts(out, " <span class=\"credit\">");
                esc_html(out, credit, strlen(credit));
                buf_puts(out, "</span>");
            }
            buf_puts(out, "</figcaption>");
        }
        buf_puts(out, "</figure>\n");
    }
}

void view_media_markdown(void *ctx, struct buf *out, int64_t id, const char *alt, bool alone)
{
    struct req *r = ctx;
    json_t *found = NULL;
    if (store_media_some(r->db, &id, 1, &found) != DB_OK)
        return;
    json_t *m = json_object_iter_value(json_object_iter(found));
    if (!m) {
        json_decref(found);
        return; /* not in the library: nothing rather than a broken image */
    }
    json_incref(m);
    json_decref(found);
    view_image(m);
    if (alt && *alt)
        json_object_set_new(m, "alt", json_string(alt));
    view_image_html(out, m, "(min-width: 760px) 720px, 100vw", false, alone);
    json_decref(m);
}

long long view_image_bytes(struct req *r, const char *url)
{
    if (strncmp(url, "/media/", 7) != 0)
        return 0;
    size_t n = 0;
    return media_size(r->db, url + 7, &n) == 0 ? (long long)n : 0;
}

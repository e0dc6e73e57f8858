/* export.c: the archive as JSON Lines or WXR (see export.h). */
#include "import/export.h"
#include "base/buf.h"
#include "base/u64map.h"
#include "media/process.h"
#include "media/storage.h"
#include "store/store.h"
#include "text/escape.h"
#include "text/markdown.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* UTC time as 2018-04-20T12:00:00Z. */
static void put_iso(char *out, size_t size, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *name_of(json_t *a, const char *key, const char *field)
{
    return json_string_value(json_object_get(json_object_get(a, key), field));
}

struct jsonl {
    FILE *out;
    struct db *db;
    const char *media_out; /* NULL: photos not exported */
    bool failed;
};

/* The featured photo m (an article's "image") written into the folder media_out as
 * <hash>.jpg, its largest JPEG; its path (media_out/<hash>.jpg) in *path. True when written;
 * false (said on stderr) when m is no photo or the file could not be written. */
static bool write_photo(struct db *db, const char *media_out, json_t *m, struct buf *path)
{
    const char *hash = json_string_value(json_object_get(m, "hash"));
    const char *widths = json_string_value(json_object_get(m, "widths"));
    if (!hash || !widths)
        return false;
    const char *last = strrchr(widths, ',');
    char name[96];
    media_name(name, hash, atoi(last ? last + 1 : widths), "jpg");
    void *p;
    size_t n;
    buf_printf(path, "%s/%s.jpg", media_out, hash);
    FILE *f = NULL;
    bool ok = media_get(db, name, &p, &n) == 0;
    if (ok) {
        f = fopen(buf_str(path), "wb");
        ok = f && fwrite(p, 1, n, f) == n;
        ok = (f && fclose(f) == 0) && ok;
        free(p);
    }
    if (!ok)
        fprintf(stderr, "sahifa: the photo %s could not be written to %s\n", name, buf_str(path));
    return ok;
}

/* The folder photos are exported into, made when missing. 0, or -1 (said on stderr). */
static int media_folder(const char *media_out)
{
    if (media_out && mkdir(media_out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "sahifa: cannot make the folder %s: %s\n", media_out, strerror(errno));
        return -1;
    }
    return 0;
}

/* The article's featured photo into e->media_out: its "image" field, or NULL (none, or it could
 * not be written: e->failed). */
static json_t *jsonl_image(struct jsonl *e, json_t *a)
{
    json_t *m = json_object_get(a, "image");
    if (!e->media_out || !json_is_object(m))
        return NULL;
    struct buf path = BUF_INIT;
    json_t *image = NULL;
    if (write_photo(e->db, e->media_out, m, &path))
        image = json_pack("{s:s, s:O, s:O, s:O}", "path", buf_str(&path), "alt",
                          json_object_get(m, "alt"), "caption", json_object_get(m, "caption"),
                          "credit", json_object_get(m, "credit"));
    else
        e->failed = true;
    buf_free(&path);
    return image;
}

static int jsonl_one(void *ctx, json_t *a)
{
    struct jsonl *e = ctx;
    FILE *out = e->out;
    char when[32] = "";
    int64_t id = json_integer_value(json_object_get(a, "id"));
    if (json_is_integer(json_object_get(a, "published_at")))
        put_iso(when, sizeof when, json_integer_value(json_object_get(a, "published_at")));
    json_t *topics = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        json_array_append(topics, json_object_get(t, "name"));
    }
    json_t *comments = json_array();
    json_t *c;
    json_array_foreach(json_object_get(a, "comments"), i, c) {
        char cw[32];
        put_iso(cw, sizeof cw, json_integer_value(json_object_get(c, "created_at")));
        json_t *o = json_pack(
            "{s:o, s:O, s:O, s:O, s:O, s:s}", "key",
            json_sprintf("c%lld", (long long)json_integer_value(json_object_get(c, "id"))), "name",
            json_object_get(c, "name"), "email", json_object_get(c, "email"), "body",
            json_object_get(c, "body"), "status", json_object_get(c, "status"), "date", cw);
        if (json_is_integer(json_object_get(c, "parent_id")))
            json_object_set_new(o, "parent",
                                json_sprintf("c%lld", (long long)json_integer_value(
                                                          json_object_get(c, "parent_id"))));
        json_array_append_new(comments, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "key",
                        json_is_string(json_object_get(a, "import_key"))
                            ? json_incref(json_object_get(a, "import_key"))
                            : json_sprintf("sahifa:%lld", (long long)id));
    json_object_set(o, "title", json_object_get(a, "title"));
    json_object_set(o, "dek", json_object_get(a, "dek"));
    json_object_set(o, "body", json_object_get(a, "body"));
    json_object_set_new(o, "markdown", json_true());
    if (name_of(a, "category", "name")) {
        json_object_set_new(o, "category", json_string(name_of(a, "category", "name")));
        json_object_set_new(o, "category_slug", json_string(name_of(a, "category", "slug")));
    }
    json_object_set_new(o, "topics", topics);
    if (name_of(a, "author", "name"))
        json_object_set_new(o, "author", json_string(name_of(a, "author", "name")));
    json_object_set(o, "status", json_object_get(a, "status"));
    json_object_set(o, "slug", json_object_get(a, "slug"));
    json_object_set(o, "source", json_object_get(a, "source"));
    if (*when)
        json_object_set_new(o, "date", json_string(when));
    json_object_set_new(o, "comments", comments);
    json_t *image = jsonl_image(e, a);
    if (image)
        json_object_set_new(o, "image", image);
    char *line = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    int bad = !line || fputs(line, out) == EOF || fputc('\n', out) == EOF;
    free(line);
    return bad;
}

int export_jsonl_media(struct db *db, FILE *out, const char *media_out)
{
    struct jsonl e = {out, db, media_out, false};
    if (media_folder(media_out) != 0)
        return -1;
    if (store_articles_each(db, jsonl_one, &e) != DB_OK || fflush(out) != 0 || e.failed) {
        fprintf(stderr, "sahifa: the export could not be written\n");
        return -1;
    }
    return 0;
}

int export_jsonl(struct db *db, FILE *out)
{
    return export_jsonl_media(db, out, NULL);
}

/* WXR. */

/* A CDATA section; "]]>" inside is split across two sections. */
static void put_cdata(FILE *out, const char *s)
{
    fputs("<![CDATA[", out);
    for (const char *p = s ? s : ""; *p; p++) {
        if (strncmp(p, "]]>", 3) == 0) {
            fputs("]]]]><![CDATA[>", out);
            p += 2;
        } else {
            fputc(*p, out);
        }
    }
    fputs("]]>", out);
}

static void put_text(FILE *out, const char *s)
{
    struct buf b = BUF_INIT;
    esc_xml(&b, s ? s : "", s ? strlen(s) : 0);
    fputs(buf_str(&b), out);
    buf_free(&b);
}

/* Percent-encodes a slug as WordPress writes post_name. */
static void put_url_slug(FILE *out, const char *s)
{
    struct buf b = BUF_INIT;
    esc_url(&b, s ? s : "", s ? strlen(s) : 0);
    fputs(buf_str(&b), out);
    buf_free(&b);
}

struct wxr {
    FILE *out;
    const char *site_url;
    struct db *db;
    const char *media_out; /* NULL: photos not exported */
    int64_t last_id;       /* the largest article id: attachments are numbered above it */
    int64_t thumbnail;     /* the article being written: its photo's attachment, or 0 */
    struct u64map written; /* the photos' ids whose attachment is written */
    bool failed;
};

/* A postmeta element with its key and value. */
static void put_postmeta(FILE *out, const char *key, const char *value)
{
    fprintf(out,
            "\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[%s]]></wp:meta_key>\n"
            "\t\t\t<wp:meta_value>",
            key);
    put_cdata(out, value);
    fputs("</wp:meta_value>\n\t\t</wp:postmeta>\n", out);
}

/* The article's featured photo as an attachment item (once a photo), its file written into
 * w->media_out as WordPress keeps uploads: the attachment's URL is the photo's address on this
 * site (which WordPress's importer fetches), its _wp_attached_file the file's name in
 * media_out (which `sahifa import --media-from` reads). Its id, 0 when there is none or the
 * file could not be written (w->failed). */
static int64_t wxr_attachment(struct wxr *w, json_t *a)
{
    json_t *m = json_object_get(a, "image");
    int64_t media_id = json_integer_value(json_object_get(m, "id"));
    if (!w->media_out || !json_is_object(m) || media_id <= 0)
        return 0;
    int64_t id = w->last_id + media_id;
    int64_t *seen = u64map_put(&w->written, (uint64_t)media_id);
    if (*seen)
        return id;
    struct buf path = BUF_INIT;
    if (!write_photo(w->db, w->media_out, m, &path)) {
        w->failed = true;
        buf_free(&path);
        return 0;
    }
    *seen = 1;
    buf_free(&path);
    FILE *out = w->out;
    const char *hash = json_string_value(json_object_get(m, "hash"));
    const char *widths = json_string_value(json_object_get(m, "widths"));
    const char *last = strrchr(widths, ',');
    char name[96];
    media_name(name, hash, atoi(last ? last + 1 : widths), "jpg");
    fputs("\t<item>\n\t\t<title>", out);
    put_text(out, json_string_value(json_object_get(m, "alt")));
    fprintf(out, "</title>\n\t\t<guid isPermaLink=\"false\">%s/media/%s</guid>\n", w->site_url,
            name);
    fputs("\t\t<excerpt:encoded>", out);
    put_cdata(out, json_string_value(json_object_get(m, "caption")));
    fprintf(out,
            "</excerpt:encoded>\n\t\t<wp:post_id>%lld</wp:post_id>\n"
            "\t\t<wp:post_parent>%lld</wp:post_parent>\n\t\t<wp:status>inherit</wp:status>\n"
            "\t\t<wp:post_type>attachment</wp:post_type>\n"
            "\t\t<wp:attachment_url>%s/media/%s</wp:attachment_url>\n",
            (long long)id, (long long)json_integer_value(json_object_get(a, "id")), w->site_url,
            name);
    char file[64];
    snprintf(file, sizeof file, "%s.jpg", hash);
    put_postmeta(out, "_wp_attached_file", file);
    put_postmeta(out, "_wp_attachment_image_alt", json_string_value(json_object_get(m, "alt")));
    const char *credit = json_string_value(json_object_get(m, "credit"));
    if (credit && *credit)
        put_postmeta(out, "_sahifa_credit", credit);
    fputs("\t</item>\n", out);
    return id;
}

static const char *wp_status(const char *status)
{
    if (strcmp(status, "published") == 0)
        return "publish";
    if (strcmp(status, "scheduled") == 0)
        return "future";
    if (strcmp(status, "review") == 0)
        return "pending";
    return "draft"; /* draft, unpublished */
}

static int wxr_item(void *ctx, json_t *a)
{
    struct wxr *w = ctx;
    FILE *out = w->out;
    /* The photo's attachment goes first: WordPress's importer then knows it when the post
     * names it. */
    w->thumbnail = wxr_attachment(w, a);
    int64_t id = json_integer_value(json_object_get(a, "id"));
    const char *slug = json_string_value(json_object_get(a, "slug"));
    const char *body = json_string_value(json_object_get(a, "body"));
    char when[32] = "0000-00-00 00:00:00";
    if (json_is_integer(json_object_get(a, "published_at"))) {
        time_t t = (time_t)json_integer_value(json_object_get(a, "published_at"));
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    }
    fputs("\t<item>\n\t\t<title>", out);
    put_text(out, json_string_value(json_object_get(a, "title")));
    fprintf(out, "</title>\n\t\t<link>%s/a/%lld/", w->site_url, (long long)id);
    put_url_slug(out, slug);
    fputs("</link>\n\t\t<guid isPermaLink=\"false\">", out);
    const char *key = json_string_value(json_object_get(a, "import_key"));
    if (key)
        put_text(out, key);
    else
        fprintf(out, "sahifa:%lld", (long long)id);
    fputs("</guid>\n\t\t<dc:creator>", out);
    put_cdata(out, name_of(a, "author", "slug"));
    fputs("</dc:creator>\n\t\t<content:encoded>", out);
    struct buf html = BUF_INIT;
    markdown_html(&html, body, strlen(body));
    put_cdata(out, buf_str(&html));
    buf_free(&html);
    fputs("</content:encoded>\n\t\t<excerpt:encoded>", out);
    put_cdata(out, json_string_value(json_object_get(a, "dek")));
    fprintf(out, "</excerpt:encoded>\n\t\t<wp:post_id>%lld</wp:post_id>\n", (long long)id);
    fprintf(out, "\t\t<wp:post_date_gmt>%s</wp:post_date_gmt>\n", when);
    fputs("\t\t<wp:post_name>", out);
    put_url_slug(out, slug);
    fprintf(out, "</wp:post_name>\n\t\t<wp:status>%s</wp:status>\n",
            wp_status(json_string_value(json_object_get(a, "status"))));
    fputs("\t\t<wp:post_type>post</wp:post_type>\n", out);
    if (name_of(a, "category", "slug")) {
        fputs("\t\t<category domain=\"category\" nicename=\"", out);
        put_url_slug(out, name_of(a, "category", "slug"));
        fputs("\">", out);
        put_cdata(out, name_of(a, "category", "name"));
        fputs("</category>\n", out);
    }
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        fputs("\t\t<category domain=\"post_tag\" nicename=\"", out);
        put_url_slug(out, json_string_value(json_object_get(t, "slug")));
        fputs("\">", out);
        put_cdata(out, json_string_value(json_object_get(t, "name")));
        fputs("</category>\n", out);
    }
    put_postmeta(out, "_sahifa_markdown", body);
    const char *source = json_string_value(json_object_get(a, "source"));
    if (source && *source)
        put_postmeta(out, "_sahifa_source", source);
    if (w->thumbnail) {
        char thumb[24];
        snprintf(thumb, sizeof thumb, "%lld", (long long)w->thumbnail);
        put_postmeta(out, "_thumbnail_id", thumb);
    }
    json_t *c;
    json_array_foreach(json_object_get(a, "comments"), i, c) {
        time_t ct = (time_t)json_integer_value(json_object_get(c, "created_at"));
        struct tm tm;
        char cw[32];
        gmtime_r(&ct, &tm);
        strftime(cw, sizeof cw, "%Y-%m-%d %H:%M:%S", &tm);
        const char *status = json_string_value(json_object_get(c, "status"));
        fprintf(out, "\t\t<wp:comment>\n\t\t\t<wp:comment_id>%lld</wp:comment_id>\n",
                (long long)json_integer_value(json_object_get(c, "id")));
        fputs("\t\t\t<wp:comment_author>", out);
        put_cdata(out, json_string_value(json_object_get(c, "name")));
        fputs("</wp:comment_author>\n\t\t\t<wp:comment_author_email>", out);
        put_text(out, json_string_value(json_object_get(c, "email")));
        fprintf(out,
                "</wp:comment_author_email>\n\t\t\t<wp:comment_date_gmt>%s</wp:comment_date_gmt>\n",
                cw);
        fputs("\t\t\t<wp:comment_content>", out);
        put_cdata(out, json_string_value(json_object_get(c, "body")));
        fprintf(out,
                "</wp:comment_content>\n\t\t\t<wp:comment_approved>%s</wp:comment_approved>\n"
                "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
                "\t\t\t<wp:comment_parent>%lld</wp:comment_parent>\n\t\t</wp:comment>\n",
                strcmp(status, "approved") == 0 ? "1"
                : strcmp(status, "spam") == 0   ? "spam"
                                                : "0",
                (long long)json_integer_value(json_object_get(c, "parent_id")));
    }
    fputs("\t</item>\n", out);
    return ferror(out) != 0;
}

int export_wxr(struct db *db, FILE *out, const char *site_name, const char *site_url)
{
    return export_wxr_media(db, out, site_name, site_url, NULL);
}

int export_wxr_media(struct db *db, FILE *out, const char *site_name, const char *site_url,
                     const char *media_out)
{
    struct wxr w = {.out = out, .site_url = site_url, .db = db, .media_out = media_out};
    if (media_folder(media_out) != 0 || store_articles_last_id(db, &w.last_id) != DB_OK) {
        fprintf(stderr, "sahifa: the export could not be written\n");
        return -1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
          "<rss version=\"2.0\"\n"
          "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
          "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
          "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
          "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
          "\txmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n\t<title>",
          out);
    put_text(out, site_name);
    fprintf(out,
            "</title>\n\t<link>%s</link>\n\t<language>ar</language>\n"
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
            site_url);
    json_t *users = NULL, *cats = NULL;
    if (store_users(db, &users) != DB_OK || store_categories(db, &cats) != DB_OK) {
        json_decref(users);
        fprintf(stderr, "sahifa: the export could not be written\n");
        return -1;
    }
    size_t i;
    json_t *u;
    json_array_foreach(users, i, u) {
        fprintf(out, "\t<wp:author><wp:author_id>%lld</wp:author_id><wp:author_login>",
                (long long)json_integer_value(json_object_get(u, "id")));
        put_cdata(out, json_string_value(json_object_get(u, "slug")));
        fputs("</wp:author_login><wp:author_display_name>", out);
        put_cdata(out, json_string_value(json_object_get(u, "name")));
        fputs("</wp:author_display_name></wp:author>\n", out);
    }
    json_decref(users);
    json_t *c;
    json_array_foreach(cats, i, c) {
        fprintf(out, "\t<wp:category><wp:term_id>%lld</wp:term_id><wp:category_nicename>",
                (long long)json_integer_value(json_object_get(c, "id")));
        put_url_slug(out, json_string_value(json_object_get(c, "slug")));
        fputs("</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>", out);
        put_cdata(out, json_string_value(json_object_get(c, "name")));
        fputs("</wp:cat_name><wp:category_description>", out);
        put_cdata(out, json_string_value(json_object_get(c, "description")));
        fputs("</wp:category_description></wp:category>\n", out);
    }
    json_decref(cats);
    int rc = store_articles_each(db, wxr_item, &w);
    u64map_free(&w.written);
    fputs("</channel>\n</rss>\n", out);
    if (rc != DB_OK || fflush(out) != 0 || ferror(out) || w.failed) {
        fprintf(stderr, "sahifa: the export could not be written\n");
        return -1;
    }
    return 0;
}

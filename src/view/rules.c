/*
 * rules.c: the rules an article must meet to be stored, whoever sends it: the newsroom's
 * editor (admin/editor.c) and the API (api/articles.c) apply the same ones; and which articles
 * a user may change.
 *
 * Who may do what: a writer writes their own articles, as draft or for review; editors and
 * admins may give an article every status (CAP_PUBLISH). Status and time go together:
 * "published" with a time still to come is "scheduled", "scheduled" with a time gone is
 * "published", and publishing without a time publishes now. The background tick
 * (admin/publish.c) takes scheduled articles live when their time comes. A writer changes only
 * their own articles, and only while they are drafts or in review.
 */
#include "view/rules.h"
#include "base/utf8.h"
#include "store/store.h"
#include "text/list.h"
#include "text/slug.h"
#include "view/fail.h"
#include "web/auth.h"

#include <string.h>

enum { MAX_TOPICS = 12 };

bool view_may_use_status(struct req *r, const char *status)
{
    if (r->user->caps & CAP_PUBLISH)
        return true;
    return strcmp(status, "draft") == 0 || strcmp(status, "review") == 0;
}

static void problem(json_t *errors, const char *field, const char *message)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

static bool text_ok(const char *s, size_t max_chars, bool lines)
{
    size_t n = strlen(s);
    if (!utf8_valid(s, n) || utf8_length(s, n) > max_chars)
        return false;
    return lines ? !utf8_has_controls(s, n) : !utf8_has_controls(s, n) && !strpbrk(s, "\r\n\t");
}

/* The names of a topics field (text_split_list()), at most MAX_TOPICS of them, into the arena;
 * their number in *n, which is MAX_TOPICS + 1 when there are more. */
static const char **split_topics(struct req *r, const char *s, size_t *n)
{
    const char **names = arena_alloc(&r->arena, MAX_TOPICS * sizeof *names);
    json_t *list = text_split_list(s);
    size_t i;
    json_t *e;
    *n = 0;
    json_array_foreach(list, i, e) {
        if (i < MAX_TOPICS)
            names[(*n)++] = arena_strdup(&r->arena, json_string_value(e));
        else
            *n = MAX_TOPICS + 1;
    }
    json_decref(list);
    return names;
}

int view_article_check(struct req *r, const struct article_fields *f, struct article_in *in,
                       json_t *errors)
{
    memset(in, 0, sizeof *in);
    if (!*f->title)
        problem(errors, "title", "العنوان مطلوب.");
    else if (!text_ok(f->title, 300, false))
        problem(errors, "title", "العنوان أطول من ٣٠٠ حرف أو فيه محارف غير مسموحة.");
    if (!text_ok(f->dek, 1000, false))
        problem(errors, "dek", "الملخص أطول من ١٠٠٠ حرف أو فيه محارف غير مسموحة.");
    if (!text_ok(f->body, 200000, true))
        problem(errors, "body", "النص أطول من المسموح أو فيه محارف غير مسموحة.");
    if (!text_ok(f->source, 200, false))
        problem(errors, "source", "المصدر أطول من ٢٠٠ حرف.");
    if (f->seo_title && !text_ok(f->seo_title, 300, false))
        problem(errors, "seo_title", "عنوان محركات البحث أطول من ٣٠٠ حرف أو فيه محارف غير مسموحة.");
    if (f->social_title && !text_ok(f->social_title, 300, false))
        problem(errors, "social_title", "عنوان المشاركة أطول من ٣٠٠ حرف أو فيه محارف غير مسموحة.");
    size_t ntopics = 0;
    const char **topics = NULL;
    if (!text_ok(f->topics, 1000, false))
        problem(errors, "topics", "المواضيع أطول من المسموح.");
    else
        topics = split_topics(r, f->topics, &ntopics);
    if (ntopics > MAX_TOPICS)
        problem(errors, "topics", "اثنا عشر موضوعًا على الأكثر.");
    bool known = store_article_status_valid(f->status);
    if (!known)
        problem(errors, "status", "اختر حالة المقال.");
    else if (!view_may_use_status(r, f->status))
        problem(errors, "status", "لا يمكنك إعطاء المقال هذه الحالة: أرسله للمراجعة.");
    int64_t when = f->published_at;
    if (when < 0)
        problem(errors, "published_at", "موعد النشر غير صالح.");
    if (f->category) {
        bool found = false;
        json_t *cats;
        int rc = store_categories(r->db, &cats);
        if (rc != DB_OK)
            return view_fail_db(r, rc);
        size_t i;
        json_t *c;
        json_array_foreach(cats, i, c) {
            found |= json_integer_value(json_object_get(c, "id")) == f->category;
        }
        json_decref(cats);
        if (!found)
            problem(errors, "category", "القسم المختار غير موجود.");
    }
    /* The bylines: each a user, none twice, the first the author. */
    int64_t *authors = arena_alloc(&r->arena, (VIEW_MAX_AUTHORS + 1) * sizeof *authors);
    size_t nauthors = 0;
    size_t given = f->authors ? f->nauthors : 1;
    for (size_t i = 0; i < given; i++) {
        int64_t id = f->authors ? f->authors[i] : f->author;
        bool repeated = false;
        for (size_t k = 0; k < nauthors; k++)
            repeated |= authors[k] == id;
        if (!id || repeated)
            continue;
        json_t *user;
        int rc = store_user_get(r->db, id, &user);
        if (rc < 0)
            return view_fail_db(r, rc);
        if (rc == DB_DONE)
            problem(errors, "author", "الكاتب المختار غير موجود.");
        else if (nauthors < VIEW_MAX_AUTHORS + 1)
            authors[nauthors++] = id;
        json_decref(user);
    }
    if (nauthors > VIEW_MAX_AUTHORS)
        problem(errors, "author", "أربعة كتّاب على الأكثر للمقال الواحد.");

    if (f->image) {
        json_t *found = NULL;
        int rc = f->image > 0 ? store_media_some(r->db, &f->image, 1, &found) : DB_OK;
        if (rc != DB_OK)
            return view_fail_db(r, rc);
        if (!json_object_size(found))
            problem(errors, "image_id", "لا توجد في مكتبة الصور صورة بهذا الرقم.");
        json_decref(found);
    }

    /* Status and time go together (see the top of this file). */
    const char *status = f->status;
    if (known && when >= 0) {
        if (strcmp(status, "published") == 0 && when > r->now)
            status = "scheduled";
        else if (strcmp(status, "scheduled") == 0 && !when)
            problem(errors, "published_at", "حدّد موعد النشر للمقال المجدول.");
        else if (strcmp(status, "scheduled") == 0 && when <= r->now)
            status = "published";
        if (strcmp(status, "published") == 0 && !when)
            when = r->now;
    }
    struct buf slug = BUF_INIT;
    slug_make(&slug, f->slug, strlen(f->slug));
    in->title = f->title;
    in->dek = f->dek;
    in->body = f->body;
    in->slug = arena_strdup(&r->arena, buf_str(&slug)); /* "" makes it from the title */
    buf_free(&slug);
    in->source = f->source;
    in->seo_title = f->seo_title;
    in->social_title = f->social_title;
    in->status = status;
    in->category_id = f->category;
    if (!nauthors)
        authors[nauthors++] = r->user->id; /* no byline given: the user's own */
    in->author_id = authors[0];
    in->author_ids = authors;
    in->nauthors = nauthors <= VIEW_MAX_AUTHORS ? nauthors : VIEW_MAX_AUTHORS;
    in->image_id = f->image > 0 ? f->image : 0;
    in->published_at = when > 0 ? when : 0;
    in->topics = topics;
    in->ntopics = ntopics <= MAX_TOPICS ? ntopics : MAX_TOPICS;
    in->comments_closed = f->comments_closed;
    return 0;
}

json_t *view_article_editable(struct req *r, int64_t id)
{
    json_t *a = NULL;
    int rc = id ? store_article_get(r->db, id, &a) : DB_DONE;
    if (rc < 0) {
        view_fail_db(r, rc);
        return NULL;
    }
    if (!a) {
        req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
        return NULL;
    }
    if (!(r->user->caps & CAP_EDIT)) {
        int64_t author = json_integer_value(json_object_get(json_object_get(a, "author"), "id"));
        const char *status = json_string_value(json_object_get(a, "status"));
        if (author != r->user->id) {
            json_decref(a);
            req_fail(r, 403, "forbidden", "لا يمكنك تعديل مقال كاتب آخر.");
            return NULL;
        }
        if (strcmp(status, "draft") != 0 && strcmp(status, "review") != 0) {
            json_decref(a);
            req_fail(r, 403, "forbidden",
                     "هذا المقال بيد المحررين الآن: لا يمكنك تعديله بعد جدولته أو نشره.");
            return NULL;
        }
    }
    return a;
}

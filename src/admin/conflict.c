/*
 * conflict.c: a save made from an older version of an article (admin.h). Nothing is written
 * over the newer version: the editor shows both side by side and a merge to save instead.
 *
 * The merge is field by field against the version the save was made from (the base, kept as a
 * revision with its version number): a field that only the other side changed takes theirs, one
 * that only this save changed takes mine, and one that both changed takes mine and is marked so
 * that the writer sees what the other side wrote beside it. Two editors opening one article,
 * one changing the title and the other the dek, thus end with both changes. Without the base
 * (a revision from before versions were kept) every differing field counts as changed on both
 * sides.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/list.h"
#include "web/auth.h"

#include <stddef.h>
#include <string.h>

/* The form of a revision, read as an article: its text and, from meta, the other fields. */
static struct article_form form_of_revision(struct req *r, json_t *rev)
{
    json_t *meta = json_object_get(rev, "meta");
    json_t *topics = json_array();
    size_t i;
    json_t *name;
    json_array_foreach(json_object_get(meta, "topics"), i, name) {
        json_array_append_new(topics, json_pack("{s:O}", "name", name));
    }
    json_t *a = json_pack(
        "{s:O, s:O, s:O, s:O?, s:O?, s:O?, s:O?, s:{s:O?}, s:{s:O?}, s:o, s:O}", "title",
        json_object_get(rev, "title"), "dek", json_object_get(rev, "dek"), "body",
        json_object_get(rev, "body"), "slug", json_object_get(meta, "slug"), "source",
        json_object_get(meta, "source"), "status", json_object_get(meta, "status"), "published_at",
        json_object_get(meta, "published_at"), "category", "id",
        json_object_get(meta, "category_id"), "author", "id", json_object_get(meta, "author_id"),
        "topics", topics, "version", json_object_get(rev, "version"));
    struct article_form f = admin_form_of_article(r, a);
    json_decref(a);
    return f;
}

/* A topics field as a canonical list, so "أ، ب" and "أ,ب" compare equal. In the arena. */
static const char *topics_key(struct req *r, const char *s)
{
    json_t *names = text_split_list(s);
    struct buf b = BUF_INIT;
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n) {
        buf_printf(&b, "%s%s", i ? "\n" : "", json_string_value(n));
    }
    json_decref(names);
    const char *key = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return key;
}

/* The name of the row of that id in rows ({"id","name"}), "—" for none. */
static const char *name_in(json_t *rows, int64_t id)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        if (json_integer_value(json_object_get(row, "id")) == id)
            return json_string_value(json_object_get(row, "name"));
    }
    return "—";
}

enum side { MINE, THEIRS, BASE, MERGED };

json_t *admin_conflict_merge(struct req *r, int64_t id, const struct article_form *mine,
                             json_t *current, struct article_form *merged)
{
    struct article_form theirs = admin_form_of_article(r, current);
    json_t *rev = mine->version ? store_revision_at(r->db, id, mine->version) : NULL;
    struct article_form base = rev ? form_of_revision(r, rev) : *mine;
    json_t *who = NULL;
    /* Who made the newest version: the author of the revision that kept the one before it. */
    json_t *last = store_revision_at(r->db, id, theirs.version - 1);
    if (last && json_is_string(json_object_get(last, "who")))
        who = json_incref(json_object_get(last, "who"));
    json_decref(last);
    json_decref(rev);
    *merged = theirs;
    json_t *categories = store_categories(r->db), *users = store_users(r->db);

    struct article_form *forms[] = {[MINE] = (struct article_form *)mine,
                                    [THEIRS] = &theirs,
                                    [BASE] = &base,
                                    [MERGED] = merged};
    static const struct {
        const char *key, *label;
        size_t offset;
    } texts[] = {
        {"title", "العنوان", offsetof(struct article_form, title)},
        {"dek", "الملخص", offsetof(struct article_form, dek)},
        {"body", "النص", offsetof(struct article_form, body)},
        {"slug", "الاسم في الرابط", offsetof(struct article_form, slug)},
        {"topics", "المواضيع", offsetof(struct article_form, topics)},
        {"source", "المصدر", offsetof(struct article_form, source)},
        {"status", "الحالة", offsetof(struct article_form, status)},
        {"published_at", "موعد النشر", offsetof(struct article_form, published_at)},
    };
    json_t *fields = json_array();
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const char *v[4];
        for (int s = 0; s < 3; s++)
            v[s] = *(const char **)((char *)forms[s] + texts[k].offset);
        bool topics = strcmp(texts[k].key, "topics") == 0;
        const char *key[3];
        for (int s = 0; s < 3; s++)
            key[s] = topics ? topics_key(r, v[s]) : v[s];
        if (strcmp(key[MINE], key[THEIRS]) == 0)
            continue; /* the same on both sides: theirs, already in merged */
        bool mine_changed = !rev || strcmp(key[MINE], key[BASE]) != 0;
        bool theirs_changed = !rev || strcmp(key[THEIRS], key[BASE]) != 0;
        bool take_theirs = theirs_changed && !mine_changed;
        v[MERGED] = take_theirs ? v[THEIRS] : v[MINE];
        *(const char **)((char *)merged + texts[k].offset) = v[MERGED];
        bool status = strcmp(texts[k].key, "status") == 0;
        json_array_append_new(fields,
                              json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "key", texts[k].key,
                                        "label", texts[k].label, "theirs",
                                        status ? admin_status_label(v[THEIRS]) : v[THEIRS], "mine",
                                        status ? admin_status_label(v[MINE]) : v[MINE], "both",
                                        mine_changed && theirs_changed, "took_theirs", take_theirs,
                                        "long", strcmp(texts[k].key, "body") == 0));
    }
    /* The chosen category and author, shown by name. */
    static const struct {
        const char *key, *label;
        size_t offset;
    } ids[] = {
        {"category", "القسم", offsetof(struct article_form, category)},
        {"author", "الكاتب", offsetof(struct article_form, author)},
    };
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
        int64_t v[3];
        for (int s = 0; s < 3; s++)
            v[s] = *(const int64_t *)((char *)forms[s] + ids[k].offset);
        if (v[MINE] == v[THEIRS])
            continue;
        bool mine_changed = !rev || v[MINE] != v[BASE];
        bool theirs_changed = !rev || v[THEIRS] != v[BASE];
        bool take_theirs = theirs_changed && !mine_changed;
        *(int64_t *)((char *)merged + ids[k].offset) = take_theirs ? v[THEIRS] : v[MINE];
        json_t *rows = k == 0 ? categories : users;
        json_array_append_new(
            fields, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "key", ids[k].key, "label",
                              ids[k].label, "theirs", name_in(rows, v[THEIRS]), "mine",
                              name_in(rows, v[MINE]), "both", mine_changed && theirs_changed,
                              "took_theirs", take_theirs, "long", false));
    }
    if (r->user && !(r->user->caps & CAP_EDIT))
        merged->author = r->user->id;
    json_t *out =
        json_pack("{s:s, s:o, s:o}", "when",
                  admin_when(r, json_integer_value(json_object_get(current, "updated_at"))), "who",
                  who ? who : json_string(""), "fields", fields);
    json_decref(categories);
    json_decref(users);
    return out;
}

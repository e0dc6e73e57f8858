/* Unit tests of the rendered-comments cache (view/comments.c): made once, reused until a
 * comment of the article changes. */
#include "testdb.h"
#include "view/comments.h"
#include "view/site.h"

#include <criterion/criterion.h>
#include <string.h>

static void setup(void)
{
    test_db_open();
    cr_assert_eq(site_load(db), 0);
}

TestSuite(comments_cache, .init = setup, .fini = test_db_close);

static int64_t version_of(int64_t id)
{
    json_t *a = READ(store_article_get(db, id, &_out));
    int64_t v = json_integer_value(json_object_get(a, "comments_version"));
    json_decref(a);
    return v;
}

Test(comments_cache, comments_are_rendered_once_and_again_after_a_change)
{
    struct article_in in = {.title = "خبر", .body = "نص", .status = "published", .published_at = 1};
    int64_t id;
    cr_assert_eq(store_article_add(db, &in, 1, &id), DB_OK);
    struct comment_in c = {.article_id = id,
                           .name = "سارة",
                           .text = "سطر\nhttps://a.example <b>",
                           .status = "approved"};
    int64_t cid;
    cr_assert_eq(store_comment_add(db, &c, 2, &cid), DB_OK);

    json_t *first = READ(comments_tree(db, id, version_of(id), &_out));
    json_t *again = READ(comments_tree(db, id, version_of(id), &_out));
    cr_expect_eq(first, again, "the same rendering is reused");
    const char *html = json_string_value(
        json_object_get(json_array_get(json_object_get(first, "comments"), 0), "body_html"));
    cr_expect_str_eq(html, "سطر<br><a href=\"https://a.example\" rel=\"nofollow ugc noopener\">"
                           "https://a.example</a> &lt;b&gt;");

    struct comment_in reply = {
        .article_id = id, .parent_id = cid, .name = "علي", .text = "رد", .status = "approved"};
    cr_assert_eq(store_comment_add(db, &reply, 3, NULL), DB_OK);
    json_t *changed = READ(comments_tree(db, id, version_of(id), &_out));
    cr_expect_neq(changed, first, "a new comment renders them anew");
    cr_expect_eq(json_integer_value(json_object_get(changed, "count")), 2);
    json_t *top = json_array_get(json_object_get(changed, "comments"), 0);
    cr_expect_eq(json_array_size(json_object_get(top, "replies")), 1, "the reply is nested");

    cr_assert_eq(store_comment_set_status(db, cid, "spam"), DB_OK);
    json_t *moderated = READ(comments_tree(db, id, version_of(id), &_out));
    cr_expect_eq(json_integer_value(json_object_get(moderated, "count")), 1,
                 "moderation is a change too");
    json_decref(first);
    json_decref(again);
    json_decref(changed);
    json_decref(moderated);
}

Test(comments_cache, a_failed_read_is_an_error_and_is_not_cached)
{
    struct article_in in = {.title = "خبر", .body = "نص", .status = "published", .published_at = 1};
    int64_t id;
    cr_assert_eq(store_article_add(db, &in, 1, &id), DB_OK);
    struct comment_in c = {.article_id = id, .name = "سارة", .text = "تعليق", .status = "approved"};
    cr_assert_eq(store_comment_add(db, &c, 2, NULL), DB_OK);
    int64_t version = version_of(id);

    cr_assert_eq(db_exec(db, "ALTER TABLE comments RENAME TO comments_away"), DB_OK);
    json_t *sentinel = json_object(), *tree = sentinel; /* a failure must set it to NULL */
    cr_expect_eq(comments_tree(db, id, version, &tree), DB_ERROR,
                 "a comment table that cannot be read is an error, not no comments");
    cr_expect_null(tree);
    json_decref(sentinel);
    cr_assert_eq(db_exec(db, "ALTER TABLE comments_away RENAME TO comments"), DB_OK);

    tree = READ(comments_tree(db, id, version, &_out));
    cr_expect_eq(json_integer_value(json_object_get(tree, "count")), 1,
                 "the failure was not kept as an empty list");
    json_decref(tree);
}

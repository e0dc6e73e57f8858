/* Unit tests of store/: the schema, the SQL wrapper's rules, articles, lists and comments. */
#include "testdb.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

TestSuite(store, .init = test_db_open, .fini = test_db_close);

static int64_t count(const char *sql)
{
    struct db_stmt q;
    cr_assert_eq(db_prepare(db, &q, sql), DB_OK);
    return READ_INT(db_one_int(&q, &_out));
}

static int64_t add(const char *title, const char *status, int64_t cat, int64_t author,
                   int64_t published_at, const char *const *topics, size_t ntopics)
{
    struct article_in in = {.title = title,
                            .dek = "ملخص",
                            .body = "نص **المقال**.",
                            .status = status,
                            .category_id = cat,
                            .author_id = author,
                            .published_at = published_at,
                            .topics = topics,
                            .ntopics = ntopics};
    int64_t id = 0;
    cr_assert_eq(store_article_add(db, &in, published_at, &id), DB_OK);
    return id;
}

/* The schema version this program migrates to, and what the migrations after 3 made, taken
 * away again (the newest first), so that a test can replay them on an older version's shape
 * (migrations 2 and 3 only rebuild the index and redefine a view, so they may run again). */
enum { LATEST = 6 };
#define UNDO_AFTER_3                                                                               \
    "DROP TABLE changes;"                                                                          \
    "ALTER TABLE articles DROP COLUMN version;"                                                    \
    "ALTER TABLE articles DROP COLUMN seo_title;"                                                  \
    "ALTER TABLE articles DROP COLUMN social_title;"                                               \
    "ALTER TABLE revisions DROP COLUMN version;"                                                   \
    "DROP TABLE recovery_drafts;"                                                                  \
    "DROP TABLE front_slots;"                                                                      \
    "DROP INDEX articles_breaking;"                                                                \
    "ALTER TABLE articles DROP COLUMN breaking_until;"                                             \
    "DROP TABLE corrections;"                                                                      \
    "ALTER TABLE articles DROP COLUMN live;"                                                       \
    "DROP TABLE live_updates;"                                                                     \
    "DROP TABLE article_authors;"                                                                  \
    "ALTER TABLE users DROP COLUMN photo_url;"                                                     \
    "ALTER TABLE users DROP COLUMN links;"                                                         \
    "DROP TABLE pages;"                                                                            \
    "DROP INDEX articles_image;"                                                                   \
    "ALTER TABLE articles DROP COLUMN image_id;"                                                   \
    "DROP TABLE media_files;"                                                                      \
    "DROP TABLE media;"

Test(store, migrations_reach_the_latest_version_and_rerun_as_no_op)
{
    cr_assert_eq(count("PRAGMA user_version"), LATEST);
    cr_assert_eq(store_migrate(db), DB_OK);
    cr_assert_eq(count("PRAGMA user_version"), LATEST);
    const char *tables[] = {"users",     "sessions",     "api_tokens",     "categories",
                            "topics",    "articles",     "article_topics", "revisions",
                            "comments",  "views_daily",  "views_hourly",   "settings",
                            "redirects", "articles_fts", "changes"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        struct db_stmt q;
        db_prepare(db, &q, "SELECT count(*) FROM sqlite_schema WHERE name = :name");
        db_bind_text(&q, ":name", tables[i]);
        cr_expect_eq(READ_INT(db_one_int(&q, &_out)), 1, "table %s", tables[i]);
    }
}

Test(store, sql_with_a_second_statement_is_refused)
{
    struct db_stmt q;
    cr_assert_eq(db_prepare(db, &q, "SELECT 1; DROP TABLE articles"), DB_ERROR);
    db_finalize(&q);
    cr_assert_eq(count("SELECT count(*) FROM sqlite_schema WHERE name = 'articles'"), 1);
}

Test(store, binding_an_unknown_name_aborts, .signal = SIGABRT)
{
    struct db_stmt q;
    db_prepare(db, &q, "SELECT :a");
    db_bind_int(&q, ":b", 1);
}

Test(store, bound_text_is_data_not_sql)
{
    cr_assert_eq(store_setting_set(db, "site_name", "x'); DROP TABLE settings; --"), DB_OK);
    json_t *s = READ(store_settings(db, &_out));
    cr_assert_str_eq(json_string_value(json_object_get(s, "site_name")),
                     "x'); DROP TABLE settings; --");
    json_decref(s);
}

Test(store, nested_rollback_makes_the_outer_commit_roll_back)
{
    cr_assert_eq(db_begin(db), DB_OK);
    store_setting_set(db, "a", "1");
    cr_assert_eq(db_begin(db), DB_OK);
    store_setting_set(db, "b", "2");
    db_rollback(db);
    cr_assert_eq(db_commit(db), DB_ERROR);
    cr_assert_eq(count("SELECT count(*) FROM settings"), 0);
}

Test(store, article_round_trip_with_category_author_topics_and_arabic_slug)
{
    int64_t cat, author;
    cr_assert_eq(store_category_add(db, "politics", "سياسة", "", 0, &cat), DB_OK);
    cr_assert_eq(store_author_add(db, "layla", "ليلى حداد", "محررة", &author), DB_OK);
    const char *topics[] = {"المياه", "المناخ", "المياه"};
    int64_t id = add("اتفاق جديد على المياه!", "published", cat, author, 1000, topics, 3);

    json_t *a = READ(store_article_get(db, id, &_out));
    cr_assert_not_null(a);
    cr_expect_str_eq(json_string_value(json_object_get(a, "slug")), "اتفاق-جديد-على-المياه");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(a, "category"), "name")),
                     "سياسة");
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(a, "author"), "slug")),
                     "layla");
    json_t *t = json_object_get(a, "topics");
    cr_assert_eq(json_array_size(t), 2, "a repeated topic is linked once");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(t, 0), "slug")), "المياه");
    json_decref(a);
    cr_expect_eq(count("SELECT count(*) FROM revisions"), 0,
                 "a new article has no earlier version");
    cr_expect_null(READ(store_article_get(db, id + 1, &_out)));
}

Test(store, an_update_keeps_the_earlier_version_as_a_revision)
{
    int64_t id = add("العنوان الأول", "published", 0, 0, 1000, NULL, 0);
    struct article_in in = {
        .title = "العنوان الثاني", .body = "نص جديد", .status = "published", .published_at = 1000};
    cr_assert_eq(store_article_update(db, id, &in, 0, 2000), DB_OK);
    struct db_stmt q;
    db_prepare(db, &q, "SELECT title FROM revisions WHERE article_id = :id");
    db_bind_int(&q, ":id", id);
    json_t *r = READ(db_one_json(&q, &_out));
    cr_assert_not_null(r);
    cr_expect_str_eq(json_string_value(json_object_get(r, "title")), "العنوان الأول");
    json_decref(r);
    json_t *a = READ(store_article_get(db, id, &_out));
    cr_expect_str_eq(json_string_value(json_object_get(a, "title")), "العنوان الثاني");
    cr_expect_str_eq(json_string_value(json_object_get(a, "slug")), "العنوان-الثاني");
    json_decref(a);
    cr_expect_eq(store_article_update(db, id + 99, &in, 0, 2000), DB_DONE);
}

Test(store, an_update_from_an_older_version_is_refused_and_writes_nothing)
{
    const char *topics[] = {"المياه"};
    int64_t id = add("العنوان الأول", "draft", 0, 0, 0, topics, 1);
    json_t *a;
    cr_assert_eq(store_article_get(db, id, &a), DB_OK);
    cr_assert_eq(json_integer_value(json_object_get(a, "version")), 1);
    json_decref(a);
    struct article_in in = {.title = "الثاني", .body = "نص", .status = "draft", .base_version = 1};
    cr_assert_eq(store_article_update(db, id, &in, 0, 2000), DB_OK);
    in.title = "من نسخة قديمة";
    cr_expect_eq(store_article_update(db, id, &in, 0, 3000), STORE_STALE);
    cr_assert_eq(store_article_get(db, id, &a), DB_OK);
    cr_expect_str_eq(json_string_value(json_object_get(a, "title")), "الثاني");
    cr_expect_eq(json_integer_value(json_object_get(a, "version")), 2);
    json_decref(a);
    cr_expect_eq(count("SELECT count(*) FROM revisions"), 1, "the refused save kept nothing");
    /* The revision keeps the version it was and the fields besides the text. */
    json_t *rev;
    cr_assert_eq(store_revision_at(db, id, 1, &rev), DB_OK);
    cr_expect_str_eq(json_string_value(json_object_get(rev, "title")), "العنوان الأول");
    json_t *meta = json_object_get(rev, "meta");
    cr_expect_str_eq(json_string_value(json_object_get(meta, "status")), "draft");
    cr_expect_str_eq(json_string_value(json_array_get(json_object_get(meta, "topics"), 0)),
                     "المياه");
    json_decref(rev);
    cr_expect_eq(store_revision_at(db, id, 2, &rev), DB_DONE, "version 2 is the article itself");
    in.base_version = 2;
    cr_expect_eq(store_article_update(db, id, &in, 0, 3000), DB_OK);
}

Test(store, an_article_without_category_or_author_has_null_ones)
{
    int64_t id = add("خبر", "published", 0, 0, 1000, NULL, 0);
    json_t *a = READ(store_article_get(db, id, &_out));
    cr_expect(json_is_null(json_object_get(a, "category")));
    cr_expect(json_is_null(json_object_get(a, "author")));
    json_decref(a);
}

Test(store, the_one_status_list_is_the_articles_tables_check_list)
{
    size_t n = 0;
    for (; store_article_statuses[n]; n++) {
        cr_expect(store_article_status_valid(store_article_statuses[n]));
        add("خبر", store_article_statuses[n], 0, 0, 1000, NULL, 0); /* the table takes it */
    }
    cr_expect_eq(n, 5);
    struct article_in in = {.title = "خبر", .body = "نص.", .status = "archived"};
    int64_t id = 0;
    cr_expect_neq(store_article_add(db, &in, 1000, &id), DB_OK, "the table refuses the others");
    cr_expect_not(store_article_status_valid("archived"));
    cr_expect_not(store_article_status_valid("Draft"));
    cr_expect_not(store_article_status_valid(""));
    cr_expect_not(store_article_status_valid(NULL));
}

Test(store, topics_get_unique_slugs_from_their_names)
{
    int64_t a, b, c;
    cr_assert_eq(store_topic_ensure(db, "الطاقة الشمسية", &a), DB_OK);
    cr_assert_eq(store_topic_ensure(db, "الطاقة الشمسية", &b), DB_OK);
    cr_expect_eq(a, b);
    cr_assert_eq(store_topic_ensure(db, "الطاقة  الشمسية!", &c), DB_OK);
    cr_expect_neq(a, c);
    json_t *t = READ(store_topic_by_slug(db, "الطاقة-الشمسية-2", &_out));
    cr_assert_not_null(t, "the second spelling got a numbered slug");
    json_decref(t);
}

Test(store, lists_show_live_articles_newest_first_with_filters_and_totals)
{
    int64_t c1, c2, author;
    store_category_add(db, "a", "أ", "", 0, &c1);
    store_category_add(db, "b", "ب", "", 1, &c2);
    store_author_add(db, "w", "كاتب", "", &author);
    const char *tp[] = {"موضوع"};
    int64_t old = add("قديم", "published", c1, author, 100, tp, 1);
    int64_t mid = add("وسط", "published", c2, 0, 200, NULL, 0);
    int64_t new = add("جديد", "published", c1, 0, 300, tp, 1);
    add("مسودة", "draft", c1, author, 250, tp, 1);
    add("مستقبلي", "published", c1, author, 9999, tp, 1);

    int64_t total;
    json_t *all = READ(store_articles_latest(db, NULL, 1000, 0, 10, &total, &_out));
    cr_assert_eq(total, 3, "drafts and future articles are not live");
    cr_assert_eq(json_array_size(all), 3);
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(all, 0), "id")), new);
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(all, 2), "id")), old);
    json_decref(all);

    struct article_filter f = {.category_id = c1};
    json_t *l = READ(store_articles_latest(db, &f, 1000, 1, 10, &total, &_out));
    cr_expect_eq(total, 2);
    cr_assert_eq(json_array_size(l), 1, "offset 1 skips the newest");
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(l, 0), "id")), old);
    json_decref(l);

    json_t *topic = READ(store_topic_by_slug(db, "موضوع", &_out));
    f = (struct article_filter){.topic_id = json_integer_value(json_object_get(topic, "id"))};
    json_decref(topic);
    l = READ(store_articles_latest(db, &f, 1000, 0, 10, &total, &_out));
    cr_expect_eq(total, 2);
    json_decref(l);

    f = (struct article_filter){.author_id = author};
    l = READ(store_articles_latest(db, &f, 1000, 0, 10, &total, &_out));
    cr_expect_eq(total, 1);
    json_decref(l);

    f = (struct article_filter){.exclude_id = mid};
    l = READ(store_articles_latest(db, &f, 1000, 0, 10, &total, &_out));
    cr_expect_eq(total, 2);
    json_decref(l);
}

/* The lastmod (or, with key "slug", the slug) of each row, comma-separated. */
static const char *column(json_t *rows, const char *key)
{
    static char text[256];
    size_t i, n = 0;
    json_t *row;
    text[0] = 0;
    json_array_foreach(rows, i, row) {
        json_t *v = json_object_get(row, key);
        n += (size_t)snprintf(text + n, sizeof text - n, "%s", i ? "," : "");
        if (json_is_integer(v))
            n += (size_t)snprintf(text + n, sizeof text - n, "%lld",
                                  (long long)json_integer_value(v));
        else
            n += (size_t)snprintf(text + n, sizeof text - n, "%s", json_string_value(v));
    }
    json_decref(rows);
    return text;
}

Test(store, sitemaps_list_live_articles_by_page_and_taxonomy_by_newest_article)
{
    int64_t c1, c2, c3;
    store_category_add(db, "a", "أ", "", 0, &c1);
    store_category_add(db, "b", "ب", "", 1, &c2);
    store_category_add(db, "c", "ج", "", 2, &c3);
    const char *tp[] = {"موضوع"}, *tq[] = {"آخر"};
    int64_t old = add("قديم", "published", c1, 0, 100, tp, 1);
    add("وسط", "published", c2, 0, 200, tq, 1);
    add("جديد", "published", c1, 0, 300, tp, 1);
    add("مسودة", "draft", c3, 0, 250, tq, 1);
    add("مستقبلي", "published", c3, 0, 9999, tq, 1);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE articles SET updated_at = 500 WHERE id = %lld",
             (long long)old);
    cr_assert_eq(db_exec(db, sql), DB_OK);

    cr_expect_str_eq(column(READ(store_sitemap_articles(db, 1000, 0, 10, &_out)), "lastmod"),
                     "300,200,500", "newest first; an edit after publication is the last change");
    cr_expect_str_eq(column(READ(store_sitemap_articles(db, 1000, 2, 10, &_out)), "lastmod"),
                     "500");
    cr_expect_str_eq(column(READ(store_sitemap_article_pages(db, 1000, 2, &_out)), "lastmod"),
                     "300,500");
    cr_expect_str_eq(column(READ(store_sitemap_article_pages(db, 1000, 10, &_out)), "lastmod"),
                     "500");
    cr_expect_str_eq(column(READ(store_sitemap_article_pages(db, 50, 10, &_out)), "lastmod"), "",
                     "nothing live yet");
    cr_expect_str_eq(column(READ(store_sitemap_taxonomy(db, false, 1000, 10, &_out)), "slug"),
                     "a,b", "a category with only a draft and a future article is left out");
    cr_expect_str_eq(column(READ(store_sitemap_taxonomy(db, false, 1000, 10, &_out)), "lastmod"),
                     "300,200");
    cr_expect_str_eq(column(READ(store_sitemap_taxonomy(db, true, 1000, 1, &_out)), "slug"),
                     "موضوع");
    cr_expect_str_eq(column(READ(store_sitemap_taxonomy(db, true, 1000, 10, &_out)), "lastmod"),
                     "300,200");
}

Test(store, only_published_articles_are_in_the_search_index)
{
    add("منشور عن المياه", "published", 0, 0, 100, NULL, 0);
    add("مسودة عن المياه", "draft", 0, 0, 100, NULL, 0);
    /* The index holds words as themselves and, after '~', their stems (store/fts.c). */
    cr_expect_eq(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"المياه\"'"),
                 1);
    cr_expect_eq(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"~ميا\"'"), 1,
                 "المياه stems to ميا");
}

Test(store, migration_2_rebuilds_the_search_index_in_its_new_tokens)
{
    add("منشور عن الاتفاق", "published", 0, 0, 100, NULL, 0);
    /* A version 1 database: its index is emptied here, as good as unreadable by this program
     * (its tokens were stems and "=" + words). Migrating makes it again from the articles. */
    cr_assert_eq(db_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('delete-all');"
                             "PRAGMA user_version=1"),
                 DB_OK);
    cr_assert_eq(db_exec(db, UNDO_AFTER_3), DB_OK);
    cr_assert_eq(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"~اتفاق\"'"),
                 0);
    cr_assert_eq(store_migrate(db), DB_OK);
    cr_expect_eq(count("PRAGMA user_version"), LATEST);
    cr_expect_eq(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"~اتفاق\"'"),
                 1);
    cr_expect_eq(db_exec(db, "INSERT INTO articles_fts(articles_fts, rank)"
                             " VALUES('integrity-check', 1)"),
                 DB_OK);
}

Test(store, comment_count_counts_approved_comments_only)
{
    int64_t id = add("خبر", "published", 0, 0, 100, NULL, 0);
    struct comment_in c1 = {.article_id = id, .name = "سارة", .text = "رائع", .status = "approved"};
    struct comment_in c2 = {.article_id = id, .name = "علي", .text = "انتظار", .status = "pending"};
    struct comment_in c3 = {.article_id = id, .name = "س", .text = "دعاية", .status = "spam"};
    store_comment_add(db, &c1, 200, NULL);
    store_comment_add(db, &c2, 210, NULL);
    store_comment_add(db, &c3, 220, NULL);
    cr_expect_eq(READ_INT(store_comment_count(db, id, &_out)), 1);
    int64_t total = 0;
    json_t *c = READ(store_comments_approved(db, id, 0, 10, &total, &_out));
    cr_expect_eq(total, 1);
    cr_assert_eq(json_array_size(c), 1);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(c, 0), "name")), "سارة");
    json_decref(c);
}

Test(store, db_row_json_turns_invalid_utf8_into_replacement_characters)
{
    struct db_stmt q;
    cr_assert_eq(db_prepare(db, &q, "SELECT CAST(X'61FF62' AS TEXT) AS t"), DB_OK);
    json_t *row = READ(db_one_json(&q, &_out));
    cr_expect_str_eq(json_string_value(json_object_get(row, "t")), "a\xEF\xBF\xBD"
                                                                   "b");
    json_decref(row);
}

Test(store, a_row_not_found_is_done_and_a_failed_read_is_an_error)
{
    struct db_stmt q;
    json_t *row = json_object(), *sentinel = row;
    cr_assert_eq(db_prepare(db, &q, "SELECT 1 AS one WHERE 0"), DB_OK);
    cr_expect_eq(db_one_json(&q, &row), DB_DONE);
    cr_expect_null(row);
    int64_t n = 7;
    cr_assert_eq(db_prepare(db, &q, "SELECT 1 WHERE 0"), DB_OK);
    cr_expect_eq(db_one_int(&q, &n), DB_DONE);
    cr_expect_eq(n, 7, "no row leaves the number as it was");
    /* A statement that fails while stepping: 'x' is no JSON. */
    json_t *rows = sentinel;
    cr_assert_eq(db_prepare(db, &q, "SELECT json_extract('x', '$') AS v"), DB_OK);
    cr_expect_eq(db_rows_json(&q, &rows), DB_ERROR, "an error is not an empty list");
    cr_expect_null(rows);
    json_decref(sentinel);
}

Test(store, reads_of_a_broken_database_say_so_instead_of_finding_nothing)
{
    int64_t cat;
    cr_assert_eq(store_category_add(db, "politics", "سياسة", "", 0, &cat), DB_OK);
    int64_t id = add("خبر حي", "published", cat, 0, 100, NULL, 0);
    json_t *a = READ(store_article_get(db, id, &_out));
    cr_assert_not_null(a);
    json_decref(a);
    cr_expect_null(READ(store_article_get(db, id + 1, &_out)), "an unknown id is DB_DONE");
    cr_expect_null(READ(store_category_by_slug(db, "sport", &_out)));

    /* What an operator's mistake or a damaged file does under a running site. */
    cr_assert_eq(db_exec(db, "ALTER TABLE articles RENAME TO articles_away;"
                             "ALTER TABLE categories RENAME TO categories_away"),
                 DB_OK);
    json_t *sentinel = json_object(), *out = sentinel;
    cr_expect_eq(store_article_get(db, id, &out), DB_ERROR, "not DB_DONE: the article exists");
    cr_expect_null(out);
    out = sentinel;
    int64_t total = -1;
    cr_expect_eq(store_articles_latest(db, NULL, 1000, 0, 10, &total, &out), DB_ERROR,
                 "not an empty list");
    cr_expect_null(out);
    out = sentinel;
    cr_expect_eq(store_category_by_slug(db, "politics", &out), DB_ERROR);
    cr_expect_null(out);
    out = sentinel;
    cr_expect_eq(store_categories(db, &out), DB_ERROR);
    cr_expect_null(out);
    json_decref(sentinel);
}

Test(store, writes_readers_see_move_the_generation_and_say_what_changed)
{
    int64_t id = add("خبر", "published", 0, 0, 100, NULL, 0);
    int64_t g0 = READ_INT(store_generation(db, &_out));
    cr_assert_eq(count("SELECT article_id FROM changes ORDER BY generation DESC LIMIT 1"), id);
    /* A comment held for moderation: nothing a reader sees changed. */
    struct comment_in held = {.article_id = id, .name = "س", .text = "رابط", .status = "pending"};
    int64_t cid = 0;
    cr_assert_eq(store_comment_add(db, &held, 200, &cid), DB_OK);
    cr_expect_eq(READ_INT(store_generation(db, &_out)), g0);
    /* Approved: the article's page changed. */
    cr_assert_eq(store_comment_set_status(db, cid, "approved"), DB_OK);
    cr_expect_eq(READ_INT(store_generation(db, &_out)), g0 + 1);
    cr_expect_eq(count("SELECT article_id FROM changes ORDER BY generation DESC LIMIT 1"), id);
    struct comment_in shown = {.article_id = id, .name = "ع", .text = "نص", .status = "approved"};
    cr_assert_eq(store_comment_add(db, &shown, 300, &cid), DB_OK);
    cr_expect_eq(READ_INT(store_generation(db, &_out)), g0 + 2);
    /* A category renamed: every page's navigation changed, even with no article in it. */
    int64_t cat = 0;
    cr_assert_eq(store_category_add(db, "empty", "فارغ", "", 9, &cat), DB_OK);
    int64_t g1 = READ_INT(store_generation(db, &_out));
    cr_assert_eq(store_category_update(db, cat, "خالٍ", "empty", "", 400), DB_OK);
    cr_expect_eq(READ_INT(store_generation(db, &_out)), g1 + 1);
    cr_expect_eq(count("SELECT count(*) FROM changes WHERE generation = (SELECT value FROM"
                       " generation) AND article_id IS NULL"),
                 1);
    json_t *rows = READ(store_changes_since(db, g0, 100, &_out));
    cr_expect_eq(json_array_size(rows), (size_t)(READ_INT(store_generation(db, &_out)) - g0));
    json_decref(rows);
    cr_assert_eq(store_changes_prune(db, READ_INT(store_generation(db, &_out))), DB_OK);
    cr_expect_eq(count("SELECT count(*) FROM changes"), 1, "only the last one is left");
}

/* Each of these writes also records the change for the CDN purge, in its own row: the id
 * handed back must be the new row's, not that one's. */
Test(store, new_rows_written_with_a_change_hand_back_their_own_id)
{
    int64_t article = add("تغطية مباشرة", "published", 0, 0, 100, NULL, 0);
    cr_assert_eq(store_live_set(db, article, true, 200), DB_OK);
    int64_t first = 0, second = 0;
    cr_assert_eq(store_live_update_add(db, article, 0, "أول", 300, &first), DB_OK);
    cr_assert_eq(store_live_update_add(db, article, 0, "ثان", 400, &second), DB_OK);
    cr_expect_eq(count("SELECT max(id) FROM live_updates"), second);
    cr_expect_eq(count("SELECT min(id) FROM live_updates"), first);
    int64_t page = 0;
    cr_assert_eq(store_page_save(db, &page, "about", "من نحن", "نص", true, 0, 500), DB_OK);
    cr_expect_eq(count("SELECT id FROM pages WHERE slug = 'about'"), page);
    cr_expect_gt(count("SELECT max(generation) FROM changes"), page);
}

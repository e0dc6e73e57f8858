/* Unit tests of view counting (web/views.c) and the rankings made from views (store/views.c). */
#include "testdb.h"
#include "web/views.h"

#include <criterion/criterion.h>

static const char *browser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0";
enum { HOUR = 3600, DAY = 86400 };
static const time_t now = 1800000000; /* 2027-01-15 */

TestSuite(views, .init = test_db_open, .fini = test_db_close);

static int64_t add_article(const char *title, int64_t cat, const char *topic)
{
    struct article_in in = {.title = title,
                            .body = "نص",
                            .status = "published",
                            .category_id = cat,
                            .published_at = now - 10 * DAY,
                            .topics = &topic,
                            .ntopics = topic ? 1 : 0};
    int64_t id;
    cr_assert_eq(store_article_add(db, &in, now, &id), DB_OK);
    return id;
}

static int64_t stored_views(int64_t id)
{
    struct db_stmt q;
    db_prepare(db, &q, "SELECT coalesce(sum(views), 0) FROM views_daily WHERE article_id = :id");
    db_bind_int(&q, ":id", id);
    return READ_INT(db_one_int(&q, &_out));
}

Test(views, known_bots_and_empty_agents_are_not_readers)
{
    cr_expect(views_is_bot("Mozilla/5.0 (compatible; Googlebot/2.1)"));
    cr_expect(views_is_bot("Mozilla/5.0 (compatible; bingbot/2.0)"));
    cr_expect(views_is_bot("facebookexternalhit/1.1"));
    cr_expect(views_is_bot("curl/7.88.1"));
    cr_expect(views_is_bot(""));
    cr_expect(views_is_bot(NULL));
    cr_expect(!views_is_bot(browser));
    cr_expect(!views_is_bot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148 Safari/604.1"));
}

Test(views, one_client_counts_once_within_thirty_minutes)
{
    int64_t id = add_article("خبر", 0, NULL);
    cr_expect_eq(views_hit(id, "10.0.0.1", browser, now), VIEW_COUNTED);
    cr_expect_eq(views_hit(id, "10.0.0.1", browser, now + 60), VIEW_REPEAT);
    cr_expect_eq(views_hit(id, "10.0.0.1", browser, now + 29 * 60), VIEW_REPEAT);
    cr_expect_eq(views_hit(id, "10.0.0.2", browser, now + 60), VIEW_COUNTED, "another address");
    cr_expect_eq(views_hit(id, "10.0.0.1", "Mozilla/5.0 Other", now + 60), VIEW_COUNTED,
                 "another browser");
    cr_expect_eq(views_hit(id, "10.0.0.1", "Googlebot/2.1", now + 60), VIEW_BOT);
    cr_expect_eq(views_hit(id, "10.0.0.1", browser, now + 31 * 60), VIEW_COUNTED,
                 "after the window the client counts again");
    cr_assert_eq(views_flush(db, now + 31 * 60), 1, "one (article, hour) count");
    cr_expect_eq(stored_views(id), 4);
}

Test(views, nothing_is_written_until_the_flush_and_a_failed_flush_keeps_the_counts)
{
    int64_t id = add_article("خبر", 0, NULL);
    views_hit(id, "10.0.0.9", browser, now);
    cr_expect_eq(stored_views(id), 0);
    cr_expect_eq(views_flush(NULL, now), -1, "no database: the write fails");
    struct views_stats s;
    views_stats(&s);
    cr_expect_eq(s.pending, 1);
    cr_expect_eq(views_flush(db, now), 1);
    cr_expect_eq(stored_views(id), 1);
}

Test(views, views_of_deleted_articles_are_dropped)
{
    int64_t id = add_article("خبر", 0, NULL);
    views_hit(id, "10.0.0.3", browser, now);
    views_hit(id + 100, "10.0.0.3", browser, now);
    cr_expect_eq(views_flush(db, now), 2);
    cr_expect_eq(stored_views(id), 1);
    cr_expect_eq(stored_views(id + 100), 0);
}

static void put_views(int64_t id, int64_t at, int64_t views)
{
    struct view_count c = {id, at / HOUR, views};
    cr_assert_eq(store_views_add(db, &c, 1, now), DB_OK);
}

static int64_t id_at(json_t *rows, size_t i)
{
    return json_integer_value(json_object_get(json_array_get(rows, i), "id"));
}

static const char *slug_at(json_t *rows, size_t i)
{
    return json_string_value(json_object_get(json_array_get(rows, i), "slug"));
}

Test(views, most_read_ranks_the_last_day_first_then_fills_from_the_week)
{
    int64_t a = add_article("أ", 0, NULL), b = add_article("ب", 0, NULL);
    int64_t c = add_article("ج", 0, NULL), d = add_article("د", 0, NULL);
    put_views(a, now - 2 * HOUR, 5);
    put_views(b, now - 3 * HOUR, 50);
    put_views(c, now - 3 * DAY, 500); /* big, but not today */
    put_views(d, now - 9 * DAY, 900); /* older than the week: not ranked */
    json_t *r = READ(store_most_read(db, now, 10, &_out));
    cr_assert_eq(json_array_size(r), 3);
    cr_expect_eq(id_at(r, 0), b);
    cr_expect_eq(id_at(r, 1), a);
    cr_expect_eq(id_at(r, 2), c, "the week fills up a thin day");
    json_decref(r);
    r = READ(store_most_read(db, now, 1, &_out));
    cr_expect_eq(json_array_size(r), 1);
    json_decref(r);
}

Test(views, top_topics_and_categories_rank_by_their_articles_views_over_the_week)
{
    int64_t c1, c2;
    store_category_add(db, "one", "واحد", "", 0, &c1);
    store_category_add(db, "two", "اثنان", "", 1, &c2);
    int64_t a = add_article("أ", c1, "المياه");
    int64_t b = add_article("ب", c2, "المناخ");
    int64_t c = add_article("ج", c2, "المناخ");
    put_views(a, now - HOUR, 30);
    put_views(b, now - 2 * DAY, 20);
    put_views(c, now - 2 * DAY, 20);
    put_views(a, now - 8 * DAY, 1000); /* outside the week */
    json_t *t = READ(store_top_topics(db, now, 10, &_out));
    cr_assert_eq(json_array_size(t), 2);
    cr_expect_str_eq(slug_at(t, 0), "المناخ");
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(t, 0), "views")), 40);
    json_decref(t);
    json_t *k = READ(store_top_categories(db, now, 10, &_out));
    cr_assert_eq(json_array_size(k), 2);
    cr_expect_str_eq(slug_at(k, 0), "two");
    cr_expect_str_eq(slug_at(k, 1), "one");
    json_decref(k);
}

Test(views, hourly_counts_older_than_eight_days_are_pruned_daily_ones_kept)
{
    int64_t a = add_article("أ", 0, NULL);
    put_views(a, now - 20 * DAY, 7);
    struct db_stmt q;
    db_prepare(db, &q, "SELECT count(*) FROM views_hourly");
    cr_expect_eq(READ_INT(db_one_int(&q, &_out)), 0);
    cr_expect_eq(stored_views(a), 7);
}

/*
 * Unit tests of Arabic search: the normalizer (text/normalize.c), the word splitter
 * (text/tokenize.c), the stemmer (text/stem.c), the query parser (text/query.c) and the index
 * with its ranking and snippets (store/fts.c, store/search.c, store/article.c).
 */
#include "testdb.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/snippet.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(search, .init = test_db_open, .fini = test_db_close);

/* The normalized form, in a static buffer. */
static const char *norm(const char *s)
{
    static char out[512];
    struct buf b = BUF_INIT;
    ar_normalize(&b, s, strlen(s));
    snprintf(out, sizeof out, "%s", buf_str(&b));
    buf_free(&b);
    return out;
}

/* True when two words share a stem: a plain search for one finds the other. */
static bool meet(const char *a, const char *b)
{
    struct stems sa, sb;
    char na[256];
    snprintf(na, sizeof na, "%s", norm(a));
    stem_word(na, strlen(na), &sa);
    const char *nb = norm(b);
    stem_word(nb, strlen(nb), &sb);
    for (int i = 0; i < sa.n; i++)
        for (int k = 0; k < sb.n; k++)
            if (strcmp(sa.s[i], sb.s[k]) == 0)
                return true;
    return false;
}

Test(search, normalizer_folds_hamza_alef_yaa_taa_digits_persian_and_drops_tashkeel)
{
    cr_expect_str_eq(norm("الأسد"), "الاسد");
    cr_expect_str_eq(norm("إسلام آمن ٱلله"), "اسلام امن الله");
    cr_expect_str_eq(norm("دَاعِش"), "داعش");
    cr_expect_str_eq(norm("مُحَمَّدٌ"), "محمد");
    cr_expect_str_eq(norm("الـــعرب"), "العرب");
    cr_expect_str_eq(norm("مكتبة"), "مكتبه");
    cr_expect_str_eq(norm("مستشفى"), "مستشفي");
    cr_expect_str_eq(norm("مؤتمر رئيس"), "موتمر رييس");
    cr_expect_str_eq(norm("١٢٢٠ ۱۹۹۰"), "1220 1990");
    cr_expect_str_eq(norm("کتاب یک"), "كتاب يك");
    cr_expect_str_eq(norm("COP28 Café"), "cop28 cafe");
    cr_expect_str_eq(norm("\xEF\xBB\xBB"), "لا", "presentation-form lam-alef ligature");
}

Test(search, variants_of_a_word_meet)
{
    const char *forms[] = {"اتفاق",   "الاتفاق", "والاتفاق", "بالاتفاق", "اتفاقات",
                           "للاتفاق", "اتفاقاً",  "واتفاق",   "فالاتفاق"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
            cr_expect(meet(forms[i], forms[k]), "%s / %s", forms[i], forms[k]);
    cr_expect(meet("الأسد", "الاسد"));
    cr_expect(meet("دَاعِش", "داعش"));
    cr_expect(meet("١٢٢٠", "1220"));
    cr_expect(meet("مكتبة", "مكتبه"));
    cr_expect(meet("ک", "ك"));
    cr_expect(meet("وكالة", "الوكالة"), "a leading و that belongs to the word");
    cr_expect(meet("بدمج", "دمج"), "a bare ب clitic");
    cr_expect(meet("المعلمون", "معلمين"));
    cr_expect(meet("running", "runs"), "English through Snowball");
}

Test(search, different_words_do_not_meet)
{
    cr_expect(!meet("سلام", "اسلام"));
    cr_expect(!meet("علم", "عالم"));
    cr_expect(!meet("مدرسة", "دراسة"));
    cr_expect(!meet("الكتاب", "التاب"), "with the article, ك is certainly part of the word");
    cr_expect(!meet("1220", "122"));
    cr_expect(!meet("اتفاق", "نفاق"));
}

struct collected {
    char words[16][64];
    size_t start[16], len[16];
    int n;
};

static int collect(void *ctx, const char *s, size_t start, size_t len)
{
    struct collected *c = ctx;
    if (c->n < 16) {
        snprintf(c->words[c->n], 64, "%.*s", (int)len, s + start);
        c->start[c->n] = start;
        c->len[c->n++] = len;
    }
    return 0;
}

Test(search, words_keep_their_offsets_in_the_text_as_written)
{
    const char *text = "قال «المتحدث»: دَاعِشُ وافق، 1220 عنصراً!";
    struct collected c = {0};
    words_each(text, strlen(text), collect, &c);
    cr_assert_eq(c.n, 6);
    cr_expect_str_eq(c.words[1], "المتحدث");
    cr_expect_str_eq(c.words[2], "دَاعِشُ", "harakat stay inside the word");
    cr_expect_str_eq(c.words[4], "1220");
    cr_expect_eq(memcmp(text + c.start[5], "عنصراً", c.len[5]), 0);
}

Test(search, queries_never_become_syntax)
{
    struct arena a = ARENA_INIT;
    struct query q;
    const char *hostile[] = {"\"",   "*",   "NEAR(", "-",    ")",   "AND OR NOT",
                             "((\"", "؟!…", "",      "\"\"", "-\"", "a* b*"};
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        query_parse(&a, hostile[i], strlen(hostile[i]), &q);
        for (int t = 0; t < q.nterms; t++)
            for (int k = 0; k < q.terms[t].ntokens; k++)
                cr_expect(!strpbrk(q.terms[t].tokens[k], "\"()*"), "%s", hostile[i]);
    }
    query_parse(&a, "NEAR(داعش", 12, &q);
    cr_expect_eq(q.npositive, 2, "NEAR and داعش are two words");
    arena_free(&a);
}

Test(search, query_reads_phrases_prefixes_exclusions_and_drops_stop_words)
{
    struct arena a = ARENA_INIT;
    struct query q;
    const char *text = "ما هو \"اتفاق المياه\" اقتصا* -داعش الحكومة";
    query_parse(&a, text, strlen(text), &q);
    cr_assert_eq(q.nterms, 6, "ما and هو are stop words; the phrase's two words come loose too");
    cr_expect_eq(q.terms[0].kind, QUERY_PHRASE);
    cr_expect_eq(q.terms[0].ntokens, 2);
    cr_expect_str_eq(q.terms[0].tokens[0], "اتفاق", "phrases: the words as typed, unmarked");
    cr_expect(q.terms[1].loose && q.terms[2].loose, "the phrase's words as plain words");
    cr_expect_eq(q.terms[2].kind, QUERY_WORD);
    cr_expect_eq(q.terms[3].kind, QUERY_PREFIX);
    cr_expect_str_eq(q.terms[3].tokens[0], "اقتصا");
    cr_expect_str_eq(q.terms[3].tokens[1], "~اقتصا", "a prefix of stems too");
    cr_expect(q.terms[4].excluded);
    cr_expect_eq(q.terms[5].kind, QUERY_WORD);
    cr_expect_eq(q.npositive, 3, "loose words are not counted");
    query_parse(&a, "\"اتفاق المياه\"", strlen("\"اتفاق المياه\""), &q);
    cr_expect_eq(q.nterms, 1, "a phrase alone is asked for exactly: no loose words");
    query_parse(&a, "والاسك*", strlen("والاسك*"), &q);
    cr_expect_str_eq(q.terms[0].tokens[1], "~اسك", "the prefix's article and clitic go");
    query_parse(&a, "ما هو", strlen("ما هو"), &q);
    cr_expect_eq(q.npositive, 2, "only stop words: they are searched after all");
    arena_free(&a);
}

/* The tokens of a word, as the index holds them, joined by spaces, in a static buffer. */
static const char *word_tokens(const char *word)
{
    static char out[1024];
    struct word_tokens wt;
    const char *n = norm(word);
    query_word_tokens(n, strlen(n), &wt);
    out[0] = 0;
    for (int i = 0; i < wt.n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", wt.s[i]);
    return out;
}

Test(search, the_index_holds_a_word_and_only_the_stems_that_differ_from_it)
{
    cr_expect_str_eq(word_tokens("اتفاق"), "اتفاق", "its own stem: one token");
    cr_expect_str_eq(word_tokens("الاتفاق"), "الاتفاق ~اتفاق");
    cr_expect_str_eq(word_tokens("اتفاقات"), "اتفاقات ~اتفاق");
    cr_expect_str_eq(word_tokens("كتاب"), "كتاب ~تاب", "another reading, marked");
    cr_expect_str_eq(word_tokens("1220"), "1220");
    /* The same through FTS5: the tokenizer emits exactly these. */
    struct article_in in = {
        .title = "اتفاق", .dek = "", .body = "الاتفاق", .status = "published", .published_at = 1};
    int64_t id;
    cr_assert_eq(store_article_add(db, &in, 1, &id), DB_OK);
    struct db_stmt st;
    cr_assert_eq(db_prepare(db, &st,
                            "SELECT group_concat(term || ':' || cnt, ' ') FROM"
                            " (SELECT term, cnt FROM articles_fts_vocab ORDER BY term)"),
                 DB_OK);
    cr_assert_eq(db_step(&st), DB_ROW);
    cr_expect_str_eq(db_col_text(&st, 0), "^اتفاق:1 ~اتفاق:1 اتفاق:1 الاتفاق:1",
                     "and the title's word once more, marked ^");
    db_finalize(&st);
}

Test(search, a_plain_word_asks_for_the_word_as_typed_and_each_stem_marked_or_not)
{
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "الاتفاق اتفاق كتاب", strlen("الاتفاق اتفاق كتاب"), &q);
    cr_assert_eq(q.nterms, 3);
    const char *want[][5] = {
        {"الاتفاق", "اتفاق", "~اتفاق"}, {"اتفاق", "~اتفاق"}, {"كتاب", "~كتاب", "تاب", "~تاب"}};
    const unsigned char flags[][5] = {{0, 0, QUERY_TOKEN_SAME},
                                      {QUERY_TOKEN_EXACT, QUERY_TOKEN_SAME},
                                      {QUERY_TOKEN_EXACT, QUERY_TOKEN_SAME, QUERY_TOKEN_OTHER,
                                       QUERY_TOKEN_OTHER | QUERY_TOKEN_SAME}};
    const int ntokens[] = {3, 2, 4};
    for (int t = 0; t < 3; t++) {
        cr_assert_eq(q.terms[t].ntokens, ntokens[t], "term %d", t);
        for (int k = 0; k < ntokens[t]; k++) {
            cr_expect_str_eq(q.terms[t].tokens[k], want[t][k], "term %d token %d", t, k);
            cr_expect_eq(q.terms[t].flags[k], flags[t][k], "term %d token %d", t, k);
        }
    }
    arena_free(&a);
}

static int64_t add(const char *title, const char *body, int64_t published_at)
{
    struct article_in in = {.title = title,
                            .dek = "",
                            .body = body,
                            .status = "published",
                            .published_at = published_at};
    int64_t id;
    cr_assert_eq(store_article_add(db, &in, published_at, &id), DB_OK);
    return id;
}

/* The ids found for text, best first, as a string "3 1 2". */
static const char *found(const char *text, int by_date)
{
    static char out[256];
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, text, strlen(text), &q);
    struct search_options o = {.limit = 20, .by_date = by_date};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_assert_not_null(r);
    out[0] = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(r, "results"), i, row) {
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld", i ? " " : "",
                 (long long)json_integer_value(json_object_get(row, "id")));
    }
    cr_expect_eq((size_t)json_integer_value(json_object_get(r, "total")),
                 json_array_size(json_object_get(r, "results")));
    json_decref(r);
    arena_free(&a);
    return out;
}

Test(search, a_plain_word_finds_every_inflection_and_spelling)
{
    add("وقّع الطرفان الاتفاق", "نص", 1000);
    add("خبر آخر", "وتحدث الوزير عن اتفاقات سابقة", 1000);
    add("خبر ثالث", "لا شيء هنا", 1000);
    add("قوات الأسد", "أعلن النظام بالاتفاق مع دَاعِش خروج ١٢٢٠ عنصراً", 1000);
    /* The title match first; then the body that says it sooner. */
    cr_expect_str_eq(found("اتفاق", 0), "1 4 2");
    cr_expect_str_eq(found("الاسد", 0), "4");
    cr_expect_str_eq(found("داعش", 0), "4");
    cr_expect_str_eq(found("1220", 0), "4");
    cr_expect_str_eq(found("", 0), "");
    cr_expect_str_eq(found("في من على", 0), "", "stop words alone are searched: none is here");
}

Test(search, phrases_match_exactly_prefixes_match_beginnings_and_exclusions_exclude)
{
    add("أ", "الاتفاق النووي", 1000);
    add("ب", "اتفاق نووي", 1000);
    add("ج", "النووي الاتفاق", 1000);
    add("د", "اقتصاد واقتصادي", 1000);
    cr_expect_str_eq(found("\"الاتفاق النووي\"", 0), "1");
    cr_expect_str_eq(found("\"اتفاق نووي\"", 0), "2");
    cr_expect_str_eq(found("اقتصا*", 0), "4");
    cr_expect_str_eq(found("اتفاق -نووي", 0), "", "every article with اتفاق has نووي too");
    cr_expect_str_eq(found("اتفاق -\"الاتفاق النووي\"", 0), "2 3", "the exact form first");
}

Test(search, all_the_words_first_then_most_of_them_and_stop_words_never_decide)
{
    add("جمال خاشقجي", "صحفي سعودي ولد في المدينة المنورة", 1000);
    add("المدينة", "المدينة المنورة مدينة في الحجاز", 1000);
    add("صحفي", "صحفي من لبنان", 1000);
    /* "متى ولد جمال خاشقجي؟": متى is a stop word; the first article has all the others. */
    const char *r = found("متى ولد جمال خاشقجي؟", 0);
    cr_expect_eq(r[0], '1', "%s", r);
    cr_expect_str_eq(found("في المدينة", 0), found("المدينة", 0), "في changes nothing");
}

Test(search, a_second_reading_matches_but_the_word_as_typed_ranks_first)
{
    /* كتاب could be ك + تاب: both readings are indexed and searched, so تاب and كتاب find
     * each other, but the word as typed ranks first. Other articles make the idf real. */
    add("كتاب جديد", "نص", 1000);
    add("تاب عن خطئه", "نص", 1000);
    for (int i = 0; i < 8; i++)
        add("خبر", "نص آخر", 1000);
    cr_expect_str_eq(found("تاب", 0), "2 1");
    cr_expect_str_eq(found("كتاب", 0), "1 2");
}

Test(search, the_form_typed_ranks_first_whether_or_not_it_is_its_own_stem)
{
    /* Equal articles but for the form of one word; ties would go to the highest id. */
    add("خبر", "وقع الاتفاق", 1000);
    add("خبر", "وقع اتفاق", 1000);
    add("خبر", "وقع الاتفاق", 1000);
    for (int i = 0; i < 8; i++)
        add("خبر", "نص آخر", 1000);
    cr_expect_str_eq(found("اتفاق", 0), "2 3 1", "the base form typed: its article first");
    cr_expect_str_eq(found("الاتفاق", 0), "3 1 2");
    cr_expect_str_eq(found("\"اتفاق\"", 0), "2", "a phrase: the form typed only");
    const char *prefixed = found("اتفا*", 0);
    cr_expect(strlen(prefixed) == 5 && strchr(prefixed, '1') && strchr(prefixed, '3'),
              "a prefix: through the article too (%s)", prefixed);
}

Test(search, recency_breaks_ties_and_date_order_is_newest_first)
{
    add("الطاقة الشمسية", "نص", 1000);
    add("الطاقة الشمسية", "نص", 99000);
    cr_expect_str_eq(found("الطاقة الشمسية", 0), "2 1");
    add("الطاقة الشمسية الطاقة الشمسية", "الطاقة الشمسية", 500);
    cr_expect_str_eq(found("الشمسية", 1), "2 1 3");
}

Test(search, snippets_mark_the_words_as_written_harakat_and_all)
{
    add("عنوان", "قال المتحدث إن دَاعِشَ انسحب من المخيم.", 1000);
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "داعش", 8, &q);
    struct search_options o = {.limit = 5};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    const char *snippet = json_string_value(
        json_object_get(json_array_get(json_object_get(r, "results"), 0), "snippet_marked"));
    cr_assert_not_null(snippet);
    cr_expect(strstr(snippet, "\x01"
                              "دَاعِشَ\x02") != NULL,
              "%s", snippet);
    json_decref(r);
    arena_free(&a);
}

static void integrity(void)
{
    cr_expect_eq(db_exec(db, "INSERT INTO articles_fts(articles_fts, rank)"
                             " VALUES('integrity-check', 1)"),
                 DB_OK, "the index matches the articles");
}

Test(search, the_index_follows_edits_unpublishing_and_deletion)
{
    int64_t id = add("خبر عن المياه", "نص", 1000);
    int64_t other = add("خبر عن الزراعة", "نص", 1000);
    cr_expect_str_eq(found("المياه", 0), "1");
    struct article_in in = {
        .title = "خبر عن الطاقة", .body = "نص", .status = "published", .published_at = 1000};
    cr_assert_eq(store_article_update(db, id, &in, 0, 2000), DB_OK);
    integrity();
    cr_expect_str_eq(found("المياه", 0), "");
    cr_expect_str_eq(found("الطاقة", 0), "1");
    cr_assert_eq(store_article_set_status(db, id, "unpublished", 3000), DB_OK);
    integrity();
    cr_expect_str_eq(found("الطاقة", 0), "");
    cr_assert_eq(store_article_set_status(db, id, "published", 3000), DB_OK);
    cr_expect_str_eq(found("الطاقة", 0), "1");
    cr_assert_eq(store_article_delete(db, other), DB_OK);
    integrity();
    cr_expect_str_eq(found("الزراعة", 0), "");
    cr_expect_eq(store_article_delete(db, other), DB_DONE);
    int64_t count = 0;
    cr_assert_eq(store_reindex(db, &count), DB_OK);
    cr_expect_eq(count, 1);
    integrity();
    cr_expect_str_eq(found("الطاقة", 0), "1");
}

Test(search, related_articles_share_the_weightiest_terms)
{
    int64_t a = add("محطة تحلية مياه البحر", "محطة تحلية جديدة لمياه البحر في المدينة", 1000);
    add("مباراة كرة القدم", "فاز الفريق في المباراة", 1000);
    int64_t c = add("تحلية المياه", "مشروع تحلية المياه المالحة", 1000);
    add("كرة السلة", "خسر الفريق", 1000);
    json_t *r;
    cr_assert_eq(store_related(db, a, 100000, 4, &r), DB_OK);
    cr_assert_geq(json_array_size(r), 1);
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(r, 0), "id")), c);
    size_t i;
    json_t *row;
    json_array_foreach(r, i, row) {
        cr_expect_neq(json_integer_value(json_object_get(row, "id")), a, "never itself");
    }
    json_decref(r);
}

/* The marked text of a query over a text, in a static buffer. */
static const char *marked(const char *query, const char *text, int passage)
{
    static char out[2048];
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, query, strlen(query), &q);
    struct buf b = BUF_INIT;
    if (passage)
        snippet_passage(&b, text, strlen(text), &q, passage);
    else
        snippet_mark_all(&b, text, strlen(text), &q);
    snprintf(out, sizeof out, "%s", buf_str(&b));
    for (char *p = out; *p; p++) /* readable marks */
        if (*p == 1)
            *p = '[';
        else if (*p == 2)
            *p = ']';
    buf_free(&b);
    arena_free(&a);
    return out;
}

Test(search, marks_fall_on_words_as_written_for_words_phrases_and_prefixes)
{
    cr_expect_str_eq(marked("اتفاق", "وقّع الطرفان الاتفاقَ، ثم اتفاقات أخرى ونفاق.", 0),
                     "وقّع الطرفان [الاتفاقَ]، ثم [اتفاقات] أخرى ونفاق.");
    cr_expect_str_eq(marked("\"المياه الجوفية\"", "المياه العذبة والمياه الجوفية", 0),
                     "المياه العذبة والمياه الجوفية", "والمياه is not the exact word المياه");
    cr_expect_str_eq(marked("\"المياه الجوفية\"", "المياه الجوفية والمياه العذبة", 0),
                     "[المياه] [الجوفية] والمياه العذبة");
    cr_expect_str_eq(marked("اقتصا*", "الاقتصاد والاقتصادي اقتصادي واقتراح", 0),
                     "[الاقتصاد] [والاقتصادي] [اقتصادي] واقتراح", "through clitics and article");
    cr_expect_str_eq(marked("مياه \"الجوفية العذبة\"", "الجوفيه والمياه", 0), "[الجوفيه] [والمياه]",
                     "with a plain word, a phrase's words come loose");
    cr_expect_str_eq(marked("-المياه", "المياه", 0), "المياه", "excluded words are not marked");
}

Test(search, the_passage_is_where_most_terms_meet)
{
    const char *text = "الف باء تاء ثاء جيم حاء خاء دال ذال راء زاي سين شين صاد ضاد طاء ظاء عين "
                       "غين فاء قاف كاف المياه لام ميم نون الزراعة هاء واو ياء";
    cr_expect_str_eq(marked("المياه الزراعة", text, 6), "…كاف [المياه] لام ميم نون [الزراعة]…");
    cr_expect_str_eq(marked("المياه", text, 6), "…فاء قاف كاف [المياه] لام ميم…",
                     "a few words before the match");
    cr_expect_str_eq(marked("غائب", text, 3), "الف باء تاء…", "no match: the beginning");
}

Test(search, a_common_word_is_ranked_among_all_its_articles_not_the_newest)
{
    /* The oldest article says the word in its title and throughout; a thousand newer ones say
     * it once in their bodies. It comes first, and deep pages still have their articles. */
    add("كلمة كلمة كلمة", "كلمة كلمة كلمة كلمة", 1000);
    db_begin(db);
    for (int i = 0; i < 1100; i++)
        add("خبر", "فيه كلمة واحدة بين كلمات أخرى كثيرة", 1000);
    db_commit(db);
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "كلمة", strlen("كلمة"), &q);
    struct search_options o = {.limit = 5};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(json_integer_value(json_object_get(r, "total")), 1101);
    cr_expect_eq(
        json_integer_value(json_object_get(json_array_get(json_object_get(r, "results"), 0), "id")),
        1);
    json_decref(r);
    o.offset = 1100;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(json_array_size(json_object_get(r, "results")), 1);
    json_decref(r);
    arena_free(&a);
}

Test(search, an_old_article_with_every_word_in_its_title_beats_a_thousand_newer_ones)
{
    /* Two words, each common; only the oldest article has both, in its title. Articles with
     * one of them follow only when those with both are few. */
    add("القبض على عنصرين متورطين في عملية", "نص الخبر", 1000);
    db_begin(db);
    for (int i = 0; i < 1100; i++)
        add(i % 2 ? "عملية جديدة" : "متورطين", "عملية واحدة هنا ومتورطين هناك", 1000 + i);
    for (int i = 0; i < 20; i++)
        add("خبر", "عملية واحدة", 1000 + i);
    db_commit(db);
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "متورطين عملية", strlen("متورطين عملية"), &q);
    struct search_options o = {.limit = 10};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(
        json_integer_value(json_object_get(json_array_get(json_object_get(r, "results"), 0), "id")),
        1);
    cr_expect_eq(json_integer_value(json_object_get(r, "total")), 1101, "only those with both");
    json_decref(r);
    arena_free(&a);
}

Test(search, articles_with_some_words_follow_only_when_those_with_all_are_few)
{
    add("الطاقة", "الشمسية", 1000);
    for (int i = 0; i < 3; i++)
        add("الطاقة", "نص", 1000);
    cr_expect_str_eq(found("الطاقة الشمسية", 0), "1 4 3 2", "one has both: the others follow");
    for (int i = 0; i < 12; i++)
        add("الطاقة الشمسية", "نص", 1000);
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "الطاقة الشمسية", strlen("الطاقة الشمسية"), &q);
    struct search_options o = {.limit = 50};
    json_t *res;
    cr_assert_eq(store_search(db, &q, &o, 100000, &res), DB_OK);
    cr_expect_eq(json_integer_value(json_object_get(res, "total")), 13, "13 with both: only those");
    json_decref(res);
    arena_free(&a);
}

Test(search, a_sentence_ranks_its_articles_with_every_word_and_with_most_together)
{
    /* The first has every word, once each in a long text; the second has the three rare ones
     * in its title and text but not اليوم, which ten other articles have. */
    add("خبر",
        "اليوم نص طويل عن أمور كثيرة لا صلة لها بالموضوع ولا بغيره من الأمور التي"
        " تشغل الناس في حياتهم اليومية وأعمالهم ومدنهم وقراهم وأسواقهم ثم زلزال"
        " في مكان ما وبعده كلام آخر عن الطقس والرياح والمطر ثم بركان وبعده كلام"
        " عن الرياضة والكرة والملاعب ثم تسونامي وبعده كلام عن الفن والمسرح",
        1000);
    add("زلزال وبركان وتسونامي", "زلزال تبعه بركان ثم تسونامي", 1000);
    for (int i = 0; i < 10; i++)
        add("خبر", "اليوم نص", 1000);
    /* Four words: a sentence, whose articles with some words are not put after those with
     * every word but ranked with them, each scaled by the share of the words' idf it holds. */
    const char *r = found("زلزال بركان تسونامي اليوم", 0);
    cr_expect(strncmp(r, "2 1 ", 4) == 0, "%s", r);
    /* Three: the article with every word first. */
    r = found("زلزال بركان اليوم", 0);
    cr_expect(strncmp(r, "1 2 ", 4) == 0, "%s", r);
}

Test(search, a_prefix_reaches_past_the_article_and_clitics)
{
    add("أزمة الإسكان", "نص", 1000);
    add("خبر", "وتحدث عن والإسكان الشعبي", 1000);
    add("خبر", "الإسكندرية", 1000);
    add("خبر", "لا شيء", 1000);
    const char *r = found("اسك*", 0);
    cr_expect(strstr(r, "1") && strstr(r, "2") && strstr(r, "3") && !strstr(r, "4"), "%s", r);
}

Test(search, date_filters_and_counts_per_category)
{
    int64_t sport = 0, economy = 0;
    cr_assert_eq(store_category_add(db, "sport", "رياضة", "", 0, &sport), DB_OK);
    cr_assert_eq(store_category_add(db, "economy", "اقتصاد", "", 1, &economy), DB_OK);
    int64_t ids[4];
    const int64_t when[] = {1000, 2000, 3000, 4000};
    for (int i = 0; i < 4; i++) {
        struct article_in in = {.title = "مباراة",
                                .body = "نص",
                                .status = "published",
                                .published_at = when[i],
                                .category_id = i < 3 ? sport : economy};
        cr_assert_eq(store_article_add(db, &in, 1000, &ids[i]), DB_OK);
    }
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "مباراة", strlen("مباراة"), &q);
    struct search_options o = {.limit = 10, .from = 2000, .to = 4000, .facets = true};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(json_integer_value(json_object_get(r, "total")), 2, "[2000, 4000): two");
    json_t *cats = json_object_get(r, "categories");
    cr_assert_eq(json_array_size(cats), 1, "only sport within those dates");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(cats, 0), "slug")), "sport");
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(cats, 0), "count")), 2);
    json_decref(r);
    o = (struct search_options){.limit = 10, .facets = true, .category_id = economy};
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(json_integer_value(json_object_get(r, "total")), 1);
    cr_expect_eq(json_array_size(json_object_get(r, "categories")), 2,
                 "the counts beside a category's results are every category's");
    json_decref(r);
    arena_free(&a);
}

Test(search, a_misspelled_word_gets_the_spelling_the_archive_knows)
{
    for (int i = 0; i < 12; i++)
        add("الحكومة التونسية", "أعلنت الحكومة التونسية", 1000);
    for (int i = 0; i < 12; i++)
        add("عبد الله", "عبد الله", 1000);
    char *better = NULL;
    const char *typo = "الحكومة التونسبة";
    cr_assert_eq(store_suggest(db, typo, strlen(typo), &better), DB_OK);
    cr_expect_str_eq(better, "الحكومة التونسية", "one letter changed, written as in the articles");
    free(better);
    cr_assert_eq(store_suggest(db, "عبدالله", strlen("عبدالله"), &better), DB_OK);
    cr_expect_str_eq(better, "عبد الله", "two words run together");
    free(better);
    cr_assert_eq(store_suggest(db, "الحكومة", strlen("الحكومة"), &better), DB_OK);
    cr_expect_null(better, "a known word is left alone");
    /* Through the search: only when every word finds few articles. */
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, typo, strlen(typo), &q);
    struct search_options o = {.limit = 10, .text = typo};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_str_eq(json_string_value(json_object_get(r, "suggestion")), "الحكومة التونسية");
    json_decref(r);
    arena_free(&a);
}

static int64_t add_unindexed(const char *title, const char *body)
{
    struct article_in in = {
        .title = title, .dek = "", .body = body, .status = "published", .published_at = 1000};
    int64_t id;
    cr_assert_eq(store_article_add_unindexed(db, &in, 1000, &id), DB_OK);
    return id;
}

Test(search, tokens_made_ahead_are_replayed_for_that_very_text_only)
{
    /* Imports tokenize on their reading thread and the index replays those tokens. To see
     * which were used, the tokens handed over are those of other words. */
    const char *body = "نص عن الزراعة";
    const char *other = "نص عن الزراعة."; /* differs by a byte: tokenized afresh */
    struct buf swapped = BUF_INIT, unused = BUF_INIT;
    store_index_tokens(&swapped, "قمح وشعير", strlen("قمح وشعير"), NULL, NULL);
    store_index_tokens(&unused, "قطن", strlen("قطن"), NULL, NULL);
    cr_assert_gt(swapped.len, 0);
    int64_t a = add_unindexed("خبر أول", body);
    int64_t b = add_unindexed("خبر ثان", other);
    store_index_expect(db, body, strlen(body), &swapped);
    store_index_expect(db, "نص لم يُخزَّن", strlen("نص لم يُخزَّن"), &unused);
    cr_assert_eq(store_index_add_range(db, a, b), DB_OK);
    store_index_expect_clear(db);
    cr_expect_str_eq(found("شعير", 0), "1", "the replayed tokens are indexed");
    cr_expect_str_eq(found("الزراعة", 0), "2", "the other text was tokenized itself");
    cr_expect_str_eq(found("قطن", 0), "", "tokens for a text not indexed are not used");
    /* Cleared: the same text is tokenized again. */
    int64_t c = add_unindexed("خبر ثالث", body);
    cr_assert_eq(store_index_add_range(db, c, c), DB_OK);
    const char *both = found("الزراعة", 0);
    cr_expect(strcmp(both, "3 2") == 0 || strcmp(both, "2 3") == 0, "found %s", both);
    buf_free(&swapped);
    buf_free(&unused);
}

Test(search, replayed_tokens_are_the_tokenizers_own)
{
    /* FTS5's integrity check tokenizes the articles again and compares with the index: what
     * was replayed must be exactly what the tokenizer makes (tokens, positions, colocated
     * readings), for Arabic with harakat and clitics, Latin, digits and long words. */
    const char *body = "وَالاتفاقُ بالاتفاق، كتاب وكالة ١٢٢٠ Running runners "
                       "كلمةطويلةجدا_بلا_فواصل_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n"
                       "فقرة ثانية.";
    const char *title = "عنوانٌ للاختبار";
    struct buf tb = BUF_INIT, tt = BUF_INIT;
    store_index_tokens(&tb, body, strlen(body), NULL, NULL);
    store_index_tokens(&tt, title, strlen(title), NULL, NULL);
    int64_t id = add_unindexed(title, body);
    store_index_expect(db, body, strlen(body), &tb);
    store_index_expect(db, title, strlen(title), &tt);
    cr_assert_eq(store_index_add_range(db, id, id), DB_OK);
    store_index_expect_clear(db);
    integrity();
    cr_expect_str_eq(found("اتفاق", 0), "1");
    buf_free(&tb);
    buf_free(&tt);
}

Test(search, a_range_of_articles_is_read_by_id_not_through_every_published_one)
{
    /* Indexing a new article (or an import's batch) reads article_search for a range of ids;
     * read through the index on status, it visited every published article, and each write
     * cost time in proportion to the archive. */
    struct db_stmt q;
    cr_assert_eq(db_prepare(db, &q,
                            "EXPLAIN QUERY PLAN SELECT id, taxonomy FROM article_search"
                            " WHERE id BETWEEN 1 AND 2"),
                 DB_OK);
    cr_assert_eq(db_step(&q), DB_ROW);
    const char *plan = db_col_text(&q, 3);
    cr_expect(strstr(plan, "INTEGER PRIMARY KEY") != NULL, "the plan: %s", plan);
    db_finalize(&q);
}

Test(search, snippets_are_plain_text_not_markdown)
{
    add("عنوان", "## خلفية\n\nوقّع الطرفان **الاتفاق** في [العاصمة](https://example.com/a).", 1000);
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, "الاتفاق", strlen("الاتفاق"), &q);
    struct search_options o = {.limit = 5};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    const char *snippet = json_string_value(
        json_object_get(json_array_get(json_object_get(r, "results"), 0), "snippet_marked"));
    cr_assert_not_null(snippet);
    cr_expect(strstr(snippet, "\x01الاتفاق\x02 في العاصمة.") != NULL, "%s", snippet);
    cr_expect(!strpbrk(snippet, "*#[]()"), "no Markdown marks: %s", snippet);
    json_decref(r);
    arena_free(&a);
}

Test(search, a_database_error_is_an_error_never_an_empty_result)
{
    int64_t a = add("محطة تحلية مياه البحر", "محطة تحلية جديدة لمياه البحر في المدينة", 1000);
    add("تحلية المياه", "مشروع تحلية المياه المالحة", 1000);
    struct arena ar = ARENA_INIT;
    struct query q;
    query_parse(&ar, "تحلية", strlen("تحلية"), &q);
    struct search_options o = {.limit = 5, .facets = true, .text = "تحلية"};
    json_t *r;
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(json_integer_value(json_object_get(r, "total")), 2);
    json_decref(r);
    cr_assert_eq(store_related(db, a, 100000, 4, &r), DB_OK);
    cr_expect_eq(json_array_size(r), 1);
    json_decref(r);
    /* The table every search filters through, gone: an error, not "nothing found". */
    cr_assert_eq(db_exec(db, "ALTER TABLE search_docs RENAME TO search_docs_away"), DB_OK);
    json_t *before = json_object();
    r = before;
    cr_expect_lt(store_search(db, &q, &o, 100000, &r), 0);
    cr_expect_null(r);
    r = before;
    cr_expect_lt(store_related(db, a, 100000, 4, &r), 0);
    cr_expect_null(r);
    json_decref(before);
    cr_assert_eq(db_exec(db, "ALTER TABLE search_docs_away RENAME TO search_docs"), DB_OK);
    cr_assert_eq(store_search(db, &q, &o, 100000, &r), DB_OK);
    cr_expect_eq(json_integer_value(json_object_get(r, "total")), 2, "whole again");
    json_decref(r);
    arena_free(&ar);
}

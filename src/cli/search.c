/* search.c: `sahifa search`, the site search on the command line (usage in main.c). */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "store/store.h"
#include "text/escape.h"
#include "text/query.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The marked text with the matched words shown as «word» (for a terminal) or, with html, as
 * escaped HTML with <mark> (for --json). New string. */
static json_t *unmark(const char *s, int html)
{
    struct buf b = BUF_INIT;
    if (html) {
        esc_html_marked(&b, s, strlen(s));
    } else {
        for (; *s; s++)
            buf_puts(&b, *s == 1 ? "«" : *s == 2 ? "»" : (char[]){*s, 0});
    }
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

/* Whether arg, where an option could stand, is the query's first word: an exclusion such as
 * -البرلمان or -2018 ("-" and anything but "-" or a Latin letter). getopt would read it as a
 * bundle of one-letter options. */
static bool query_word(const char *arg)
{
    unsigned char next = (unsigned char)arg[1];
    return arg[0] == '-' && next && next != '-' &&
           !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'));
}

int cmd_search(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db";
    int json = 0, c;
    long limit = 10;
    /* Options come first; the query is everything from its first word on ("+"), so that -word
     * (an exclusion) is a word of the query, not an option; "--" ends the options too. */
    while (optind < argc && !query_word(argv[optind]) &&
           (c = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'j': json = 1; break;
        case 'n':
            if (!cli_number("search", "--limit", optarg, 1, 1000, &limit))
                return 2;
            break;
        default: return cli_bad_option("search", c, argv);
        }
    }
    if (optind >= argc)
        return cli_misuse("search", "no query given");
    struct buf text = BUF_INIT;
    for (int i = optind; i < argc; i++)
        buf_printf(&text, "%s%s", i > optind ? " " : "", argv[i]);
    if (!utf8_valid(buf_str(&text), text.len)) {
        fprintf(stderr, "sahifa: the query is not valid UTF-8\n");
        buf_free(&text);
        return 2;
    }
    struct db *db = cli_open_db(path, 0);
    if (!db) {
        buf_free(&text);
        return 1;
    }
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, buf_str(&text), text.len, &q);
    struct search_options o = {.limit = (int)limit};
    json_t *found = store_search(db, &q, &o, time(NULL));
    int rc = 0;
    if (!found) {
        fprintf(stderr, "sahifa: the search failed\n");
        rc = 1;
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(found, "results"), i, r) {
            json_object_set_new(
                r, "url",
                json_sprintf("/a/%lld/%s", (long long)json_integer_value(json_object_get(r, "id")),
                             json_string_value(json_object_get(r, "slug"))));
            json_object_set_new(
                r, "title_shown",
                unmark(json_string_value(json_object_get(r, "title_marked")), json));
            json_object_set_new(
                r, "snippet",
                unmark(json_string_value(json_object_get(r, "snippet_marked")), json));
            json_object_del(r, "title_marked");
            json_object_del(r, "snippet_marked");
        }
        if (json) {
            json_dumpf(found, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
            putchar('\n');
        } else {
            printf("%lld results\n",
                   (long long)json_integer_value(json_object_get(found, "total")));
            json_array_foreach(json_object_get(found, "results"), i, r) {
                printf("\n%s\n  %s\n  %s\n", json_string_value(json_object_get(r, "title_shown")),
                       json_string_value(json_object_get(r, "url")),
                       json_string_value(json_object_get(r, "snippet")));
            }
        }
        json_decref(found);
    }
    arena_free(&a);
    buf_free(&text);
    db_close(db);
    return rc;
}

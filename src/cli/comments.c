/* comments.c: `sahifa comments`, moderating readers' comments (usage in main.c). */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const statuses[] = {"pending", "approved", "spam", "deleted", "all", NULL};
static const char *const actions[] = {"list", "approve", "reject", "spam", "delete", NULL};

static int list(struct db *db, const char *status, int limit, int json)
{
    json_t *rows;
    if (store_comments_list(db, status, limit, &rows) != DB_OK) {
        fprintf(stderr, "sahifa: the comments could not be read\n");
        return 1;
    }
    if (json) {
        json_dumpf(rows, stdout, JSON_INDENT(2));
        putchar('\n');
    } else {
        size_t i;
        json_t *c;
        json_array_foreach(rows, i, c) {
            time_t t = (time_t)json_integer_value(json_object_get(c, "created_at"));
            char when[32];
            strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&t));
            printf("%lld  %-8s  %s  %s  on «%s» (%lld)\n    %.300s\n",
                   (long long)json_integer_value(json_object_get(c, "id")),
                   json_string_value(json_object_get(c, "status")), when,
                   json_string_value(json_object_get(c, "name")),
                   json_string_value(json_object_get(c, "article_title")),
                   (long long)json_integer_value(json_object_get(c, "article_id")),
                   json_string_value(json_object_get(c, "body")));
        }
        if (json_array_size(rows) == 0)
            printf("no comments%s%s\n", status ? " with status " : "", status ? status : "");
    }
    json_decref(rows);
    return 0;
}

/* approve, reject (kept as deleted, can be restored), spam, delete (gone for good). */
static int moderate(struct db *db, const char *action, int argc, char **argv)
{
    const char *status = strcmp(action, "approve") == 0  ? "approved"
                         : strcmp(action, "reject") == 0 ? "deleted"
                         : strcmp(action, "spam") == 0   ? "spam"
                                                         : NULL;
    int failed = 0;
    for (int i = 0; i < argc; i++) {
        char *end;
        long long id = strtoll(argv[i], &end, 10);
        if (end == argv[i] || *end || id <= 0) {
            fprintf(stderr, "sahifa: %s is not a comment id\n", argv[i]);
            failed = 1;
            continue;
        }
        int rc = status ? store_comment_set_status(db, id, status) : store_comment_delete(db, id);
        if (rc == DB_DONE) {
            fprintf(stderr, "sahifa: no comment %lld\n", id);
            failed = 1;
        } else if (rc != DB_OK) {
            fprintf(stderr, "sahifa: comment %lld: database error\n", id);
            failed = 1;
        } else {
            printf("%lld %s\n", id, status ? status : "deleted for good");
        }
    }
    return failed;
}

int cmd_comments(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"status", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *status = NULL;
    int json = 0, c;
    long limit = 50;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 's':
            if (!cli_one_of("comments", "status", optarg, statuses))
                return 2;
            status = strcmp(optarg, "all") == 0 ? NULL : optarg;
            break;
        case 'n':
            if (!cli_number("comments", "--limit", optarg, 1, 100000, &limit))
                return 2;
            break;
        case 'j': json = 1; break;
        default: return cli_bad_option("comments", c, argv);
        }
    }
    if (optind >= argc)
        return cli_misuse("comments", "say what to do: list, approve, reject, spam or delete");
    const char *action = argv[optind++];
    if (!cli_one_of("comments", "action", action, actions))
        return 2;
    bool is_list = strcmp(action, "list") == 0;
    if (!is_list && optind >= argc)
        return cli_misuse("comments", "%s needs the ids of the comments", action);
    if (is_list && optind < argc)
        return cli_misuse("comments", "unexpected argument %s", argv[optind]);
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    int rc = is_list ? list(db, status, (int)limit, json)
                     : moderate(db, action, argc - optind, argv + optind);
    db_close(db);
    return rc;
}

/* reindex.c: `sahifa reindex`, rebuilding the search index (usage in main.c). */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

int cmd_reindex(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db";
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        default: cli_usage("reindex", 1); return 2;
        }
    }
    if (optind < argc) {
        cli_usage("reindex", 1);
        return 2;
    }
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    int64_t count = 0;
    int rc = store_reindex(db, &count);
    db_close(db);
    if (rc != DB_OK) {
        fprintf(stderr, "sahifa: the index could not be rebuilt; the old one is kept\n");
        return 1;
    }
    printf("%s: search index rebuilt, %lld articles\n", path, (long long)count);
    return 0;
}

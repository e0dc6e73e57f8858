/* reindex.c: `sahifa reindex`, rebuilding the search index or merging it (usage in main.c). */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

int cmd_reindex(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"optimize", no_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db";
    bool optimize = false;
    int c;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'o': optimize = true; break;
        default: return cli_bad_option("reindex", c, argv);
        }
    }
    if (optind < argc)
        return cli_misuse("reindex", "unexpected argument %s", argv[optind]);
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    int64_t count = 0;
    int rc = optimize ? store_index_optimize(db) : store_reindex(db, &count);
    db_close(db);
    if (rc != DB_OK) {
        fprintf(stderr, "sahifa: the index could not be %s; the old one is kept\n",
                optimize ? "merged" : "rebuilt");
        return 1;
    }
    if (optimize)
        printf("%s: search index merged\n", path);
    else
        printf("%s: search index rebuilt, %lld articles\n", path, (long long)count);
    return 0;
}

/* init.c: `sahifa init`, a new database, with the demo site on request (usage in main.c). */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <time.h>

int cmd_init(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"demo", no_argument, NULL, 'm'},
        {"media", required_argument, NULL, 'M'},
        {"media-in-db", no_argument, NULL, 'B'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *media_dir = NULL;
    bool media_in_db = false;
    int demo = 0, c;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'm': demo = 1; break;
        case 'M': media_dir = optarg; break;
        case 'B': media_in_db = true; break;
        default: return cli_bad_option("init", c, argv);
        }
    }
    if (optind < argc)
        return cli_misuse("init", "unexpected argument %s", argv[optind]);
    if (demo && cli_media_open(path, media_dir, media_in_db) != 0)
        return 1;
    struct db *db = cli_open_db(path, 1);
    if (!db)
        return 1;
    int rc = 0;
    if (demo) {
        int64_t articles = -1;
        if (store_article_count(db, &articles) != DB_OK || articles != 0) {
            fprintf(stderr,
                    "sahifa: %s already has articles; the demo site goes only into an"
                    " empty database\n",
                    path);
            rc = 1;
        } else if (demo_load(db, time(NULL)) != 0) {
            rc = 1;
        }
    }
    db_close(db);
    if (rc == 0)
        printf("%s: ready%s\n", path, demo ? ", with the demo site" : "");
    return rc;
}

/* reindex.c: `sahifa reindex`, rebuilding the search index (usage in main.c). */
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>

int cmd_reindex(int argc, char **argv)
{
    const char *path;
    if (cli_db_only("reindex", argc, argv, 0, &path) != 0)
        return 2;
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

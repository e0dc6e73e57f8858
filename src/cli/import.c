/* import.c: `sahifa import`, `sahifa export` and `sahifa backup` (usage in main.c). */
#include "cli/cli.h"
#include "media/storage.h"
#include "import/export.h"
#include "import/import.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cmd_import(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},         {"format", required_argument, NULL, 'f'},
        {"category", required_argument, NULL, 'c'},   {"skip-duplicates", no_argument, NULL, 's'},
        {"media", required_argument, NULL, 'm'},      {"media-in-db", no_argument, NULL, 'M'},
        {"media-from", required_argument, NULL, 'F'}, {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *media_dir = NULL;
    bool media_in_db = false;
    struct import_options o = {.format = "auto", .progress_bar = isatty(2)};
    int c;
    static const char *const formats[] = {"auto", "text", "html", "jsonl", "wxr", NULL};
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'f':
            if (!cli_one_of("import", "format", optarg, formats))
                return 2;
            o.format = optarg;
            break;
        case 'c': o.category = optarg; break;
        case 's': o.skip_duplicates = true; break;
        case 'm': media_dir = optarg; break;
        case 'M': media_in_db = true; break;
        case 'F': o.media_from = optarg; break;
        default: return cli_bad_option("import", c, argv);
        }
    }
    if (optind >= argc)
        return cli_misuse("import", "no PATH given: the files and folders to import");
    struct stat st;
    if (o.media_from && (stat(o.media_from, &st) != 0 || !S_ISDIR(st.st_mode)))
        return cli_misuse("import", "--media-from %s is not a folder", o.media_from);
    if (cli_media_open(path, media_dir, media_in_db) != 0)
        return 1;
    struct db *db = cli_open_db(path, 1);
    if (!db)
        return 1;
    struct import_totals t;
    int rc = import_paths(db, argv + optind, argc - optind, &o, &t);
    db_close(db);
    return rc != 0 || t.failed_files ? 1 : 0;
}

int cmd_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"media-out", required_argument, NULL, 'O'},
        {"media", required_argument, NULL, 'm'},
        {"media-in-db", no_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *format = NULL, *output = NULL, *media_out = NULL,
               *media_dir = NULL;
    bool media_in_db = false;
    int c;
    static const char *const formats[] = {"jsonl", "wxr", NULL};
    while ((c = getopt_long(argc, argv, ":o:", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'f':
            if (!cli_one_of("export", "format", optarg, formats))
                return 2;
            format = optarg;
            break;
        case 'o': output = optarg; break;
        case 'O': media_out = optarg; break;
        case 'm': media_dir = optarg; break;
        case 'M': media_in_db = true; break;
        default: return cli_bad_option("export", c, argv);
        }
    }
    if (!format)
        return cli_misuse("export", "--format is needed: jsonl or wxr");
    if (optind < argc)
        return cli_misuse("export", "unexpected argument %s", argv[optind]);
    if (media_out && cli_media_open(path, media_dir, media_in_db) != 0)
        return 1;
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    FILE *out = output ? fopen(output, "w") : stdout;
    if (!out) {
        perror(output);
        db_close(db);
        return 1;
    }
    int rc;
    if (strcmp(format, "jsonl") == 0) {
        rc = export_jsonl_media(db, out, media_out);
    } else {
        json_t *settings = NULL;
        store_settings(db, &settings); /* a database that fails here fails the export next */
        const char *name = json_string_value(json_object_get(settings, "site_name"));
        const char *url = json_string_value(json_object_get(settings, "site_url"));
        rc = export_wxr_media(db, out, name ? name : "صحيفة", url ? url : "", media_out);
        json_decref(settings);
    }
    if (output && fclose(out) != 0)
        rc = -1;
    db_close(db);
    return rc ? 1 : 0;
}

int cmd_backup(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"media", required_argument, NULL, 'm'},
        {"media-in-db", no_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *media_dir = NULL;
    bool media_in_db = false;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'm': media_dir = optarg; break;
        case 'M': media_in_db = true; break;
        default: return cli_bad_option("backup", c, argv);
        }
    }
    if (argc - optind != 1)
        return cli_misuse("backup", "one OUT file is needed");
    const char *out = argv[optind];
    if (access(out, F_OK) == 0) {
        fprintf(stderr, "sahifa: %s exists; a backup never overwrites a file\n", out);
        return 1;
    }
    if (cli_media_open(path, media_dir, media_in_db) != 0)
        return 1;
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    int rc = db_backup(db, out);
    db_close(db);
    if (rc != DB_OK)
        return 1;
    /* The photos beside the copy, as beside the database; after the database, so that every
     * photo the copy names is there (files are only ever added before their rows). */
    char *photos = media_default_dir(out);
    long n = 0;
    rc = media_copy_folder(photos, &n);
    if (rc == 0 && media_storage_dir())
        printf("%s: backup of %s written, with %ld photo files in %s\n", out, path, n, photos);
    else if (rc == 0)
        printf("%s: backup of %s written (photos inside)\n", out, path);
    free(photos);
    return rc == 0 ? 0 : 1;
}

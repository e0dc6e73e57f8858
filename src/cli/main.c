/*
 * main.c: sahifa's entry point and its one table of commands. `sahifa --help` prints the
 * table; `sahifa COMMAND --help` prints the command's usage.
 */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "media/storage.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage;
} commands[] = {
    {"serve", cmd_serve, "serve the site and the newsroom over HTTP",
     "sahifa serve [--db FILE] [--listen ADDR:PORT] [--theme DIR] [--threads N]\n"
     "             [--access-log FILE|-|off] [--trusted-proxy ADDR] [--media DIR|--media-in-db]\n"
     "\n"
     "Serves the site from the database FILE (default sahifa.db, created when missing) on\n"
     "ADDR:PORT (default 127.0.0.1:8080; a numeric address, [ADDR6] for IPv6, and a port from\n"
     "1 to 65535, or 0 to pick a free one). The first line on stderr is \"listening on\n"
     "http://ADDR:PORT\"; a warning follows when the site_url setting is empty (absolute\n"
     "addresses then follow the Host header). --theme DIR overrides the built-in theme\n"
     "file by file; a template there that does not compile, or prints raw a field other than\n"
     "those docs/THEMES.md lists, stops the start with its file, line and field.\n"
     "--threads sets the worker threads (default: one per CPU). The access log\n"
     "(combined format) goes to standard output unless --access-log says otherwise. Behind a\n"
     "reverse proxy at ADDR (e.g. nginx on 127.0.0.1), --trusted-proxy ADDR takes the reader's\n"
     "address from the last X-Forwarded-For entry of requests coming from ADDR (for rate\n"
     "limits, views and the log), and ADDR has no per-address connection cap. Photos are\n"
     "stored in the folder DIR (default: beside the database, FILE without .db and with\n"
     "-media, e.g. news-media), or with --media-in-db in the database itself, for several\n"
     "servers sharing one database. Public pages are kept in memory for readers who are not\n"
     "logged in, and compressed once (settings cache_budget_mb, cache_max_age, cache_s_maxage,\n"
     "cdn_purge...).\n"
     "Limits: 4,096 connections, 64 from one address; a request's head must be in within 10 s,\n"
     "its body at 16 KiB/s; heads of 32 KiB, bodies of 1 MiB, uploads by setting "
     "(docs/SECURITY.md).\n"
     "SIGTERM or SIGINT: stop accepting, finish requests in flight, flush counters, exit 0.\n"},
    {"init", cmd_init, "create a database, optionally with the demo site",
     "sahifa init [--db FILE] [--demo] [--media DIR|--media-in-db]\n"
     "\n"
     "Creates the database FILE (default sahifa.db) with the current schema, or brings an\n"
     "existing one up to date. --demo fills it with the demo site: 44 articles in 7 categories,\n"
     "their authors, topics, comments, a week of views, and photos (drawn with libvips) for\n"
     "the newest stories, stored as `sahifa serve` stores uploads (--media as there). --demo\n"
     "refuses a database that already has articles.\n"},
    {"search", cmd_search, "search the articles as the site does",
     "sahifa search [--db FILE] [--json] [--limit N] QUERY...\n"
     "\n"
     "Searches the published articles of FILE (default sahifa.db) as the site's search page\n"
     "does and prints the total and the best N (default 10) with the matched words in «»,\n"
     "or, with --json, a JSON object. QUERY is read as on the site: words match every\n"
     "inflection, \"a phrase\" matches exactly, pre* matches a beginning, -word excludes.\n"
     "Options come first: from the query's first word on, every argument is a word of it\n"
     "(-word too); -- also ends the options.\n"},
    {"comments", cmd_comments, "list and moderate readers' comments",
     "sahifa comments list [--db FILE] [--status pending|approved|spam|deleted|all]\n"
     "                     [--limit N] [--json]\n"
     "       sahifa comments approve|reject|spam|delete [--db FILE] ID...\n"
     "\n"
     "list shows the newest comments (all of them, or those with one status; 50 unless\n"
     "--limit says otherwise). approve shows a comment on its article; reject hides it (its\n"
     "status becomes deleted, and approve brings it back); spam marks it as spam; delete\n"
     "removes it and its replies for good. Exit status 1 when an ID is not a comment.\n"},
    {"import", cmd_import, "bring articles in from text, HTML, JSON Lines or WordPress",
     "sahifa import [--db FILE] [--format auto|text|html|jsonl|wxr] [--category SLUG]\n"
     "              [--skip-duplicates] [--media-from UPLOADS] [--media DIR|--media-in-db]\n"
     "              PATH...\n"
     "\n"
     "Imports the files and folders (recursively) given, gzip-compressed or not: scraped\n"
     "article pages as text, saved HTML pages, JSON Lines (one article a line), WordPress\n"
     "exports (WXR) with categories, tags, authors, comments and old permalinks. The format is\n"
     "guessed from each file unless --format says. Importing the same source again changes\n"
     "nothing (articles are keyed on their URL or GUID, else their content). Near-duplicates\n"
     "(wire copies of one story) are reported, and left out with --skip-duplicates.\n"
     "A record with no title, an unknown status or a date that cannot be read is skipped\n"
     "(file, line and reason said; nothing of it written); one that would be published with\n"
     "no date or no text comes in as a draft. A file that cannot be read (malformed, cut\n"
     "short, empty, holding no article) or a path that does not exist is reported and the\n"
     "others go on; exit status 1 then. Featured photos come too, stored as `sahifa serve`\n"
     "stores uploads (--media as there): a JSON Lines record's \"image\" (a photo's path, or\n"
     "{\"path\",\"alt\",\"caption\",\"credit\"}); an HTML page's main image (og:image, else\n"
     "its first figure's) when it is a file saved beside the page; a WordPress post's\n"
     "featured image with --media-from UPLOADS (a copy of the site's wp-content/uploads),\n"
     "found by its path after wp-content/uploads/. A photo that cannot be had (a missing\n"
     "file; addresses on the web are never fetched) is named in a warning line and the\n"
     "article comes in without it.\n"},
    {"export", cmd_export, "take every article out as JSON Lines or WordPress WXR",
     "sahifa export [--db FILE] --format jsonl|wxr [-o FILE] [--media-out DIR]\n"
     "              [--media DIR|--media-in-db]\n"
     "\n"
     "Writes every article with its category, topics, author, status and comments to FILE\n"
     "(standard output by default). `sahifa import` reads either back into another database.\n"
     "With --media-out DIR, each featured photo is written into DIR (its largest JPEG, named\n"
     "by its hash) and named with its alt text, caption and credit: in JSON Lines in the\n"
     "article's \"image\" field, in WXR as an attachment the post's _thumbnail_id names.\n"
     "`sahifa import` reads them back (WXR with --media-from DIR).\n"},
    {"backup", cmd_backup, "copy the database, safely, while it serves",
     "sahifa backup [--db FILE] [--media DIR|--media-in-db] OUT\n"
     "\n"
     "Copies the database to the new file OUT with SQLite's online backup: the site keeps\n"
     "serving and writing meanwhile. The photos (kept in the folder DIR, by default beside the\n"
     "database) are copied beside OUT, into OUT without .db and with -media, as hard links\n"
     "where they can be; photos kept in the database (--media-in-db) are in the copy. To\n"
     "restore, stop the server and put the copy and its photos in place (docs/OPERATIONS.md).\n"},
    {"user", cmd_user, "add, list, disable the newsroom's users",
     "sahifa user add LOGIN --role admin|editor|writer|moderator [--name NAME] [--db FILE]\n"
     "       sahifa user list [--db FILE]\n"
     "       sahifa user passwd|disable|enable LOGIN [--db FILE]\n"
     "\n"
     "add creates an account that logs in at /admin/ (NAME is its byline; the login by\n"
     "default); passwd sets a new password and ends the user's sessions; disable stops the\n"
     "account logging in (and ends its sessions), enable lets it again. The password is read\n"
     "from standard input (one line) or, at a terminal, asked for twice without echo: at\n"
     "least 10 characters. Roles: admin (everything), editor (all articles, publishing,\n"
     "categories and topics, comments), writer (own drafts, sent for review), moderator\n"
     "(comments).\n"},
    {"token", cmd_token, "make, list, revoke the API's bearer tokens",
     "sahifa token create --user LOGIN --scope SCOPE [--label TEXT] [--db FILE]\n"
     "       sahifa token list [--db FILE]\n"
     "       sahifa token revoke ID [--db FILE]\n"
     "\n"
     "create makes a token for programs that write articles through the JSON API\n"
     "(Authorization: Bearer TOKEN; docs/API.md) and prints it on standard output, this once:\n"
     "the database keeps only its hash. The token acts as the user LOGIN, with what the\n"
     "user's role may do that the SCOPE allows: articles:write creates and edits articles\n"
     "(a writer's token: own drafts, sent for review; an editor's or admin's: also\n"
     "publishing); articles:read allows nothing yet (reads are public). LABEL says what the\n"
     "token is for. list shows every token (id, user, scope, times created, last used and\n"
     "revoked, label), never the token itself. revoke ends a token for good. A disabled\n"
     "user's tokens are refused until the account is enabled.\n"},
    {"reindex", cmd_reindex, "rebuild the search index",
     "sahifa reindex [--db FILE] [--optimize]\n"
     "\n"
     "Rebuilds the search index of FILE (default sahifa.db) from its published articles, in\n"
     "one transaction (readers keep the old index until it commits). With --optimize, merges\n"
     "the index into one piece instead, without rebuilding it: after a big import, searches\n"
     "then read each word's list in one place (two to four times faster at a million articles).\n"},
};

static void print_help(FILE *out)
{
    fprintf(out,
            "sahifa %s: an Arabic-first news publishing platform in one binary.\n"
            "\n"
            "usage: sahifa COMMAND [OPTIONS]\n"
            "\n"
            "commands:\n",
            SAHIFA_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`sahifa COMMAND --help` describes a command. `man sahifa` has the rest.\n"
                 "Messages are in English; the site and the newsroom speak Arabic.\n");
}

/* `sahifa COMMAND --help`: the command's usage on stdout. */
static void print_usage(const char *command)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, command) == 0)
            printf("usage: %s", commands[i].usage);
}

int cli_misuse(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sahifa %s: ", command);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, command) != 0)
            continue;
        const char *synopsis = commands[i].usage, *end = strstr(synopsis, "\n\n");
        fprintf(stderr, "usage: %.*s\n", (int)(end ? end - synopsis : (ptrdiff_t)strlen(synopsis)),
                synopsis);
    }
    fprintf(stderr, "`sahifa %s --help` says more.\n", command);
    return 2;
}

int cli_bad_option(const char *command, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':')
        return cli_misuse(command, "%s needs a value", arg);
    if (optopt && strncmp(arg, "--", 2) != 0)
        return cli_misuse(command, "unknown option -%c", optopt);
    return cli_misuse(command, "unknown option %s", arg);
}

bool cli_one_of(const char *command, const char *what, const char *value, const char *const *valid)
{
    for (size_t i = 0; valid[i]; i++)
        if (strcmp(value, valid[i]) == 0)
            return true;
    struct buf list = BUF_INIT;
    for (size_t i = 0; valid[i]; i++)
        buf_printf(&list, "%s%s", i == 0 ? "" : valid[i + 1] ? ", " : " or ", valid[i]);
    cli_misuse(command, "unknown %s \"%s\" (%s)", what, value, buf_str(&list));
    buf_free(&list);
    return false;
}

bool cli_number(const char *command, const char *option, const char *text, long min, long max,
                long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end || errno || v < min || v > max) {
        cli_misuse(command, "%s %s: a whole number from %ld to %ld is needed", option, text, min,
                   max);
        return false;
    }
    *out = v;
    return true;
}

/* Why the database at path cannot be used for writing, said on stderr before SQLite is asked
 * (which would only log "attempt to write a readonly database" in the middle of a statement):
 * a file that is not writable, or a folder where it, its write-ahead log (-wal) and shared
 * memory (-shm) files cannot be made. Returns 0 when nothing stands in the way. */
static int unwritable(const char *path, int create)
{
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && !create) {
        fprintf(stderr, "sahifa: no database %s (`sahifa init --db %s` makes one)\n", path, path);
        return -1;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "sahifa: %s is a folder, not a database\n", path);
        return -1;
    }
    char *copy = xstrdup(path);
    const char *folder = dirname(copy);
    const char *what = exists && access(path, W_OK) != 0  ? path
                       : access(folder, W_OK | X_OK) != 0 ? folder
                                                          : NULL;
    int rc = 0;
    if (what) {
        int e = errno;
        fprintf(stderr, "sahifa: cannot write to %s: %s\n", what,
                e == EROFS    ? "read-only (a read-only file system)"
                : e == EACCES ? "read-only (no write permission for this user)"
                              : strerror(e));
        if (what == folder && (e == EROFS || e == EACCES))
            fprintf(stderr,
                    "sahifa: the database needs a folder it can write to, for its "
                    "write-ahead log (%s-wal)\n",
                    path);
        rc = -1;
    }
    free(copy);
    return rc;
}

struct db *cli_open_db(const char *path, int create)
{
    struct db *db = NULL;
    if (unwritable(path, create) != 0)
        return NULL;
    if (db_open(&db, path, create ? DB_OPEN_CREATE : 0) != DB_OK) {
        fprintf(stderr, "sahifa: cannot open the database %s\n", path);
        return NULL;
    }
    if (store_migrate(db) != DB_OK) {
        fprintf(stderr, "sahifa: cannot bring the database %s up to date\n", path);
        db_close(db);
        return NULL;
    }
    return db;
}

int cli_media_open(const char *db_path, const char *dir, bool in_db)
{
    if (in_db) {
        media_storage_database();
        return 0;
    }
    char *beside = dir ? NULL : media_default_dir(db_path);
    int rc = media_storage_folder(dir ? dir : beside);
    if (rc != 0)
        fprintf(stderr, "sahifa: cannot use the folder %s for photos\n", dir ? dir : beside);
    free(beside);
    return rc;
}

int cli_db_only(const char *command, int argc, char **argv, int operands, const char **path)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    *path = "sahifa.db";
    int c;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        if (c != 'd')
            return cli_bad_option(command, c, argv);
        *path = optarg;
    }
    if (argc - optind < operands)
        return cli_misuse(command, "an argument is missing");
    if (argc - optind > operands)
        return cli_misuse(command, "unexpected argument %s", argv[optind + operands]);
    return 0;
}

int main(int argc, char **argv)
{
    opterr = 0; /* commands say what is wrong themselves (cli_bad_option()) */
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("sahifa %s\n", SAHIFA_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, argv[1]) != 0)
            continue;
        for (int k = 2; k < argc; k++) {
            if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
                print_usage(argv[1]);
                return 0;
            }
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "sahifa: unknown command %s\n\n", argv[1]);
    print_help(stderr);
    return 2;
}

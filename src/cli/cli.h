/*
 * cli.h: the command line. main.c holds the one table of commands with their help text; each
 * command lives in its own file.
 */
#ifndef SAHIFA_CLI_CLI_H
#define SAHIFA_CLI_CLI_H

#include "web/route.h"

#include <stdbool.h>
#include <stdint.h>

struct db;

#define SAHIFA_VERSION "0.1.0"

/* A command gets argv from its own name on (argv[0] is "serve", ...) and returns the exit
 * status: 0 done, 1 failed (said on stderr), 2 bad usage. */
int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_comments(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_backup(int argc, char **argv);

/* Bad usage, said on stderr: "sahifa COMMAND: " and the message, then the command's synopsis
 * and a pointer to its --help. Returns 2, the exit status of bad usage. */
int cli_misuse(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What getopt_long() returned c for ('?': an unknown option, ':': an option without its value;
 * optstrings start with ':' so that the two differ), said through cli_misuse(). Returns 2. */
int cli_bad_option(const char *command, int c, char **argv);
/* True when value is one of valid (NULL-terminated); else says through cli_misuse() that it is
 * an unknown `what` and lists the valid ones ("unknown format "csv" (auto, text, ... or wxr)"). */
bool cli_one_of(const char *command, const char *what, const char *value, const char *const *valid);
/* Reads text, the value of option, as a whole number from min to max into *out; false (said
 * through cli_misuse()) when it is anything else. */
bool cli_number(const char *command, const char *option, const char *text, long min, long max,
                long *out);
/* Opens (and with create, creates) the database at path and brings its schema up to date.
 * NULL (said on stderr) on failure: no database (without create), a file or folder that cannot
 * be written ("cannot write to DIR: read-only"), or what SQLite says. */
struct db *cli_open_db(const char *path, int create);
/* Reads the options of a command that takes only --db FILE (into *path, default sahifa.db) and
 * exactly operands operands (at argv[optind] after). Returns 0, or 2 after printing the usage. */
int cli_db_only(const char *command, int argc, char **argv, int operands, const char **path);

/* Chooses where photos are stored for the database at db_path (media/storage.h): in the
 * database with in_db, else in the folder dir, else beside the database (news.db: news-media).
 * Returns 0, or -1 (said on stderr). */
int cli_media_open(const char *db_path, const char *dir, bool in_db);

/* demo.c: fills an empty database with the demo site (the demo folder's JSON files, built in),
 * articles dated relative to now and a week of views. Returns 0 or -1 (said on stderr). */
int demo_load(struct db *db, int64_t now);

/* routes.c: the route table */
extern const struct route routes[];

#endif

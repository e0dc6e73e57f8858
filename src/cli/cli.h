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

/* Prints the usage of the named command to stderr (bad usage) or stdout (--help). */
void cli_usage(const char *command, int to_stderr);
/* Opens (and with create, creates) the database at path and brings its schema up to date.
 * NULL (said on stderr) on failure. */
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

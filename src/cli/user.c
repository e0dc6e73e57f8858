/*
 * user.c: `sahifa user`, the newsroom's accounts on the command line (usage in main.c). A
 * password is read from standard input when it is not a terminal (one line), or asked for twice
 * at the terminal without echo; it never appears on the command line, where other users of the
 * machine could see it.
 */
#include "cli/cli.h"
#include "base/arena.h"
#include "store/store.h"
#include "text/bidi.h"
#include "web/auth.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Reads one line into buf without its newline; with echo off at a terminal. */
static int read_line(const char *prompt, char *buf, size_t size)
{
    bool tty = isatty(0);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(0, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSAFLUSH, &quiet);
    }
    char *ok = fgets(buf, (int)size, stdin);
    if (tty) {
        tcsetattr(0, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    if (!ok)
        return -1;
    buf[strcspn(buf, "\r\n")] = 0;
    return 0;
}

/* A new password, checked; its hash in the arena, or NULL (said on stderr). */
static const char *new_password(struct arena *a)
{
    char pw[1100], again[1100];
    if (read_line("password: ", pw, sizeof pw) != 0) {
        fprintf(stderr, "sahifa: no password given\n");
        return NULL;
    }
    if (isatty(0) && (read_line("again: ", again, sizeof again) != 0 || strcmp(pw, again) != 0)) {
        fprintf(stderr, "sahifa: the two passwords differ\n");
        return NULL;
    }
    /* The newsroom's rules (auth_password_fault()), said in the command line's language. */
    static const char *const problems[] = {
        [AUTH_PASSWORD_NOT_TEXT] = "the password is not valid UTF-8 text",
        [AUTH_PASSWORD_TOO_SHORT] = "the password is too short: at least 10 characters",
        [AUTH_PASSWORD_TOO_LONG] = "the password is too long: at most 1024 bytes",
    };
    enum auth_password_fault fault = auth_password_fault(pw);
    if (fault != AUTH_PASSWORD_OK) {
        fprintf(stderr, "sahifa: %s\n", problems[fault]);
        return NULL;
    }
    const char *hash = auth_hash_password(a, pw);
    if (!hash)
        fprintf(stderr, "sahifa: the password could not be hashed\n");
    return hash;
}

static int64_t user_id(struct db *db, const char *login)
{
    json_t *u;
    int rc = store_user_by_login(db, login, &u);
    int64_t id = json_integer_value(json_object_get(u, "id"));
    json_decref(u);
    if (rc == DB_DONE)
        fprintf(stderr, "sahifa: no user %s\n", login);
    else if (rc != DB_OK)
        fprintf(stderr, "sahifa: the users could not be read\n");
    return id;
}

int cmd_user(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"role", required_argument, NULL, 'r'},
        {"name", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *role = NULL, *name = NULL;
    int c;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'r': role = optarg; break;
        case 'n': name = optarg; break;
        default: return cli_bad_option("user", c, argv);
        }
    }
    static const char *const actions[] = {"add", "list", "passwd", "disable", "enable", NULL};
    if (optind >= argc)
        return cli_misuse("user", "say what to do: add, list, passwd, disable or enable");
    const char *action = argv[optind++];
    if (!cli_one_of("user", "action", action, actions))
        return 2;
    const char *login = optind < argc ? argv[optind++] : NULL;
    bool list = strcmp(action, "list") == 0, add = strcmp(action, "add") == 0;
    if (!list && !login)
        return cli_misuse("user", "%s needs the user's LOGIN", action);
    if (optind < argc || (list && login))
        return cli_misuse("user", "unexpected argument %s", optind < argc ? argv[optind] : login);
    if (add && !role)
        return cli_misuse("user", "add needs --role (admin, editor, writer or moderator)");
    if (add && !auth_role_valid(role))
        return cli_misuse("user", "unknown role \"%s\" (admin, editor, writer or moderator)", role);
    if (!add && (role || name))
        return cli_misuse("user", "--role and --name are for add");
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    struct arena a = ARENA_INIT;
    int rc = 0;
    if (list) {
        json_t *users;
        if (store_users(db, &users) != DB_OK) {
            fprintf(stderr, "sahifa: the users could not be read\n");
            users = NULL;
            rc = 1;
        }
        size_t i;
        json_t *u;
        json_array_foreach(users, i, u) {
            const char *l = json_string_value(json_object_get(u, "login"));
            if (!l)
                continue;
            printf("%-20s %-10s %s%s\n", l, json_string_value(json_object_get(u, "role")),
                   json_string_value(json_object_get(u, "name")),
                   json_integer_value(json_object_get(u, "disabled")) ? " (disabled)" : "");
        }
        json_decref(users);
    } else if (add) {
        const char *hash = new_password(&a);
        name = name ? bidi_stripped(&a, name) : login; /* a byline: no directional controls */
        int r = hash ? store_user_add(db, login, name, role, hash, time(NULL), NULL) : DB_ERROR;
        if (r == DB_CONSTRAINT)
            fprintf(stderr, "sahifa: the login %s is taken\n", login);
        rc = r != DB_OK;
        if (!rc)
            printf("%s added (%s)\n", login, role);
    } else {
        int64_t id = user_id(db, login);
        if (!id) {
            rc = 1;
        } else if (strcmp(action, "passwd") == 0) {
            const char *hash = new_password(&a);
            rc = !hash || store_user_set_password(db, id, hash) != DB_OK ||
                 store_sessions_end_user(db, id) != DB_OK;
            if (!rc)
                printf("%s: password changed, sessions ended\n", login);
        } else {
            bool disable = strcmp(action, "disable") == 0;
            rc = store_user_set_disabled(db, id, disable) != DB_OK;
            if (!rc)
                printf("%s %s\n", login, disable ? "disabled (and logged out)" : "enabled");
        }
    }
    arena_free(&a);
    db_close(db);
    return rc;
}

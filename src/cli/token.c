/*
 * token.c: `sahifa token`, the API's bearer tokens on the command line (usage in main.c).
 *
 * create prints the new token once, alone on standard output, so that a script can take it;
 * the database keeps only its hash (web/auth.c), so it cannot be shown again. list shows
 * everything about the tokens but the tokens themselves.
 */
#include "cli/cli.h"
#include "base/arena.h"
#include "store/store.h"
#include "view/url.h"
#include "web/auth.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Writes a time as 2026-11-29T14:05Z (UTC), or "-" for a null one. */
static void print_time(json_t *t)
{
    char text[32] = "-";
    time_t tt = (time_t)json_integer_value(t);
    struct tm tm;
    if (json_is_integer(t) && gmtime_r(&tt, &tm))
        strftime(text, sizeof text, "%Y-%m-%dT%H:%MZ", &tm);
    printf("  %-17s", text);
}

static int list(struct db *db)
{
    json_t *tokens;
    if (store_tokens(db, &tokens) != DB_OK) {
        fprintf(stderr, "sahifa: the tokens could not be read\n");
        return 1;
    }
    printf("%-4s  %-16s  %-14s  %-17s  %-17s  %-17s  %s\n", "id", "user", "scope", "created",
           "last used", "revoked", "label");
    size_t i;
    json_t *t;
    json_array_foreach(tokens, i, t) {
        printf("%-4lld  %-16s  %-14s", (long long)json_integer_value(json_object_get(t, "id")),
               json_string_value(json_object_get(t, "login")),
               json_string_value(json_object_get(t, "scope")));
        print_time(json_object_get(t, "created_at"));
        print_time(json_object_get(t, "last_used_at"));
        print_time(json_object_get(t, "revoked_at"));
        printf("  %s\n", json_string_value(json_object_get(t, "label")));
    }
    json_decref(tokens);
    return 0;
}

static int create(struct db *db, const char *login, const char *scope, const char *label)
{
    json_t *u;
    int rc = store_user_by_login(db, login, &u);
    if (rc != DB_OK) {
        if (rc == DB_DONE)
            fprintf(stderr, "sahifa: no user %s\n", login);
        else
            fprintf(stderr, "sahifa: the users could not be read\n");
        return 1;
    }
    int64_t id = json_integer_value(json_object_get(u, "id"));
    bool disabled = json_integer_value(json_object_get(u, "disabled"));
    json_decref(u);
    if (disabled) {
        fprintf(stderr, "sahifa: %s is disabled: enable the account first\n", login);
        return 1;
    }
    struct arena a = ARENA_INIT;
    int64_t token_id = 0;
    const char *token = auth_token_create(db, &a, id, scope, label, time(NULL), &token_id);
    if (token) {
        printf("%s\n", token);
        fprintf(stderr,
                "token %lld for %s (%s): shown this once, the database keeps only its hash\n",
                (long long)token_id, login, scope);
    } else {
        fprintf(stderr, "sahifa: the token could not be stored\n");
    }
    arena_free(&a);
    return token ? 0 : 1;
}

static int revoke(struct db *db, const char *id_text)
{
    int64_t id = view_parse_id(id_text);
    int rc = id ? store_token_revoke(db, id, time(NULL)) : DB_DONE;
    if (rc == DB_DONE)
        fprintf(stderr, "sahifa: no token %s\n", id_text);
    else if (rc == DB_OK)
        printf("token %lld revoked\n", (long long)id);
    return rc != DB_OK;
}

int cmd_token(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"user", required_argument, NULL, 'u'},
        {"scope", required_argument, NULL, 's'},
        {"label", required_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    const char *path = "sahifa.db", *user = NULL, *scope = NULL, *label = "";
    int c;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'u': user = optarg; break;
        case 's': scope = optarg; break;
        case 'l': label = optarg; break;
        default: return cli_bad_option("token", c, argv);
        }
    }
    static const char *const actions[] = {"create", "list", "revoke", NULL};
    if (optind >= argc)
        return cli_misuse("token", "say what to do: create, list or revoke");
    const char *action = argv[optind++];
    if (!cli_one_of("token", "action", action, actions))
        return 2;
    const char *id = optind < argc ? argv[optind++] : NULL;
    bool is_create = strcmp(action, "create") == 0, is_list = strcmp(action, "list") == 0,
         is_revoke = strcmp(action, "revoke") == 0;
    if (is_revoke && !id)
        return cli_misuse("token", "revoke needs the id of a token (`sahifa token list`)");
    if (optind < argc || (!is_revoke && id))
        return cli_misuse("token", "unexpected argument %s", optind < argc ? argv[optind] : id);
    if (is_create && (!user || !scope))
        return cli_misuse("token", "create needs --user LOGIN and --scope SCOPE");
    if (!is_create && (user || scope || *label))
        return cli_misuse("token", "--user, --scope and --label are for create");
    if (is_create && !auth_scope_valid(scope))
        return cli_misuse("token", "unknown scope \"%s\" (articles:write or articles:read)", scope);
    struct db *db = cli_open_db(path, 0);
    if (!db)
        return 1;
    int rc = is_create ? create(db, user, scope, label) : is_list ? list(db) : revoke(db, id);
    db_close(db);
    return rc;
}

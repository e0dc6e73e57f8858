/*
 * store.h: everything the program asks of the database, by name. All SQL lives in store/; the
 * layers above see functions and JSON rows, never a statement.
 *
 * Conventions: functions take the connection first and return DB_OK or a negative enum
 * db_status (logged), never a failure dressed up as a result. Reads give what they found
 * through their last argument (*out): a JSON value, a new reference the caller decrefs, or a
 * number. A read of one thing returns DB_DONE when there is no such thing (*out NULL); a list
 * is DB_OK even when empty; on an error *out is NULL. So a database error is never "not found"
 * nor "nothing": the handler answers 500 or 503 (view_db_fail()). Times are UTC seconds.
 * "Live" articles are status 'published' with published_at <= now.
 */
#ifndef SAHIFA_STORE_STORE_H
#define SAHIFA_STORE_STORE_H

#include "base/buf.h"
#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A store-level result besides enum db_status: the article changed since the version a save
 * was made from (store_article_update() with a base_version), and nothing was written. */
enum { STORE_STALE = -10 };

/* schema.c */

/* Brings the schema up to date; DB_OK, or DB_ERROR (logged) leaving the database as it was. */
int store_migrate(struct db *db);
/* Whether the database answers (for health checks): DB_OK when its schema version can be read
 * from the file, else the error (logged). */
int store_ping(struct db *db);

/* settings.c */

/* All settings as a JSON object of strings. */
int store_settings(struct db *db, json_t **out);
/* Sets (inserts or replaces) one setting. */
int store_setting_set(struct db *db, const char *key, const char *value);
/* Sets every setting of values (an object of strings) in one transaction, moving the content
 * generation on. */
int store_settings_save(struct db *db, json_t *values);

/* taxonomy.c: categories, topics, authors */

/* Creates a category; its id in *id. DB_CONSTRAINT when the slug is taken. */
int store_category_add(struct db *db, const char *slug, const char *name, const char *description,
                       int position, int64_t *id);
/* {"id","slug","name","description"}; DB_DONE when there is none. */
int store_category_by_slug(struct db *db, const char *slug, json_t **out);
/* Every category in the newsroom's order: [{"id","slug","name","description"}]. */
int store_categories(struct db *db, json_t **out);
/* The id of the topic called name, created (with a slug made from the name) when new. */
int store_topic_ensure(struct db *db, const char *name, int64_t *id);
/* {"id","slug","name"}; DB_DONE when there is none. */
int store_topic_by_slug(struct db *db, const char *slug, json_t **out);
/* The category whose slug or name this is ({"id","slug","name"}); DB_DONE when there is
 * none. */
int store_category_find(struct db *db, const char *name_or_slug, json_t **out);
/* The first user with that display name ({"id","slug","name"}); DB_DONE when there is none. */
int store_author_find(struct db *db, const char *name, json_t **out);
/* Creates a user who appears as an author (login NULL: cannot log in until given one). */
int store_author_add(struct db *db, const char *slug, const char *name, const char *bio,
                     int64_t *id);
/* {"id","slug","name","bio","photo_url","links"} of a user with that slug; DB_DONE when there
 * is none. */
int store_author_by_slug(struct db *db, const char *slug, json_t **out);

/* users.c: people, sessions, failed logins */

/* Adds a user who logs in (role: admin, editor, writer, moderator; pass_hash from
 * auth_hash_password()). DB_CONSTRAINT when the login (or its slug) is taken. */
int store_user_add(struct db *db, const char *login, const char *name, const char *role,
                   const char *pass_hash, int64_t now, int64_t *id);
/* {"id","login","slug","name","bio","photo_url","links","role","pass_hash","disabled"}; DB_DONE
 * when there is none. */
int store_user_by_login(struct db *db, const char *login, json_t **out);
int store_user_get(struct db *db, int64_t id, json_t **out);
/* Every user, those who log in first: [{"id","login","slug","name","role","disabled",
 * "articles"}]. */
int store_users(struct db *db, json_t **out);
/* Sets the author profile bylines and author pages show: the display name, bio, photo (an
 * address) and links (one a line), moving the content generation on. DB_DONE when there is no
 * such user. */
int store_user_set_profile(struct db *db, int64_t id, const char *name, const char *bio,
                           const char *photo_url, const char *links);
/* DB_DONE when there is no such user. Disabling also ends the user's sessions. */
int store_user_set_password(struct db *db, int64_t id, const char *pass_hash);
int store_user_set_role(struct db *db, int64_t id, const char *role);
int store_user_set_disabled(struct db *db, int64_t id, bool disabled);

/* A new session of user_id, known by the hash of its token. */
int store_session_add(struct db *db, int64_t user_id, const char *token_hash, const char *csrf,
                      const char *client, int64_t now, int64_t expires_at);
/* The session with that token hash, unexpired (before its absolute expiry and seen within idle
 * seconds) and of an enabled user: {"session_id","csrf","seen_at","id","login","name","slug",
 * "role"}; DB_DONE when there is none. */
int store_session_get(struct db *db, const char *token_hash, int64_t now, int64_t idle,
                      json_t **out);
int store_session_touch(struct db *db, int64_t session_id, int64_t now);
int store_session_end(struct db *db, int64_t session_id);
/* Ends every session of the user ("log out everywhere"). */
int store_sessions_end_user(struct db *db, int64_t user_id);

/* The user whose session has that token hash, expired or not (sessions that ended by logout,
 * password change or "log out everywhere" are gone), if that user is enabled, in *user_id;
 * DB_DONE when there is none. */
int store_session_owner(struct db *db, const char *token_hash, int64_t *user_id);

/* Records a failed login (and forgets those older than a day). */
int store_login_failure_add(struct db *db, const char *login, const char *client, int64_t now);
/* Failed logins since then, in *n: for the login when login is not NULL, else for the client. */
int store_login_failures(struct db *db, const char *login, const char *client, int64_t since,
                         int64_t *n);

/* tokens.c: API tokens, known by the hash of the token (web/auth.c makes both) */

/* Stores a new token of user_id with its scope and label; its id in *id (may be NULL). */
int store_token_add(struct db *db, int64_t user_id, const char *token_hash, const char *scope,
                    const char *label, int64_t now, int64_t *id);
/* The token with that hash when it is not revoked and its user may log in (has a login and is
 * not disabled): {"token_id","scope","id","login","name","slug","role"}; DB_DONE when there
 * is none. */
int store_token_get(struct db *db, const char *token_hash, json_t **out);
/* Records that the token was used now. */
int store_token_touch(struct db *db, int64_t token_id, int64_t now);
/* Every token, oldest first, without its hash: [{"id","login","scope","label","created_at",
 * "last_used_at","revoked_at"}] (the times null when never). */
int store_tokens(struct db *db, json_t **out);
/* Revokes a token for good (revoking it again keeps the first time). DB_DONE when there is no
 * such token. */
int store_token_revoke(struct db *db, int64_t id, int64_t now);

/* Newsroom changes to taxonomy (taxonomy.c); each keeps the index in step and leaves a
 * redirect from an old slug's address. DB_DONE when there is no such thing; DB_CONSTRAINT when
 * the new slug is taken. */
/* Categories with their number of articles: [{"id","slug","name","description","position",
 * "articles"}]. With live_at not 0, only articles live at that time count (for readers). */
int store_categories_counted(struct db *db, int64_t live_at, json_t **out);
int store_category_update(struct db *db, int64_t id, const char *name, const char *slug,
                          const char *description, int64_t now);
/* Moves a category one place up (delta < 0) or down in the newsroom's order. */
int store_category_move(struct db *db, int64_t id, int delta);
/* Deletes category id, its articles moving to category into, its address (and its feeds')
 * answering 301 to into's. DB_DONE when either does not exist or they are the same. */
int store_category_merge(struct db *db, int64_t id, int64_t into, int64_t now);
/* Topics, most used first, with their number of articles: [{"id","slug","name","articles"}];
 * the number of topics in *total. With live_at not 0, only articles live at that time count and
 * topics without one are left out (for readers: a draft's topics are not shown). */
int store_topics_counted(struct db *db, int64_t live_at, int offset, int limit, int64_t *total,
                         json_t **out);
/* Every topic, by name: [{"id","name"}]. */
int store_topics_all(struct db *db, json_t **out);
int store_topic_update(struct db *db, int64_t id, const char *name, const char *slug, int64_t now);
/* Moves every article of topic id to topic into, and deletes topic id. */
int store_topic_merge(struct db *db, int64_t id, int64_t into, int64_t now);
/* An old path that now lives elsewhere (a renamed category, a merged topic, an imported
 * permalink). Redirects never chain: one to an old path is updated to the new one. */
int store_redirect_add(struct db *db, const char *old_path, const char *new_path, int64_t now);
/* The new path for an old one (a JSON string); DB_DONE when the path has not moved. */
int store_redirect_find(struct db *db, const char *path, json_t **out);

/* article.c */

struct article_in {
    const char *title, *dek, *body; /* body in Markdown */
    const char *slug;               /* NULL or "": made from the title */
    const char *source;             /* credit line, may be NULL */
    const char *seo_title;          /* the title for search engines ("": the headline); NULL:
                                     * "" on a new article, unchanged by an update */
    const char *social_title;       /* the title for sharing, likewise */
    const char *status;             /* draft, review, scheduled, published, unpublished */
    const char *import_key;         /* NULL unless imported */
    const void *fingerprint;        /* imports: the body's near-duplicate signature, or NULL */
    size_t fingerprint_len;
    int64_t category_id, author_id; /* 0: none */
    const int64_t *author_ids;      /* every author in byline order (author_id is then the
                                     * first); NULL: author_id alone */
    size_t nauthors;
    int64_t image_id;          /* the featured image (media); 0: none */
    int64_t published_at;      /* 0: not set */
    const char *const *topics; /* topic names, created when new */
    size_t ntopics;
    bool comments_closed;
    int64_t base_version; /* updates: the version the change was made from, refused with
                           * STORE_STALE when the article has moved on since; 0: not checked */
};

/* Creates an article with its topics and its search-index entry, in one transaction; the new
 * id in *id. */
int store_article_add(struct db *db, const struct article_in *in, int64_t now, int64_t *id);
/* For bulk loading (imports): the same without the search-index entry, which
 * store_index_add_range() then adds for a whole batch of new articles at once, in the caller's
 * transaction. FTS5 writes its pending terms out at the end of every statement, so indexing
 * articles one statement each costs a third more than one statement for a thousand. */
int store_article_add_unindexed(struct db *db, const struct article_in *in, int64_t now,
                                int64_t *id);
/* Replaces an article's fields, topics and bylines, keeping the version it replaces as a
 * revision (by user_id, 0 for none) and the search index in step, in one transaction, and moves
 * the article's version on. DB_DONE when there is no such article; STORE_STALE (nothing
 * written) when in->base_version is set and the article is at another version. */
int store_article_update(struct db *db, int64_t id, const struct article_in *in, int64_t user_id,
                         int64_t now);
/* Sets an article's status (publishing one without a publication time gives it now), adding it
 * to or removing it from the search index. DB_DONE when there is no such article. */
int store_article_set_status(struct db *db, int64_t id, const char *status, int64_t now);
/* Scheduled articles whose time has come: [{"id"}]. */
int store_articles_due(struct db *db, int64_t now, json_t **out);
/* The earlier versions of an article, newest first: [{"id","title","created_at","who"}]. */
int store_revisions(struct db *db, int64_t article_id, json_t **out);
/* One of them in full: {"id","title","dek","body","meta","version","created_at","who"};
 * DB_DONE when there is none. meta is an object of the other fields as they were: {"slug",
 * "source","status","published_at","category_id","author_ids":[ids],"topics":[names],
 * "seo_title","social_title"} ({} for revisions older than schema 4). */
int store_revision_get(struct db *db, int64_t article_id, int64_t revision_id, json_t **out);
/* The revision that kept version `version` of the article, as store_revision_get() gives it;
 * DB_DONE when there is none (the current version, or one from before versions were kept). */
int store_revision_at(struct db *db, int64_t article_id, int64_t version, json_t **out);
/* Brings back a revision's title, dek and body, keeping the current version as a revision
 * (by user_id), with the index in step. DB_DONE when there is no such revision. */
int store_article_restore(struct db *db, int64_t article_id, int64_t revision_id, int64_t user_id,
                          int64_t now);
/* Deletes an article with its topics links, revisions, comments, views and index entry.
 * DB_DONE when there is no such article. */
int store_article_delete(struct db *db, int64_t id);
/* The number of articles, whatever their status, in *n. */
int store_article_count(struct db *db, int64_t *n);
/* The whole article: {"id","slug","title","dek","body","source","status","published_at",
 * "updated_at","comments_open","version","seo_title","social_title","live" (0 or 1),
 * "breaking_until" (null: not breaking news),"category":{"id","slug","name"}|null,
 * "author":{"id","slug","name","bio"}|null (the first byline),"authors":[{"id","slug","name",
 * "bio","photo_url"}] (every byline, in order),"topics":[{"slug","name"}]}; DB_DONE when there
 * is none. */
int store_article_get(struct db *db, int64_t id, json_t **out);

/* Which articles the newsroom's list shows, whatever their status. */
struct query;

struct admin_filter {
    const char *status;             /* NULL or "": any */
    int64_t author_id, category_id; /* 0: any */
    const char *normalized_query;   /* ar_normalize()d words the title must hold; NULL or "" */
    const struct query *query;      /* or which the site search finds (published ones); NULL */
};

/* Articles for the newsroom, last changed first (with a query: those whose title holds it, of
 * any status, and the published ones the site search finds for it):
 * [{"id","slug","title","status","updated_at",
 * "published_at","category":{"id","name"}|null,"author":{"id","name"}|null}]; the count of all
 * matching in *total. */
int store_articles_admin(struct db *db, const struct admin_filter *f, int offset, int limit,
                         int64_t *total, json_t **out);

/* Which live articles a list shows: those matching every filter set. */
struct article_filter {
    int64_t category_id, topic_id, author_id; /* 0: any */
    int64_t exclude_id;                       /* 0: none */
    int64_t since;                            /* published at or after this time; 0: any */
};

/* For imports: the article with that import key ({"id","title","dek","body","status",
 * "published_at"}), DB_DONE when there is none; every stored near-duplicate fingerprint
 * (article_in.fingerprint). */
int store_article_by_import_key(struct db *db, const char *key, json_t **out);
/* Every status an article may have, the articles table's CHECK list, in the newsroom's order
 * (draft, review, scheduled, published, unpublished), ending with NULL: the one list the
 * importer, the newsroom and the API check against. */
extern const char *const store_article_statuses[];
/* Whether status (NULL is not) is one of store_article_statuses. */
bool store_article_status_valid(const char *status);
int store_fingerprints_each(struct db *db,
                            void (*fn)(void *ctx, int64_t id, const void *p, size_t n), void *ctx);
/* Calls fn with every article (as store_article_get() gives it, plus "comments": all but the
 * deleted, oldest first, with "parent_id", "name", "email", "body", "status", "created_at"),
 * by id. fn returns non-zero to stop (then DB_ERROR). For exports. */
int store_articles_each(struct db *db, int (*fn)(void *ctx, json_t *article), void *ctx);
/* The largest article id in *out (0 when there is none), so that an export can number other
 * things above every article. */
int store_articles_last_id(struct db *db, int64_t *out);
/* One article as a card (what store_articles_latest() gives); DB_DONE when there is none. */
int store_article_card(struct db *db, int64_t id, json_t **out);
/* Live articles, newest first: [{"id","slug","title","dek","published_at",
 * "category":{"slug","name"}|null,"author":{"slug","name"}|null (the first byline),
 * "authors":[{"id","slug","name"}] (every byline)}]. An author filter finds the articles with
 * that author in the byline, first or not. With total not NULL, the count of all matching
 * articles goes there. */
int store_articles_latest(struct db *db, const struct article_filter *f, int64_t now, int offset,
                          int limit, int64_t *total, json_t **out);

/* index.c: the search index kept in step with the articles, and the content generation */

/* Adds the index entries of the published articles with ids first_id to last_id (imports add a
 * whole batch of new articles at once, in the caller's transaction; see
 * store_article_add_unindexed()). */
int store_index_add_range(struct db *db, int64_t first_id, int64_t last_id);
/* The search index's tokens of a text, worked out ahead of time (on any thread: imports parse
 * and tokenize the next articles while SQLite writes these); word, unless NULL, is told each
 * normalized word in order (imports' near-duplicate signatures are made of them).
 * store_index_expect() hands them to db, whose next store_index_add_range() uses them instead of
 * tokenizing that very text again; text and tokens must stay as they are until
 * store_index_expect_clear(). A text that differs in a byte is simply tokenized again. */
void store_index_tokens(struct buf *out, const char *text, size_t n,
                        void (*word)(void *ctx, const char *norm, size_t n), void *word_ctx);
void store_index_expect(struct db *db, const char *text, size_t n, const struct buf *tokens);
void store_index_expect_clear(struct db *db);
/* Bulk loading: FTS5 keeps up to 32 MB of new terms in memory before writing a segment (1 MB
 * otherwise) and merges segments 8 at a time (4 otherwise), which saves a quarter of the
 * index's cost of an import (docs/PERFORMANCE.md), and the connection caches 64 MB of pages;
 * store_index_bulk(db, false) puts the defaults back. The two index settings are kept in the
 * database: an import that is killed leaves them on, which costs nothing but a few more
 * segments for searches to visit. */
int store_index_bulk(struct db *db, bool on);
/* The content generation: a number every write that can change what readers see moves on
 * (any process, any node), in *generation. Caches of rendered pieces compare it. */
int store_generation(struct db *db, int64_t *generation);
/* How many writes that move the content generation this process has begun (counted as they
 * start, before they commit): a cache that reads the generation seldom reads it at once after
 * this moves. */
uint64_t store_changes_here(void);
/* changes.c: what the moves of the content generation after generation changed, oldest first,
 * at most limit, into *out: [{"generation", "article_id": the article, or null for a change any
 * page may show}]. */
int store_changes_since(struct db *db, int64_t generation, int limit, json_t **out);
/* Forgets the changes older than generation before. */
int store_changes_prune(struct db *db, int64_t before);

/* sitemap.c: what the sitemaps list. An article's "lastmod" is the later of its published_at
 * and updated_at. */

/* The newest lastmod on each page of per_page live articles, pages in store_sitemap_articles()'
 * order (newest first): [{"lastmod"}], one element a page, none when nothing is live. Reads
 * every live article's row once. */
int store_sitemap_article_pages(struct db *db, int64_t now, int per_page, json_t **out);
/* Live articles, newest first (by published_at, then id): [{"id","slug","lastmod","image"}]
 * with image their featured image {"id","hash","width","height","widths"} or null. */
int store_sitemap_articles(struct db *db, int64_t now, int offset, int limit, json_t **out);
/* The categories (topics false) or topics that have live articles, the one with the newest
 * article first: [{"slug","lastmod"}], lastmod being that newest article's published_at. */
int store_sitemap_taxonomy(struct db *db, bool topics, int64_t now, int limit, json_t **out);

/* search.c: the search index (its tokenizer and ranking: store/fts.c) */

struct query;

struct search_options {
    int64_t category_id; /* 0: any */
    int64_t from, to;    /* published in [from, to) (UTC seconds); 0: no bound */
    int by_date;         /* newest first instead of most relevant first */
    bool facets;         /* also count the matches per category */
    const char *text;    /* the query as typed, for a suggestion when it finds little; or NULL */
    int offset, limit;   /* limit: at most 100 */
};

/* Live articles matching the parsed query (store/search.c says which, in which order):
 * {"total": N, "more": true when there are more than the N = 10,000 counted, "results":
 * [{"id","slug","title","dek","published_at","category":{...}|null,"title_marked",
 * "snippet_marked"}], and with o->facets "categories": [{"id","slug","name","count"}], the
 * categories of the matches (the category filter aside; of the newest 10,001 when there are
 * more), most matches first}, and with o->text, when fewer than 10 articles hold every word,
 * "suggestion": the query with its unknown words spelled as the archive knows them
 * (store_suggest()), where the _marked fields are the title and a passage of the body
 * with each matched word between the bytes 0x01 and 0x02 (esc_html_marked() makes HTML of
 * them). A query with no positive term gives no results. DB_OK with that in *out (new
 * reference), or the database's error (DB_BUSY, DB_UNAVAILABLE, DB_ERROR) with *out NULL:
 * a failed search is never an empty one. */
int store_search(struct db *db, const struct query *q, const struct search_options *o, int64_t now,
                 json_t **out);
/* The FTS5 expression of a parsed query into expr: any of its words, every phrase, none of
 * the excluded terms; false when the query has no positive term (nothing to look for). For
 * other statements over articles_fts. */
bool store_search_match(const struct query *q, struct buf *expr);
/* A spelling the archive knows better for the n bytes of query text: each word that (nearly)
 * no article holds replaced by the word one edit away that the most hold, or split in two
 * known words, as the articles write them; *out is NULL when nothing was replaced, else a new
 * string the caller frees. DB_OK or an error. */
int store_suggest(struct db *db, const char *text, size_t n, char **out);
/* Live articles related to article id by its own weightiest terms (tf-idf over the index),
 * best first, at most limit (and 32): cards as store_articles_latest() gives, a new array in
 * *out (empty when there is no such article). DB_OK, or the error with *out NULL. */
int store_related(struct db *db, int64_t id, int64_t now, int limit, json_t **out);
/* Rebuilds the search index from the published articles; their count in *count. */
int store_reindex(struct db *db, int64_t *count);
/* Merges the search index's segments into one (FTS5's optimize), in one transaction: each
 * word's list is then read in one place, not once per segment a big import left. */
int store_index_optimize(struct db *db);

/* comments.c */

struct comment_in {
    int64_t article_id, parent_id;   /* parent 0: not a reply */
    const char *name, *email, *text; /* checked and trimmed (text/comment.h) */
    const char *status;              /* pending or approved */
    const char *client;              /* the poster's address */
    const char *fingerprint;         /* of the normalized text, for duplicate detection */
    const char *nonce;               /* the form token's nonce, or NULL (no replay check) */
    int64_t nonce_expires;           /* until when the nonce is remembered */
};

struct comment_limits {
    int per_minute, per_hour; /* comments one client address may post */
};

enum comment_refusal {
    COMMENT_OK,
    COMMENT_REPLAYED,    /* the form token was used already */
    COMMENT_RATE_MINUTE, /* the client posted per_minute comments in the last minute */
    COMMENT_RATE_HOUR,   /* ... or per_hour in the last hour */
    COMMENT_DUPLICATE,   /* the same text on the same article in the last 24 hours */
    COMMENT_BAD_PARENT,  /* a reply to a comment that is not a shown top-level one here */
};

/* Adds a comment as it is (the demo, imports): no checks. Its id in *id (id may be NULL). */
int store_comment_add(struct db *db, const struct comment_in *c, int64_t now, int64_t *id);
/* Posts a reader's comment: in one write transaction, records the nonce (refusing a replay),
 * applies the rate limits, refuses a duplicate or a bad parent, and inserts. Returns DB_OK with
 * *why COMMENT_OK and the id in *id, or DB_OK with *why saying why nothing was stored, or a
 * database error. */
int store_comment_post(struct db *db, const struct comment_in *c, const struct comment_limits *l,
                       int64_t now, int64_t *id, enum comment_refusal *why);
/* Approved comments of an article, oldest first: [{"id","parent_id","name","body",
 * "created_at"}]; the count of all of them in *total when total is not NULL. */
int store_comments_approved(struct db *db, int64_t article_id, int offset, int limit,
                            int64_t *total, json_t **out);
/* Number of approved comments of an article. */
int store_comment_count(struct db *db, int64_t article_id, int64_t *n);
/* Comments with that status (NULL or "": all), newest first, with their article's title:
 * [{"id","article_id","article_title","parent_id","name","email","body","status","client",
 * "created_at"}]. */
int store_comments_list(struct db *db, const char *status, int limit, json_t **out);
/* The same, of one article only (article_id 0: every article). */
int store_comments_of(struct db *db, const char *status, int64_t article_id, int limit,
                      json_t **out);
/* How many comments have each status: {"pending","approved","spam","deleted"}. */
int store_comment_counts(struct db *db, json_t **out);
/* Sets a comment's status; DB_DONE when there is no such comment. */
int store_comment_set_status(struct db *db, int64_t id, const char *status);
/* Deletes a comment (and its replies); DB_DONE when there is no such comment. */
int store_comment_delete(struct db *db, int64_t id);

/* front.c: the front page in editors' hands, and what is appended to articles as news moves.
 * Each write moves the content generation on. */

/* The slots as set: [{"position","article_id"}], position 0 the lead story, then the top
 * stories in order. */
int store_front_slots(struct db *db, json_t **out);
/* Makes ids the slots (ids[0] the lead, then the top stories; 0 leaves a slot empty; an id no
 * article has is left out), in one transaction. */
int store_front_set(struct db *db, const int64_t *ids, size_t n);
/* The slotted articles that are live at now, as cards (store_articles_latest()'s) with their
 * "position", in slot order. */
int store_front_cards(struct db *db, int64_t now, json_t **out);
/* Flags a live article as breaking news until that time (0: no longer). DB_DONE when there is
 * no such article. */
int store_breaking_set(struct db *db, int64_t id, int64_t until);
/* Live articles flagged as breaking news at now, newest first, at most 5:
 * [{"id","slug","title","breaking_until","published_at"}]. */
int store_breaking(struct db *db, int64_t now, json_t **out);
/* Appends a correction note to an article (by user_id, 0 for none) and makes now its last
 * update. DB_DONE when there is no such article. */
int store_correction_add(struct db *db, int64_t article_id, int64_t user_id, const char *body,
                         int64_t now);
/* An article's corrections, oldest first: [{"id","body","created_at"}]. */
int store_corrections(struct db *db, int64_t article_id, json_t **out);
/* Live coverage. Each write makes now the article's last update. Makes an article a live page
 * or ends its coverage (its updates stay). DB_DONE when there is no such article. */
int store_live_set(struct db *db, int64_t id, bool live, int64_t now);
/* Adds an update (Markdown) to a live article by user_id (0 for none); its id in *id (may be
 * NULL). DB_DONE when there is no such article or it is not live. */
int store_live_update_add(struct db *db, int64_t article_id, int64_t user_id, const char *body,
                          int64_t now, int64_t *id);
/* DB_DONE when the article has no such update. */
int store_live_update_delete(struct db *db, int64_t article_id, int64_t update_id, int64_t now);
/* An article's updates after the one with id after (0: all), newest first:
 * [{"id","body","created_at","who"}]. */
int store_live_updates(struct db *db, int64_t article_id, int64_t after, json_t **out);

/* pages.c: static pages at /p/{slug}. Each write moves the content generation on. */

/* Creates (*id 0: the new id goes there) or replaces page *id. A changed slug leaves a redirect
 * from the old address. DB_CONSTRAINT when the slug is taken; DB_DONE when there is no page
 * *id. */
int store_page_save(struct db *db, int64_t *id, const char *slug, const char *title,
                    const char *body, bool in_footer, int position, int64_t now);
/* DB_DONE when there is no such page. */
int store_page_delete(struct db *db, int64_t id);
/* {"id","slug","title","body","in_footer","position","created_at","updated_at"}; DB_DONE when
 * there is none. */
int store_page_get(struct db *db, int64_t id, json_t **out);
int store_page_by_slug(struct db *db, const char *slug, json_t **out);
/* Every page (or those linked from the footer), in the footer's order, as above. */
int store_pages(struct db *db, bool footer_only, json_t **out);

/* drafts.c: recovery drafts, a user's text that has not reached the article yet (a save with
 * an expired session or form, the editor's autosave): one per user and article, article 0
 * standing for a new article. fields is the editor form's fields as a JSON object. */

/* Stores (replacing) the user's draft of the article. */
int store_draft_put(struct db *db, int64_t user_id, int64_t article_id, json_t *fields,
                    int64_t now);
/* {"fields": {...}, "saved_at"}; DB_DONE when there is none. */
int store_draft_get(struct db *db, int64_t user_id, int64_t article_id, json_t **out);
/* Forgets the draft (after the article is saved, or when the user discards it). */
int store_draft_delete(struct db *db, int64_t user_id, int64_t article_id);

/* views.c: view counts and the rankings made from them */

struct view_count {
    int64_t article_id;
    int64_t hour; /* hours since the epoch (UTC) */
    int64_t views;
};

/* Adds the counts to views_hourly and views_daily in one transaction, and prunes hourly rows
 * older than 8 days before now. Counts for articles deleted meanwhile are dropped. */
int store_views_add(struct db *db, const struct view_count *counts, size_t n, int64_t now);
/* Most read live articles: by views in the 24 hours before now; when fewer than limit have any,
 * filled up with the most read of the last 7 days: [{"id","slug","title","views"}]. */
int store_most_read(struct db *db, int64_t now, int limit, json_t **out);
/* Live articles by views in the last `hours` hours alone: [{"id","slug","title","views"}]. */
int store_most_read_window(struct db *db, int64_t now, int hours, int limit, json_t **out);
/* Views of all articles per day (days since the epoch, UTC) from first to last:
 * [{"day","views"}], days without views left out. */
int store_views_per_day(struct db *db, int64_t first_day, int64_t last_day, json_t **out);
/* Topics and categories ranked by their live articles' views over the 7 days before now:
 * [{"slug","name","views"}]. */
int store_top_topics(struct db *db, int64_t now, int limit, json_t **out);
int store_top_categories(struct db *db, int64_t now, int limit, json_t **out);

/* media.c: the image library (media/ keeps the files) and the database backend's files */

struct media_in {
    const char *hash;   /* hex digits of the uploaded bytes' hash: names its files */
    const char *mime;   /* the upload's type, as sniffed */
    int64_t bytes;      /* the upload's size */
    int width, height;  /* upright */
    const char *widths; /* the widths made, ascending, as "320,640,960" */
    const char *alt, *caption, *credit;
    int focal_x, focal_y; /* per cent, 0..100 */
    int64_t uploader_id;  /* 0: none (imports) */
};

/* Adds an image; its id in *id. DB_CONSTRAINT when an image with the same hash is there. */
int store_media_add(struct db *db, const struct media_in *in, int64_t now, int64_t *id);
/* The id of the image with this hash, in *id; DB_DONE when there is none. */
int store_media_by_hash(struct db *db, const char *hash, int64_t *id);
/* One image: {"id","hash","mime","bytes","width","height","widths","alt","caption","credit",
 * "focal_x","focal_y","created_at","updated_at","uploader":{"id","name"}|null,"uses"} where
 * uses counts the articles that show it (featured or in the body). DB_DONE: no such image. */
int store_media_get(struct db *db, int64_t id, json_t **out);

struct media_filter {
    const char *q;        /* normalized words (ar_normalize()) that alt, caption or credit
                           * hold, or NULL */
    int64_t uploader_id;  /* 0: anyone */
    int64_t since, until; /* created_at in [since, until); 0: open */
    int64_t limit, offset;
};

/* Images matching f, newest first, as store_media_get() gives them but without "uses", in
 * *out; the number matching in all in *total. */
int store_media_list(struct db *db, const struct media_filter *f, json_t **out, int64_t *total);
/* Who has uploaded images: [{"id","name"}], by name. */
int store_media_uploaders(struct db *db, json_t **out);
/* Changes an image's words and focal point; moves the content generation on (pages show
 * them). DB_DONE: no such image. */
int store_media_update(struct db *db, int64_t id, const char *alt, const char *caption,
                       const char *credit, int focal_x, int focal_y, int64_t now);
/* Puts new pixels under an image (hash, mime, bytes, width, height, widths of in; its words
 * kept), moving the content generation on. DB_DONE: no such image; DB_CONSTRAINT: another image
 * has these bytes. */
int store_media_replace(struct db *db, int64_t id, const struct media_in *in, int64_t now);
/* Deletes an image no article shows: DB_OK, DB_DONE when there is no such image, or
 * DB_CONSTRAINT when an article shows it (nothing deleted). */
int store_media_delete(struct db *db, int64_t id);
/* True in *used when some image still has this hash (its files must stay). */
int store_media_hash_used(struct db *db, const char *hash, bool *used);
/* For the images of an article list: {"<id>": image} for the given ids, as store_media_get()
 * gives them but without "uses". */
int store_media_some(struct db *db, const int64_t *ids, size_t n, json_t **out);
/* Sets an article's featured image (0: none), keeping the index and the content generation in
 * step. DB_DONE: no such article. */
int store_article_set_image(struct db *db, int64_t article_id, int64_t image_id);

/* The database backend's files (media/storage.h). Put leaves an existing name as it is; get
 * gives the bytes malloc'd in *p (the caller frees them), DB_DONE when there is no such file. */
int store_media_file_put(struct db *db, const char *name, const void *p, size_t n);
int store_media_file_get(struct db *db, const char *name, void **p, size_t *n);
int store_media_file_delete(struct db *db, const char *name);
/* A file's size in bytes in *n; DB_DONE when there is no such file. */
int store_media_file_size(struct db *db, const char *name, int64_t *n);
/* Every image's hash and widths, for backups and exports: [{"hash","widths","focal_x",
 * "focal_y"}]. */
int store_media_all(struct db *db, json_t **out);

#endif

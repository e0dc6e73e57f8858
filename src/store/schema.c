/*
 * schema.c: the database schema as numbered migrations.
 *
 * migrations[i] takes a database from version i to i+1 (SQLite's user_version). They run in
 * order inside one transaction each, so a database is always at a whole version. Never edit a
 * migration that has shipped: add the next one.
 *
 * The SQL keeps to what SQLite and PostgreSQL share (INTEGER times in UTC seconds, TEXT, CHECK
 * lists instead of enums); the FTS5 table is the one SQLite-only piece and moves to the search
 * backend of the PostgreSQL issue.
 */
#include "store/store.h"
#include "base/log.h"
#include "store/db.h"

static const char *const migrations[] = {
    /* 1: the tables of DESIGN.md */
    "CREATE TABLE users("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT UNIQUE," /* NULL: a byline only, cannot log in */
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  bio TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL DEFAULT 'writer'"
    "    CHECK (role IN ('admin','editor','writer','moderator')),"
    "  pass_hash TEXT,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE sessions("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  client TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    /* Failed logins, for throttling per address and per account (web/auth.c). */
    "CREATE TABLE login_failures("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL,"
    "  client TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX login_failures_login ON login_failures(login, at);"
    "CREATE INDEX login_failures_client ON login_failures(client, at);"
    "CREATE TABLE api_tokens("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  scope TEXT NOT NULL,"
    "  label TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL,"
    "  last_used_at INTEGER,"
    "  revoked_at INTEGER);"
    "CREATE TABLE categories("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE topics("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  dek TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL DEFAULT ''," /* Markdown */
    "  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,"
    "  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  source TEXT NOT NULL DEFAULT ''," /* credit line, e.g. a news agency */
    "  image_url TEXT,"
    "  status TEXT NOT NULL DEFAULT 'draft'"
    "    CHECK (status IN ('draft','review','scheduled','published','unpublished')),"
    "  comments_open INTEGER NOT NULL DEFAULT 1,"
    "  comments_version INTEGER NOT NULL DEFAULT 0," /* bumped by every comment change */
    "  import_key TEXT UNIQUE," /* source URL, GUID or content hash of an imported article */
    "  fingerprint BLOB,"       /* MinHash signature for near-duplicates (import/dedup.c) */
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  published_at INTEGER);"
    "CREATE INDEX articles_live ON articles(status, published_at);"
    "CREATE INDEX articles_category ON articles(category_id, status, published_at);"
    "CREATE INDEX articles_author ON articles(author_id, status, published_at);"
    "CREATE TABLE article_topics("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (article_id, topic_id));"
    "CREATE INDEX article_topics_topic ON article_topics(topic_id, article_id);"
    "CREATE TABLE revisions("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  title TEXT NOT NULL,"
    "  dek TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  meta TEXT NOT NULL DEFAULT '{}'," /* the other fields, as JSON */
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX revisions_article ON revisions(article_id, created_at);"
    "CREATE TABLE comments("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,"
    "  author_name TEXT NOT NULL,"
    "  author_email TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK (status IN ('pending','approved','spam','deleted')),"
    "  client TEXT NOT NULL DEFAULT '',"      /* address of the poster, for rate limits */
    "  fingerprint TEXT NOT NULL DEFAULT ''," /* of the normalized text: duplicates */
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX comments_article ON comments(article_id, status, created_at);"
    "CREATE INDEX comments_status ON comments(status, created_at);"
    "CREATE INDEX comments_client ON comments(client, created_at);"
    "CREATE INDEX comments_fingerprint ON comments(article_id, fingerprint);"
    /* Nonces of comment-form tokens already used, kept until the token would expire anyway:
     * a form is posted once (web/formtoken.c). */
    "CREATE TABLE used_tokens("
    "  nonce TEXT PRIMARY KEY,"
    "  expires_at INTEGER NOT NULL);"
    "CREATE INDEX used_tokens_expiry ON used_tokens(expires_at);"
    /* Views: hourly buckets feed the rankings (exact 24-hour and 7-day windows) and are pruned
     * after 8 days; daily totals are kept for good (the newsroom's 30-day chart, history). */
    "CREATE TABLE views_daily("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  day INTEGER NOT NULL," /* days since 1970-01-01 UTC */
    "  views INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, day));"
    "CREATE INDEX views_daily_day ON views_daily(day);"
    "CREATE TABLE views_hourly("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  hour INTEGER NOT NULL," /* hours since 1970-01-01 UTC */
    "  views INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, hour));"
    "CREATE INDEX views_hourly_hour ON views_hourly(hour);"
    /* A number that every change to published content moves on: caches of rendered pieces
     * (related articles, later whole pages) are valid while it stays the same, whichever
     * process or node made the change. */
    "CREATE TABLE generation("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  value INTEGER NOT NULL);"
    "INSERT INTO generation(id, value) VALUES(1, 0);"
    "CREATE TABLE settings("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);"
    /* Old paths that answer 301 to a new one: renamed categories and topics, imported
     * permalinks. */
    "CREATE TABLE redirects("
    "  old_path TEXT PRIMARY KEY,"
    "  new_path TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    /* The search index over published articles: an external-content FTS5 table reading its
     * text from the article_search view (so snippets come from the stored text, and the index
     * stores no copy of it), with sahifa's Arabic tokenizer (store/fts.c). store/index.c
     * keeps it in step inside each write's transaction; the vocabulary table gives the
     * document frequencies that pick an article's weightiest terms (related articles). */
    "CREATE VIEW article_search AS"
    "  SELECT a.id AS id, a.title AS title, a.dek AS dek, a.body AS body,"
    "    coalesce((SELECT name FROM categories WHERE id = a.category_id), '') || ' ' ||"
    "    coalesce((SELECT group_concat(t.name, ' ') FROM article_topics x"
    "      JOIN topics t ON t.id = x.topic_id WHERE x.article_id = a.id), '') AS taxonomy"
    "  FROM articles a WHERE a.status = 'published';"
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, dek, body, taxonomy, content='article_search', content_rowid='id',"
    "  tokenize='sahifa');"
    "CREATE VIRTUAL TABLE articles_fts_vocab USING fts5vocab('articles_fts', 'row');"
    /* What search filters and ranks by, for exactly the articles in the index: a narrow table
     * that stays in memory, where the articles table (with every body) would not. */
    "CREATE TABLE search_docs("
    "  id INTEGER PRIMARY KEY,"
    "  published_at INTEGER NOT NULL,"
    "  category_id INTEGER);"
    "CREATE INDEX search_docs_category ON search_docs(category_id);"
    "CREATE INDEX search_docs_published ON search_docs(published_at);",
    /* 2: the index holds each word as itself and, only where they differ, ~ + its stems (the
     * stems were plain tokens and the word was "=" + itself): made again from the articles. */
    "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');",
    /* 3: the view's status test written +a.status, so that no index serves it: with the
     * articles_live index on status, SQLite read a range of ids (a batch being indexed) by
     * visiting every published article, and indexing one new article cost time in proportion
     * to the archive (2.4 ms at 16,000 articles against 0.4 ms at 2,000). */
    "DROP VIEW article_search;"
    "CREATE VIEW article_search AS"
    "  SELECT a.id AS id, a.title AS title, a.dek AS dek, a.body AS body,"
    "    coalesce((SELECT name FROM categories WHERE id = a.category_id), '') || ' ' ||"
    "    coalesce((SELECT group_concat(t.name, ' ') FROM article_topics x"
    "      JOIN topics t ON t.id = x.topic_id WHERE x.article_id = a.id), '') AS taxonomy"
    "  FROM articles a WHERE +a.status = 'published';",
    /* 4: the image library (media/): each image once (its hash names its files), its words for
     * readers and for the library's search (normalized), who uploaded it; the files themselves
     * when they are kept in the database (media_files); an article's featured image. */
    "CREATE TABLE media("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  mime TEXT NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  width INTEGER NOT NULL,"
    "  height INTEGER NOT NULL,"
    "  widths TEXT NOT NULL,"
    "  alt TEXT NOT NULL,"
    "  caption TEXT NOT NULL DEFAULT '',"
    "  credit TEXT NOT NULL DEFAULT '',"
    "  focal_x INTEGER NOT NULL DEFAULT 50,"
    "  focal_y INTEGER NOT NULL DEFAULT 50,"
    "  search TEXT NOT NULL DEFAULT '',"
    "  uploader_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX media_created ON media(created_at);"
    "CREATE INDEX media_uploader ON media(uploader_id, created_at);"
    "CREATE TABLE media_files("
    "  name TEXT PRIMARY KEY,"
    "  bytes BLOB NOT NULL);"
    "ALTER TABLE articles ADD COLUMN image_id INTEGER REFERENCES media(id) ON DELETE SET NULL;"
    "CREATE INDEX articles_image ON articles(image_id);",
    /* 5: the newsroom's desk. Every write of an article moves its version on, and a revision
     * keeps the version it was (with the fields besides the text, as JSON in meta), so a save
     * made from an older version is caught and merged, never written over the newer one. */
    "ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    /* Titles for search engines and for sharing, when they should differ from the headline. */
    "ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN social_title TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE revisions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
    /* A user's text that did not reach the article: kept when a save came with an expired
     * session or form, and by the editor's autosave; one per user and article (0: a new
     * article), until the article is saved. */
    "CREATE TABLE recovery_drafts("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  article_id INTEGER NOT NULL," /* 0: an article not yet created */
    "  fields TEXT NOT NULL,"        /* the form's fields, as JSON */
    "  saved_at INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, article_id));"
    /* The front page in editors' hands: the lead story (position 0) and the top stories in
     * order; an article flagged as breaking news until a time; corrections appended to an
     * article, with their time. */
    "CREATE TABLE front_slots("
    "  position INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE);"
    "ALTER TABLE articles ADD COLUMN breaking_until INTEGER;"
    "CREATE INDEX articles_breaking ON articles(breaking_until);"
    "CREATE TABLE corrections("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  body TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX corrections_article ON corrections(article_id, created_at);"
    /* Live coverage: an article flagged live gets timestamped updates from the newsroom,
     * shown newest first above its text. */
    "ALTER TABLE articles ADD COLUMN live INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE live_updates("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  body TEXT NOT NULL," /* Markdown */
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX live_updates_article ON live_updates(article_id, id);"
    /* Several authors an article, in byline order (articles.author_id stays the first, for
     * what reads one); author profiles: a photo (an address) and links, one a line. */
    "CREATE TABLE article_authors("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (article_id, user_id));"
    "CREATE INDEX article_authors_user ON article_authors(user_id, article_id);"
    "INSERT INTO article_authors(article_id, user_id, position)"
    "  SELECT id, author_id, 0 FROM articles WHERE author_id IS NOT NULL;"
    "ALTER TABLE users ADD COLUMN photo_url TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE users ADD COLUMN links TEXT NOT NULL DEFAULT '';"
    /* Static pages (من نحن، اتصل بنا، سياسة الخصوصية) at /p/{slug}, in Markdown, linked from
     * every page's footer in their order when in_footer is set. */
    "CREATE TABLE pages("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  body TEXT NOT NULL DEFAULT '',"
    "  in_footer INTEGER NOT NULL DEFAULT 1,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);",
    /* 6: what each move of the content generation changed, so that the paths it made stale
     * can be purged from CDNs (view/purge.c): an article, or NULL for a change any page may
     * show (a category renamed, a batch of imported articles). Kept for the last 10,000. */
    "CREATE TABLE changes("
    "  generation INTEGER PRIMARY KEY,"
    "  article_id INTEGER);",
};

int store_ping(struct db *db)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "PRAGMA user_version") != DB_OK)
        return DB_ERROR;
    int rc = db_step(&q);
    db_finalize(&q);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

int store_migrate(struct db *db)
{
    struct db_stmt q;
    int version = 0;
    if (db_prepare_once(db, &q, "PRAGMA user_version") != DB_OK)
        return DB_ERROR;
    if (db_step(&q) == DB_ROW)
        version = (int)db_col_int(&q, 0);
    db_finalize(&q);
    int latest = (int)(sizeof migrations / sizeof migrations[0]);
    if (version > latest) {
        log_error("%s: database version %d is newer than this program (%d)", db_path(db), version,
                  latest);
        return DB_ERROR;
    }
    for (; version < latest; version++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version + 1);
        if (db_begin(db) != DB_OK)
            return DB_ERROR;
        if (db_exec(db, migrations[version]) != DB_OK || db_exec(db, pragma) != DB_OK) {
            db_rollback(db);
            log_error("%s: migration %d failed", db_path(db), version + 1);
            return DB_ERROR;
        }
        if (db_commit(db) != DB_OK)
            return DB_ERROR;
        log_info("%s: migrated to schema version %d", db_path(db), version + 1);
    }
    return DB_OK;
}

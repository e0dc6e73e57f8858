/*
 * import.h: bringing a newspaper's archive in. Each format has its parser (text.c, html.c,
 * jsonl.c, wxr.c), which reads a file and hands every article it finds to a sink; the sink
 * (import.c) stores them: it resolves categories, topics and authors, keys each article on its
 * source (URL or GUID, else a hash of its content) so that importing the same source again
 * changes nothing, reports near-duplicates (dedup.c), and writes in transactions of a batch.
 *
 * Parsers know nothing of the database; the sink knows nothing of formats.
 */
#ifndef SAHIFA_IMPORT_IMPORT_H
#define SAHIFA_IMPORT_IMPORT_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* A comment as the source has it. */
struct import_comment {
    const char *key, *parent_key; /* the source's ids (WXR comment_id, comment_parent), or NULL */
    const char *name, *email, *body;
    const char *status;      /* "approved", "pending" or "spam" */
    int64_t created_at;      /* UTC seconds; 0: unknown */
    const char *unread_date; /* a date given but not read (quoted in the report), or NULL */
};

/* An article as a parser read it. Strings are UTF-8 (parsers check), owned by the parser and
 * valid during the sink's call only. */
struct import_article {
    const char *key;      /* the source's URL or GUID; NULL: a hash of title and body is used */
    const char *title;    /* required; 300 characters at most */
    const char *dek;      /* may be NULL */
    const char *body;     /* Markdown: paragraphs separated by a blank line (import_paragraph) */
    const char *category; /* a category's name or slug, or NULL */
    const char *category_slug;        /* its slug when the source says (WXR), or NULL */
    const char *category_description; /* for a category the import makes (WXR), or NULL */
    const char *const *topics;        /* topic names */
    size_t ntopics;
    const char *author;       /* a byline's display name, or NULL */
    const char *author_login; /* the source's login for it (WXR), or NULL */
    const char *source;       /* a credit line, or NULL */
    const char *slug;         /* the source's slug (decoded), or NULL: made from the title */
    const char *status;       /* "published" (NULL means this), "draft", "review", ... */
    int64_t published_at;     /* UTC seconds; 0: unknown */
    const char *unread_date;  /* a date the source gives that import_date() cannot read, or NULL */
    const char *old_path;     /* the old permalink's path (/2018/04/slug/), or NULL */
    /* The featured photo: a file on this machine (a path as given, or made from the source's
     * own folder by the parser), with its alt text (the title when NULL), caption and credit;
     * NULL for none. */
    const char *image_path, *image_alt, *image_caption, *image_credit;
    /* Why the source's featured photo could not be had (then image_path is NULL), for the
     * import's report: "the attachment 12 is not in the export"; NULL when nothing is missing. */
    const char *image_missing;
    const struct import_comment *comments;
    size_t ncomments;
    long line; /* where in its file it starts (1-based), for reports */
};

struct import_sink {
    /* Stores one article. Returns 0, or -1 when the whole file must stop (a database error). */
    int (*article)(struct import_sink *s, const struct import_article *a);
    /* A record that could not be used, and why (Arabic or English, one line). */
    void (*skip)(struct import_sink *s, long line, const char *reason);
    void *ctx;
};

/* The parsers. Each reads one file's bytes (already decompressed), calls the sink for every
 * article and skipped record, and returns 0, or -1 with a one-line reason in err when the file
 * as a whole cannot be read (then the caller discards what the sink got from it). path is for
 * messages. */
int import_text(const char *data, size_t n, const char *path, struct import_sink *s,
                struct buf *err);
int import_html(const char *data, size_t n, const char *path, struct import_sink *s,
                struct buf *err);
/* JSON Lines are read a line at a time (an archive of many gigabytes stays out of memory): one
 * line (without its newline) of the file, its line number. A line that is not a usable article
 * goes to s->skip. Returns 0, or -1 when the sink says stop. */
int import_jsonl_line(const char *line, size_t n, long lineno, struct import_sink *s);
/* A file's bytes as a stream, decompressed: read fills up to n bytes at p and returns how many,
 * 0 at the end, -1 on an error; rewind starts it again from the first byte (0, or -1). */
struct import_input {
    int (*read)(void *ctx, char *p, int n);
    int (*rewind)(void *ctx);
    void *ctx;
};
/* WordPress exports are streamed (an export of a gigabyte needs little memory). A post's
 * comments reach the sink in the order of their ids, so that a reply comes after its parent:
 * the sink links a reply only to a parent it has already stored.
 *
 * With media_from (the site's wp-content/uploads folder copied to this machine), a post's
 * featured image (its _thumbnail_id) becomes its image_path: the attachment's URL after
 * wp-content/uploads/ (else its _wp_attached_file) under media_from, with the attachment's alt
 * text, caption and credit. WordPress may write the attachments after the posts that use them,
 * so the file is then read twice: first for its attachments only (in->rewind between). Without
 * media_from, attachments are passed over. */
int import_wxr(struct import_input *in, const char *path, const char *media_from,
               struct import_sink *s, struct buf *err);

/* The importer (import.c): what `sahifa import` runs. */

struct import_options {
    const char *format;     /* "auto" (NULL), "text", "html", "jsonl" or "wxr" */
    const char *category;   /* a category slug every article goes into, or NULL */
    const char *media_from; /* a WordPress site's uploads folder (import_wxr), or NULL */
    bool skip_duplicates;   /* leave near-duplicates out instead of only reporting them */
    bool progress_bar;      /* redraw one progress line (a terminal) instead of printing lines */
};

struct import_totals {
    long imported, updated, unchanged, duplicates, skipped;
    long drafts; /* of imported and updated: made drafts, having no date or no text */
    long files, failed_files;
};

/* Imports the files and folders (recursively) at paths, gzip-compressed or not, printing
 * progress and, per file, what was skipped and why, then a summary, on stderr. Each file is
 * written in transactions of IMPORT_BATCH articles; a file that cannot be read as a whole (bad
 * XML, not UTF-8, binary, cut short), one that holds no article, and a path that does not exist
 * are reported and counted in failed_files, the file losing its uncommitted batch, and the next
 * file goes on.
 *
 * The rules every record meets, whatever its format (docs/OPERATIONS.md): one with no title, an
 * unknown status or a date that cannot be read is skipped, with its line and the reason, before
 * anything of it is written; one that would go live (published or scheduled) with no date or no
 * text is stored as a draft instead, and said so. A record of an article imported before keeps
 * the stored status and date when it gives none.
 *
 * Returns 0, or -1 when a database error stopped the import. */
enum { IMPORT_BATCH = 4000 };
int import_paths(struct db *db, char *const *paths, int npaths, const struct import_options *o,
                 struct import_totals *t);

/* Helpers for parsers. */

/* Appends one paragraph of plain text to a Markdown body: a blank line before it unless the body
 * is empty, spaces collapsed, and the characters Markdown would read as markup backslash-escaped
 * (\ ` * _ [ ] < > # | ~ & anywhere; - + = and a number followed by . or ) at the start), so
 * the text shows as written. */
void import_paragraph(struct buf *body, const char *text, size_t n);
/* Appends the n bytes at s to out with every %XX decoded. True when what it appended is not
 * empty and is UTF-8 without control characters or NUL (else the caller does without it). */
bool import_percent_decode(struct buf *out, const char *s, size_t n);
/* Parses a date as sources write it: RFC 3339 / ISO 8601 (2018-04-20T15:00:00+03:00,
 * 2018-04-20 15:00:00, 2018-04-20), RFC 822 (Fri, 20 Apr 2018 12:00:00 +0000). A time without a
 * zone is read in the site's time zone (the process's TZ). Returns UTC seconds, or 0. */
int64_t import_date(const char *s);

#endif

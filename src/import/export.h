/*
 * export.h: taking the archive out: every article with its category, topics, author, status
 * and comments, as JSON Lines (sahifa's own shape, which `sahifa import` reads back exactly: the
 * body stays Markdown) or as a WordPress export (WXR 1.2: the body as HTML, and the Markdown kept
 * in the post meta _sahifa_markdown, which sahifa's WXR import prefers).
 */
#ifndef SAHIFA_IMPORT_EXPORT_H
#define SAHIFA_IMPORT_EXPORT_H

#include <stdio.h>

struct db;

/* Writes every article to out. Returns 0, or -1 on a database or write error (said on
 * stderr). */
int export_jsonl(struct db *db, FILE *out);
/* The same, with each featured photo's largest JPEG written into the folder media_out (made when
 * missing) and named in the article's "image" field: {"path" (media_out/<hash>.jpg), "alt",
 * "caption", "credit"}. */
int export_jsonl_media(struct db *db, FILE *out, const char *media_out);
int export_wxr(struct db *db, FILE *out, const char *site_name, const char *site_url);
/* The same, with each featured photo's largest JPEG written into the folder media_out (made when
 * missing) as <hash>.jpg and, once a photo, an attachment item before the first article that
 * uses it (numbered above every article's id; its URL the photo's on site_url, its
 * _wp_attached_file "<hash>.jpg", its alt text, caption as excerpt, and credit as the postmeta
 * _sahifa_credit), named by the article's _thumbnail_id: `sahifa import --media-from
 * media_out` and WordPress's importer bring them back. */
int export_wxr_media(struct db *db, FILE *out, const char *site_name, const char *site_url,
                     const char *media_out);

#endif

/*
 * storage.h: where images' files live, behind one interface.
 *
 * Two backends, chosen once at start-up: a folder (the default, beside the database: news.db
 * keeps its files in news-media/), or the database itself (table media_files), so that several
 * nodes on one PostgreSQL database share the files without a shared disk. Files are
 * content-addressed: their names start with the hash of the uploaded bytes
 * ("<hash>-640.webp"), so the same photo uploaded twice is stored once, and a name's bytes never
 * change (URLs can be cached for good).
 *
 * In the folder, a file is written to a temporary name and renamed into place, so a reader
 * never sees half a file; names are spread over 256 subfolders by their first two hex digits.
 */
#ifndef SAHIFA_MEDIA_STORAGE_H
#define SAHIFA_MEDIA_STORAGE_H

#include <stdbool.h>
#include <stddef.h>

struct db;

/* The folder the database at db_path keeps its files in by default: the path without a ".db"
 * ending, then "-media" (news.db: news-media). Returned in a new string (free() it). */
char *media_default_dir(const char *db_path);
/* Chooses the folder backend with dir (created when missing). 0, or -1 (logged). */
int media_storage_folder(const char *dir);
/* Chooses the database backend. */
void media_storage_database(void);
/* The folder of the folder backend, or NULL for the database backend. */
const char *media_storage_dir(void);

/* True for a name the storage can hold: 32 hex digits, '-', then a width, or "social-" and two
 * numbers joined by '-', then ".webp" or ".jpg" (what media_name() and media_social_name()
 * make). Checked before any other call uses a name, so no path is ever built from a URL. */
bool media_name_ok(const char *name);

/* Stores n bytes at p under name (a name already there is left as it is: its bytes are the
 * same). 0, or -1 (logged). db is the calling thread's connection (the database backend). */
int media_put(struct db *db, const char *name, const void *p, size_t n);
/* The bytes stored under name, in *p (malloc'd: the caller frees it) and *n. 0, 1 when there is
 * no such file, or -1 (logged). */
int media_get(struct db *db, const char *name, void **p, size_t *n);
/* The folder backend's file for name, opened read-only, in *fd (the caller closes it) with its
 * size in *n: for serving with sendfile. 0, 1 when missing, -1 on an error or with the database
 * backend. */
int media_open(const char *name, int *fd, size_t *n);
/* The size of the file stored under name, in *n. 0, 1 when there is no such file, -1. */
int media_size(struct db *db, const char *name, size_t *n);
/* Removes the file (no error when it is not there). 0, or -1 (logged). */
int media_remove(struct db *db, const char *name);

/* Copies every file of the folder backend into the folder to (made when missing; a file already
 * there is left), as hard links where the file system allows (files never change) and copies
 * elsewhere: for backups. 0 (nothing to do with the database backend), or -1 (logged); the
 * number of files in *n. */
int media_copy_folder(const char *to, long *n);

#endif

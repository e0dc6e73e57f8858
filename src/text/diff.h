/*
 * diff.h: what changed between two versions of a text, line by line (the newsroom's revision
 * view). A longest-common-subsequence diff: lines both versions have, lines only the old one
 * has (removed), lines only the new one has (added), in reading order.
 */
#ifndef SAHIFA_TEXT_DIFF_H
#define SAHIFA_TEXT_DIFF_H

#include <stddef.h>

enum diff_kind { DIFF_SAME, DIFF_REMOVED, DIFF_ADDED };

/* Called for each line in order (line is not NUL-terminated; n bytes, without its newline). */
typedef void (*diff_fn)(void *ctx, enum diff_kind kind, const char *line, size_t n);

/* Diffs old against new. Texts of more than DIFF_MAX_LINES lines each are shown as all of the
 * old removed and all of the new added (the table would be too big to be worth it). */
enum { DIFF_MAX_LINES = 4000 };
void diff_lines(const char *old_text, const char *new_text, diff_fn fn, void *ctx);

#endif

/* list.h: lists typed as text (topics in the editor, blocked words in the settings). */
#ifndef SAHIFA_TEXT_LIST_H
#define SAHIFA_TEXT_LIST_H

#include <jansson.h>

/* The entries of s: split at line breaks and at Latin and Arabic commas (، U+060C), each trimmed
 * of white space (comment_trim), empty ones and repeats left out. New reference; an empty array
 * for NULL. */
json_t *text_split_list(const char *s);

#endif

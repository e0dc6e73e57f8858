/* list.c: splitting a typed list (see list.h). */
#include "text/list.h"
#include "base/buf.h"
#include "text/comment.h"

#include <string.h>

json_t *text_split_list(const char *s)
{
    json_t *out = json_array();
    struct buf copy = BUF_INIT;
    for (; s && *s; s++) {
        if ((unsigned char)s[0] == 0xD8 && (unsigned char)s[1] == 0x8C) { /* ، */
            buf_putc(&copy, ',');
            s++;
        } else {
            buf_putc(&copy, *s == '\n' ? ',' : *s);
        }
    }
    char *save = NULL;
    for (char *e = copy.len ? strtok_r(copy.p, ",", &save) : NULL; e;
         e = strtok_r(NULL, ",", &save)) {
        size_t start, n = comment_trim(e, strlen(e), &start);
        if (n == 0)
            continue;
        json_t *entry = json_stringn(e + start, n);
        bool seen = false;
        size_t i;
        json_t *old;
        json_array_foreach(out, i, old) {
            seen |= json_equal(old, entry);
        }
        if (seen || !entry)
            json_decref(entry);
        else
            json_array_append_new(out, entry);
    }
    buf_free(&copy);
    return out;
}

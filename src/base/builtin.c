/* builtin.c: lookup in the table of files compiled into the binary (see builtin.h). */
#include "base/builtin.h"

#include <string.h>

const struct builtin_file *builtin_find(const char *name)
{
    for (size_t i = 0; i < builtin_count; i++)
        if (strcmp(builtin_files[i].name, name) == 0)
            return &builtin_files[i];
    return NULL;
}

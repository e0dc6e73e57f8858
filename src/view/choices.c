/* choices.c: a select list's options with the chosen one marked (choices.h). */
#include "view/choices.h"

json_t *view_choices(json_t *rows, int64_t chosen)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_object_set_new(row, "selected",
                            json_boolean(json_integer_value(json_object_get(row, "id")) == chosen));
    }
    return rows;
}

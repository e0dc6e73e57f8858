/*
 * choices.h: the options of a <select> (a category, an author): rows of things with an id,
 * the chosen one marked, as the search page's and the newsroom's templates read them.
 */
#ifndef SAHIFA_VIEW_CHOICES_H
#define SAHIFA_VIEW_CHOICES_H

#include <jansson.h>
#include <stdint.h>

/* Sets "selected" on every row of rows (objects with an integer "id"): true on those whose id
 * is chosen, false on the others (chosen 0: none). Returns rows. */
json_t *view_choices(json_t *rows, int64_t chosen);

#endif

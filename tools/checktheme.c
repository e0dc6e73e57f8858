/*
 * checktheme: opens a theme folder as `sahifa serve --theme DIR` does at start-up, which compiles
 * every template in it with the engine's raw-output allowlist (tmpl/theme.c), and fails when one
 * does not compile. make runs it over themes/default before building the theme into the binary
 * (Fossil's codecheck1 run on every build), so it is linked with no built-in files: the folder is
 * the whole theme. Usage: checktheme DIR
 */
#include "tmpl/theme.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: checktheme DIR\n");
        return 2;
    }
    struct theme *t = theme_open(argv[1]);
    if (!t)
        return 1;
    theme_close(t);
    return 0;
}

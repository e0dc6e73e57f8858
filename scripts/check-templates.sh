#!/bin/sh
# check-templates.sh DIR: refuses templates that print anything raw ({{{x}}} or {{&x}}) other
# than the fields sahifa's own safe renderers produce (Fossil's codecheck1, for templates).
# Run by make before the theme is built into the binary; run it on your own theme too.
set -eu
dir=${1:-themes/default/templates}
# Fields made by our renderers: body_html is Markdown through our md4c renderer with raw HTML
# off (src/text/markdown.c); title_html and snippet_html are escaped search results with the
# matched words in <mark> (esc_html_marked in src/text/escape.c); jsonld_escaped is JSON-LD made
# by jansson with < > & U+2028 U+2029 as \u escapes, for a <script> element (esc_json_script in
# src/text/escape.c, src/view/meta.c); style_escaped is the theme's own stylesheet with every
# "</" written "<\/", for a <style> element (theme_inline_style in src/tmpl/theme.c).
allowed='body_html title_html snippet_html jsonld_escaped style_escaped'
status=0
for f in "$dir"/*.mustache; do
    [ -e "$f" ] || continue
    grep -no '{{{[^}]*}}}\|{{&[^}]*}}' "$f" | while IFS= read -r hit; do
        line=${hit%%:*}
        tag=${hit#*:}
        name=$(printf '%s' "$tag" | sed 's/^{{[{&][[:space:]]*//; s/[[:space:]]*}*$//')
        field=${name##*.}
        ok=0
        for a in $allowed; do [ "$field" = "$a" ] && ok=1; done
        if [ $ok = 0 ]; then
            echo "$f:$line: raw output of '$name' is not allowed (only: $allowed)" >&2
            echo fail
        fi
    done | grep -q fail && status=1
done
exit $status

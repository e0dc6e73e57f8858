#!/bin/sh
# fonts.sh OUTDIR: the site's self-hosted Arabic typefaces, made at build time from Debian's
# Noto fonts (fonts-noto-core) with fontTools (python3-fonttools, python3-brotli): subset to the
# characters an Arabic news site shows (Basic Latin and Latin-1 punctuation, Arabic and Arabic
# Supplement, the Arabic presentation forms B that imported text sometimes holds, general
# punctuation, the zero-width joiners and direction marks), every OpenType layout feature kept
# (Arabic joining and marks need them), hinting dropped, compressed as WOFF2. Also the app
# icons, drawn from the theme's favicon.svg with libvips' command line (vips, with librsvg).
set -eu
out=${1:?usage: fonts.sh OUTDIR}
src=/usr/share/fonts/truetype/noto
py=/usr/bin/python3 # Debian's, whose fontTools this is
mkdir -p "$out"
unicodes="U+0020-007E,U+00A0-00BF,U+00D7,U+00F7,U+0600-06FF,U+0750-077F,U+200C-200F"
unicodes="$unicodes,U+2010-2027,U+2030-203A,U+FD3E-FD3F,U+FDF2,U+FE70-FEFF"
for pair in NotoNaskhArabic-Regular:naskh NotoNaskhArabic-Bold:naskh-bold \
    NotoSansArabic-Regular:sans NotoSansArabic-Bold:sans-bold NotoKufiArabic-Bold:kufi-bold; do
    "$py" -m fontTools.subset "$src/${pair%%:*}.ttf" --unicodes="$unicodes" --layout-features='*' \
        --flavor=woff2 --no-hinting --desubroutinize --output-file="$out/${pair#*:}.woff2"
done
icon=themes/default/static/favicon.svg
for size in 180 192 512; do
    vips copy "$icon[dpi=$((size * 72 / 64))]" "$out/icon-$size.png[strip]"
done

#!/bin/sh
# deps.sh [--test|--bench]: installs the Debian packages (and, with --test, the npm packages) that
# building, running and testing sahifa need. Idempotent and quiet when everything is there.
# Run as root, or as a user who may sudo.
set -eu
cd "$(dirname "$0")/.."

# Building and running.
pkgs="gcc make pkg-config libc6-dev libmicrohttpd-dev libsqlite3-dev libjansson-dev
      libutf8proc-dev libmd4c-dev libstemmer-dev libsodium-dev libxml2-dev libgumbo-dev
      zlib1g-dev libxxhash-dev libvips-dev libbrotli-dev libcurl4-openssl-dev tzdata
      python3-fonttools python3-brotli fonts-noto-core libvips-tools"
if [ "${1:-}" = "--test" ]; then
    # C unit tests, the browser tests, reading test databases, the format check, the feed
    # and sitemap consumers (feedparser, xmllint), the HTML checker (Java), test photos made
    # with libvips' command line (vips) and EXIF tags written into them (exiftool), the
    # sanitizer build and libFuzzer (clang and its runtimes; llvm for llvm-symbolizer's
    # readable reports), and the documented CDN configurations run in front of sahifa (nginx,
    # Varnish).
    pkgs="$pkgs libcriterion-dev chromium sqlite3 clang-format python3-feedparser libxml2-utils
          libvips-tools libimage-exiftool-perl clang libclang-rt-14-dev llvm nginx-light varnish"
    command -v java >/dev/null 2>&1 || pkgs="$pkgs default-jre-headless"
    command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
fi

if [ "${1:-}" = "--bench" ]; then
    # The load generator and the reference server of bench/.
    pkgs="$pkgs wrk nginx-light sqlite3 curl python3"
fi

missing=""
for p in $pkgs; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "deps.sh: installing$missing"
    # A fresh machine may have no package lists yet: update once when the install fails.
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; then
        $sudo apt-get update -q
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
    fi
fi

if [ "${1:-}" = "--test" ]; then
    # npm packages of the test tools, exactly as package-lock.json records them.
    stamp=node_modules/.lock-installed
    if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
        echo "deps.sh: npm ci"
        npm ci --no-audit --no-fund --loglevel=error
        cp package-lock.json "$stamp"
    fi
fi

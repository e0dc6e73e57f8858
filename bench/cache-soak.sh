#!/bin/sh
# bench/cache-soak.sh [MINUTES] [BUDGET_MB]: the page cache's memory under a long load of mixed
# public URLs, every request with a query string never sent before (a million and more in ten
# minutes): article pages, the home page and category pages with arguments no page reads, later
# listing pages, searches for words never searched (each a page of its own, kept until the
# budget drops it), feeds, API lists and addresses that find nothing. wrk runs for MINUTES (default 10) with 60
# connections (the server takes 64 from one address, and /metrics needs one) against the demo
# site with cache_budget_mb = BUDGET_MB (default 64); every 10 seconds the server's resident
# memory and the cache's bytes, entries and evictions (from /metrics) are printed, and at the
# end the highest of each beside the budget, and the resident memory at half time and at the
# end. Load only on 127.0.0.1; the server started here is stopped by its PID.
set -eu
cd "$(dirname "$0")/.."
minutes=${1:-10}
budget=${2:-64}
scripts/deps.sh --bench
make -s sahifa

dir=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    [ -n "${wrk_pid:-}" ] && kill "$wrk_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

./sahifa init --db "$dir/site.db" --demo >/dev/null 2>&1
sqlite3 "$dir/site.db" "INSERT INTO settings(key, value) VALUES('cache_budget_mb', '$budget')"
./sahifa serve --db "$dir/site.db" --listen 127.0.0.1:0 --access-log off 2>"$dir/err" &
pid=$!
while ! grep -q '^listening on' "$dir/err"; do sleep 0.1; done
base=$(head -1 "$dir/err" | sed 's/^listening on //')

# The URLs to mix, as a Lua table.
{
    echo "articles = {"
    for id in $(sqlite3 "$dir/site.db" "SELECT id FROM articles WHERE status = 'published'"); do
        printf '  "%s",\n' "$(curl -s -o /dev/null -w '%{redirect_url}' "$base/a/$id" | sed "s|^$base||")"
    done
    echo "}"
    echo "categories = {"
    sqlite3 "$dir/site.db" "SELECT '  \"/c/' || slug || '\",' FROM categories"
    echo "}"
    cat <<'LUA'
words = { "المياه", "الاقتصاد", "الانتخابات", "الصحة", "التعليم", "الطاقة", "الزراعة", "النقل" }
local n = 0
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  n = (id or 0) * 100000000 -- id: set by setup() for this thread, so no two threads repeat
end
local function pick(t) return t[math.random(#t)] end
request = function()
  n = n + 1
  local r = math.random(100)
  local path
  if r <= 44 then path = pick(articles) .. "?utm_source=soak&n=" .. n
  elseif r <= 56 then path = "/?r=" .. n
  elseif r <= 68 then path = pick(categories) .. "?fbclid=" .. n
  elseif r <= 74 then path = pick(categories) .. "?page=" .. (n % 50 + 1) .. "&n=" .. n
  elseif r <= 78 then path = "/search?q=" .. pick(words) .. "%20" .. n
  elseif r <= 84 then path = "/feed?x=" .. n
  elseif r <= 90 then path = "/api/v1/articles?page=" .. (n % 3 + 1) .. "&x=" .. n
  elseif r <= 95 then path = "/a/" .. (1000000 + n) .. "?n=" .. n
  else path = "/nothing/" .. n .. "?n=" .. n end
  return wrk.format(nil, path, { ["Accept-Encoding"] = "gzip, br" })
end
LUA
} >"$dir/mix.lua"

# One sample of /metrics as "lookups bytes entries evicted" (0s when it does not answer).
sample() {
    curl -s -m 10 "$base/metrics" | awk '
        /^sahifa_cache_lookups_total/ { l += $2 } $1 == "sahifa_cache_bytes" { b = $2 }
        $1 == "sahifa_cache_entries" { e = $2 } $1 == "sahifa_cache_evicted_total" { v = $2 }
        END { printf "%d %d %d %d\n", l, b, e, v }'
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }

echo "soak: $minutes minutes, cache_budget_mb $budget; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "start: resident $(rss_kb) KB"
wrk -t2 -c60 -d"${minutes}m" -s "$dir/mix.lua" "$base" >"$dir/wrk" 2>&1 &
wrk_pid=$!
secs=$((minutes * 60))
start=$(date +%s)
t=0 max_rss=0 max_bytes=0 half_rss=0
printf '%6s %12s %10s %14s %9s %10s\n' "s" "resident KB" "lookups" "cache bytes" "entries" "evicted"
while [ $t -lt $secs ]; do
    sleep 10
    t=$(($(date +%s) - start))
    r=$(rss_kb)
    set -- $(sample)
    l=$1 b=$2 e=$3 v=$4
    printf '%6d %12d %10d %14d %9d %10d\n' "$t" "$r" "$l" "$b" "$e" "$v"
    [ "$r" -gt "$max_rss" ] && max_rss=$r
    [ "$b" -gt "$max_bytes" ] && max_bytes=$b
    [ $t -le $((secs / 2)) ] && half_rss=$r
done
wait "$wrk_pid" || true
wrk_pid=""
grep -E 'requests in|Requests/sec|Non-2xx' "$dir/wrk"
echo "distinct query strings: every request's (the counter n in each), $(awk '/requests in/ { print $1 }' "$dir/wrk")"
lookups=$(curl -s "$base/metrics" | awk '/^sahifa_cache_lookups_total/ { split($1, k, "\""); printf "%s %s  ", k[2], $2 }')
echo "cache lookups: $lookups"
echo "highest cache bytes: $max_bytes of a budget of $((budget * 1048576))"
echo "highest resident memory: $max_rss KB; at half time $half_rss KB, at the end $(rss_kb) KB"

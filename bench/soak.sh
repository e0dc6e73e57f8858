#!/bin/bash
# bench/soak.sh [SECONDS]: mixed traffic against sahifa on the demo site for SECONDS (default
# 600): kept-alive readers over every kind of page, the API, searches and feeds, commenters, and
# hostile requests mixed in (bench/clients.mjs soak). Checks that no answer is a 5xx, that the
# hostile requests get the answers docs/SECURITY.md promises, and that memory stays flat: the
# server's resident memory (VmRSS from /proc) is sampled every 5 seconds and its first, last
# and highest values printed, with the growth over the second half of the run. Not part of
# `make test`. Load only on 127.0.0.0/8; every process started here is stopped by its PID.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-600}
scripts/deps.sh --bench
make -s sahifa
. bench/lib.sh
bench_serve "${SAHIFA:-./sahifa}" --access-log "$dir/access.log"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
(
    while kill -0 "$server" 2>/dev/null; do
        echo "$(date +%s) $(rss)"
        sleep 5
    done
) >"$dir/rss" &
bench_started $!

echo "== ${secs}s of mixed traffic on $base"
result=$(node bench/clients.mjs soak "$base" --db "$dir/site.db" --secs "$secs" --clients 8)
echo "$result"
lines=$(wc -l <"$dir/access.log")
fivexx=$(awk '$9 ~ /^5/' "$dir/access.log" | wc -l)
echo "access log: $lines lines, $fivexx with a 5xx status"
awk -v secs="$secs" 'NR == 1 { t0 = $1; first = $2 }
    { last = $2; if ($2 > max) max = $2; if ($1 - t0 <= secs / 2) mid = $2 }
    END { printf "server VmRSS (kB): first %d, at half time %d, last %d, max %d; second half %+.1f%%\n",
              first, mid, last, max, (last - mid) * 100 / mid }' "$dir/rss"
grep -c 'past the deadline' "$dir/err" | sed 's/^/deadline lines in the server log: /'
node -e '
  const r = JSON.parse(process.argv[1]);
  const ok = r.server_errors === 0 && r.unexpected.length === 0 && Number(process.argv[2]) === 0;
  console.log(`no 5xx, hostile requests answered as promised: ${ok ? "yes" : "NO"}`);
  process.exit(ok ? 0 : 1);
' "$result" "$fivexx"

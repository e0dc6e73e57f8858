#!/bin/sh
# bench/import.sh: the whole of ../shared/data/news imported into an empty database, search index
# included, with articles/s and the database's size; beside it, in the same run, the stock way to
# load and index the same lines (Python's sqlite3 module, one transaction, an FTS5 table with
# SQLite's unicode61 tokenizer: no Arabic normalization, no stems, no categories, topics or
# near-duplicate check), and the ratio of the two rates.
set -eu
cd "$(dirname "$0")/.."
data=../shared/data/news
if ! ls "$data"/*.jsonl* >/dev/null 2>&1; then
    echo "bench/import: skipped: no JSON Lines under $data"
    exit 0
fi
scripts/deps.sh --bench
make -s sahifa

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }
size_mb() { echo "scale=1; $(stat -c %s "$1") / 1048576" | bc 2>/dev/null || stat -c %s "$1"; }

./sahifa init --db "$dir/sahifa.db" >/dev/null 2>&1
t0=$(now)
./sahifa import --db "$dir/sahifa.db" "$data" 2>"$dir/log"
t1=$(now)
sqlite3 "$dir/sahifa.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
n=$(sqlite3 "$dir/sahifa.db" "SELECT count(*) FROM articles")
indexed=$(sqlite3 "$dir/sahifa.db" "SELECT count(*) FROM search_docs")
tail -1 "$dir/log"

python3 - "$dir/reference.db" "$data" >"$dir/ref" <<'PY'
import glob, gzip, json, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE articles(id INTEGER PRIMARY KEY, key TEXT UNIQUE, title TEXT, body TEXT);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id');
""")
def rows():
    for path in sorted(glob.glob(sys.argv[2] + "/*.jsonl*")):
        with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as f:
            for line in f:
                try:
                    a = json.loads(line)
                except ValueError:
                    continue
                if isinstance(a, dict) and a.get("title"):
                    yield a.get("id"), a["title"], a.get("body", "")
start = time.time()
with db:
    db.executemany("INSERT OR IGNORE INTO articles(key, title, body) VALUES (?, ?, ?)", rows())
    db.execute("INSERT INTO articles_fts(rowid, title, body) SELECT id, title, body FROM articles")
n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
print(n, time.time() - start)
PY
t2=$(now)

awk -v n="$n" -v idx="$indexed" -v s="$t0" -v e="$t1" -v ref="$(cat "$dir/ref")" \
    -v size="$(size_mb "$dir/sahifa.db")" -v rsize="$(size_mb "$dir/reference.db")" 'BEGIN {
    split(ref, r, " ")
    rate = n / (e - s); rrate = r[1] / r[2]
    printf "sahifa import:            %d articles (%d in the search index) in %.1f s: %.0f articles/s, database %s MB\n", n, idx, e - s, rate, size
    printf "reference (Python+FTS5):  %d articles in %.1f s: %.0f articles/s, database %s MB\n", r[1], r[2], rrate, rsize
    printf "ratio (sahifa / reference): %.2f\n", rate / rrate
}'

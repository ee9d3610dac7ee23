#!/usr/bin/env bash
# Times `contactd import` of an N-row CSV into a fresh database, then `contactd export` of the result.
#
#   bench/import_export.sh            # 1,000,000 rows
#   bench/import_export.sh 100000     # any row count
#
# The CSV comes from bench/gen_contacts_csv.py (unique identifier/email/phone, labels, two custom
# attribute columns) and is kept in bench/data/. The database is created fresh each run with one
# account (bench/import_account.json). Wall time and max RSS come from /usr/bin/time.
set -euo pipefail
export RUST_LOG=${RUST_LOG:-warn}
cd "$(dirname "$0")/.."
N=${1:-1000000}
BIN=${BIN:-target/release/contactd}
mkdir -p bench/data
CSV=bench/data/contacts-$N.csv
DB=bench/data/import-$N.sqlite3
OUT=bench/data/export-$N.csv
[ -f "$CSV" ] || python3 bench/gen_contacts_csv.py "$N" "$CSV"
[ -x "$BIN" ] || cargo build --release --locked --quiet
rm -f "$DB" "$DB-wal" "$DB-shm" "$OUT"
"$BIN" seed --db "$DB" bench/import_account.json >/dev/null
echo "import of $N rows ($(du -h "$CSV" | cut -f1)):"
/usr/bin/time -f 'import: %e s %M KB' "$BIN" import --db "$DB" --account 1 "$CSV"
/usr/bin/time -f 'export: %e s %M KB' "$BIN" export --db "$DB" --account 1 \
  --columns id,name,email,phone_number,identifier,custom_attributes,additional_attributes -o "$OUT"
echo "exported $(($(wc -l < "$OUT") - 1)) rows, $(du -h "$OUT" | cut -f1)"
ls -l "$DB"

#!/usr/bin/env bash
# The database engine's own floor for an orders load: the time SQLite or PostgreSQL alone needs to store the same
# orders and order lines, with no Valora code and no client at all, in the shape a large Valora load has (non-unique
# indexes and foreign keys deferred, then rebuilt and checked). Valora's load time divided by this floor is the
# overhead our reading, validating, encoding and binding add; a throughput target above 1 / floor is out of reach.
#   bench/engine-floor.sh sqlite <loaded.db>         a SQLite file a Valora load filled (needs python3's sqlite3)
#   bench/engine-floor.sh postgres <database>        a database a Valora load filled, on the server of $PGHOST, $PGPORT,
#                                                    $PGUSER (superuser; the server reads files in a temp dir: COPY FROM)
# Fill the source first, e.g. `valora --db /tmp/src.db demo generate --customers 1000000 --seed 42`.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?sqlite or postgres}; source=${2:?the loaded database}
valora=(dotnet src/Valora.Cli/bin/Release/net10.0/valora.dll)
dotnet build -c Release src/Valora.Cli -v q -nologo >/dev/null
work=$(mktemp -d); chmod 755 "$work"; trap 'rm -rf "$work"' EXIT
deferred_indexes=(IX_OrderLines_ProductId IX_Orders_CustomerId_OrderedAt IX_Orders_OrderedAt)

if [ "$kind" = sqlite ]; then
  "${valora[@]}" --db "$work/floor.db" db migrate >/dev/null
  python3 - "$work/floor.db" "$source" "${deferred_indexes[@]}" <<'PY'
import sqlite3, sys, time
target, source, indexes = sys.argv[1], sys.argv[2], sys.argv[3:]
c = sqlite3.connect(target, isolation_level=None)
for pragma in ["journal_mode=WAL", "synchronous=NORMAL", "wal_autocheckpoint=16384", "foreign_keys=OFF"]:
    c.execute("PRAGMA " + pragma)
c.execute("ATTACH ? AS src", (source,))
c.execute("INSERT INTO Customers SELECT * FROM src.Customers")
c.execute("INSERT INTO Products SELECT * FROM src.Products")
rebuild = {r[0]: r[1] for r in c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
for name in indexes:
    c.execute(f'DROP INDEX "{name}"')
lines = c.execute("SELECT COUNT(*) FROM src.OrderLines").fetchone()[0]
# One transaction for the rows and one for the rebuild; commits are timed too (they write the last pages).
steps = [("begin", "BEGIN"),
         ("orders", "INSERT INTO Orders SELECT * FROM src.Orders WHERE Id > 0"),  # WHERE: no page-copy shortcut
         ("lines", "INSERT INTO OrderLines SELECT * FROM src.OrderLines WHERE Id > 0"),
         ("commit", "COMMIT"), ("begin", "BEGIN")]
steps += [(name, rebuild[name]) for name in indexes]
steps += [("foreign keys of Orders", 'PRAGMA foreign_key_check("Orders")'),
          ("foreign keys of OrderLines", 'PRAGMA foreign_key_check("OrderLines")'),
          ("commit", "COMMIT")]
total = 0.0
for label, sql in steps:
    start = time.perf_counter(); c.execute(sql).fetchall(); took = time.perf_counter() - start; total += took
    if label != "begin":
        print(f"{label:32s} {took:7.2f} s")
print(f"{'SQLite ' + sqlite3.sqlite_version + ' floor':32s} {total:7.2f} s   {lines / total:,.0f} order lines/s ({lines:,} lines)")
PY
  exit 0
fi

psql=(psql -X -q -v ON_ERROR_STOP=1)
floor=valora_floor_$$
"${psql[@]}" -d "$source" -c "\copy \"Customers\" TO '$work/customers' WITH (FORMAT binary)" \
  -c "\copy \"Products\" TO '$work/products' WITH (FORMAT binary)" \
  -c "\copy \"Orders\" TO '$work/orders' WITH (FORMAT binary)" \
  -c "\copy \"OrderLines\" TO '$work/lines' WITH (FORMAT binary)"
chmod 644 "$work"/*
lines=$("${psql[@]}" -At -d "$source" -c 'SELECT COUNT(*) FROM "OrderLines"')
"${psql[@]}" -d postgres -c "CREATE DATABASE $floor TEMPLATE template0"
trap '"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $floor" >/dev/null; rm -rf "$work"' EXIT
pg_dump -s -d "$source" | "${psql[@]}" -d "$floor" >/dev/null
{
  echo 'BEGIN;'
  echo "COPY \"Customers\" FROM '$work/customers' WITH (FORMAT binary); COPY \"Products\" FROM '$work/products' WITH (FORMAT binary);"
  for name in "${deferred_indexes[@]}"; do echo "DROP INDEX \"$name\";"; done
  "${psql[@]}" -At -d "$source" -c "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I;', conrelid::regclass, conname) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('\"Orders\"'::regclass, '\"OrderLines\"'::regclass)"
  echo '\timing on'
  echo "COPY \"Orders\" FROM '$work/orders' WITH (FORMAT binary);"
  echo "COPY \"OrderLines\" FROM '$work/lines' WITH (FORMAT binary);"
  "${psql[@]}" -At -d "$source" -c "SELECT pg_get_indexdef(to_regclass(format('%I', n))) || ';' FROM unnest(ARRAY['${deferred_indexes[0]}','${deferred_indexes[1]}','${deferred_indexes[2]}']) n"
  "${psql[@]}" -At -d "$source" -c "SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s;', conrelid::regclass, conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('\"Orders\"'::regclass, '\"OrderLines\"'::regclass)"
  echo 'COMMIT;'
} > "$work/floor.sql"
# Each timed statement, labelled by its first words.
sed -n '/^\\timing on/,$p' "$work/floor.sql" | tail -n +2 | cut -c1-60 > "$work/labels"
"${psql[@]}" -d "$floor" -f "$work/floor.sql" | awk -v lines="$lines" -v labels="$work/labels" '
  /^Time:/ { getline label < labels; s += $2; printf "%-62s %7.2f s\n", label, $2 / 1000 }
  END { printf "PostgreSQL floor %53.2f s   %d order lines/s (%d lines)\n", s / 1000, lines / (s / 1000), lines }'

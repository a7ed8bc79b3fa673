# Throwaway PostgreSQL cluster in a temp dir owned by postgres, listening only on 127.0.0.1.
# Used by .ci/run; also handy locally:  source .ci/postgres.sh && pg_start && echo "$PG_CONNECTION"
# (initdb refuses to run as root, hence runuser.)
pg_start() {
  PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
  PG_PORT=${PG_PORT:-55432}
  PG_DIR=$(mktemp -d /tmp/valora-pg.XXXXXX)
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_DIR" postgres
  chown postgres "$PG_DIR"
  runuser -u postgres -- "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres valora_test
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=valora_test"
  export PG_PORT PG_DIR PG_CONNECTION PGBIN
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

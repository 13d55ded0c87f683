# Sourced by .ci/run: a throwaway PostgreSQL cluster for the store tests (tests/stores.py).
#
# Installs Debian's postgresql when its binaries are missing, runs initdb in a temporary directory
# as a non-root user (the server refuses to run as root), listens on 127.0.0.1 on a free port, and
# exports CAMPAIGNFLOW_TEST_POSTGRES for the tests. The cluster is stopped and removed on exit.
# A CAMPAIGNFLOW_TEST_POSTGRES already set (an existing server) is used as it is.

ci_postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ci_postgres_start() {
  if [ -n "${CAMPAIGNFLOW_TEST_POSTGRES:-}" ]; then
    echo "ci: PostgreSQL tests use the server in CAMPAIGNFLOW_TEST_POSTGRES"
    return 0
  fi
  local bin
  bin="$(ci_postgres_bin)"
  if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql >/dev/null) || echo "ci: postgresql could not be installed"
    bin="$(ci_postgres_bin)"
  fi
  if [ -z "$bin" ]; then
    echo "ci: no PostgreSQL server binaries; the PostgreSQL tests will fail under CI=true"
    return 0
  fi
  CI_PG_DIR="$(mktemp -d /tmp/campaignflow-ci-pg.XXXXXX)"
  CI_PG_AS=()
  if [ "$(id -u)" = 0 ]; then  # initdb and postgres refuse root: run them as the postgres user
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$CI_PG_DIR"
    CI_PG_AS=(runuser -u postgres --)
  fi
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${CI_PG_AS[@]}" "$bin/initdb" -D "$CI_PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
  trap ci_postgres_stop EXIT
  "${CI_PG_AS[@]}" "$bin/pg_ctl" -D "$CI_PG_DIR/data" -l "$CI_PG_DIR/server.log" -w -s \
    -o "-p $port -k $CI_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start
  CI_PG_BIN="$bin"
  export CAMPAIGNFLOW_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "ci: $("$bin/postgres" --version) on 127.0.0.1:$port"
}

ci_postgres_stop() {
  if [ -n "${CI_PG_DIR:-}" ]; then
    "${CI_PG_AS[@]}" "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DIR/data" -m fast -s stop >/dev/null 2>&1 || true
    rm -rf "$CI_PG_DIR"
  fi
}

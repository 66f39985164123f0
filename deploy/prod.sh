#!/usr/bin/env bash
# make prod: the production topology on this machine (README "Production"), from a fresh clone.
# PostgreSQL and Redis checked (started when down), the database created, migrated, static
# files collected, demo data loaded into an empty database, nginx's configuration written,
# then honcho runs deploy/Procfile in the foreground (Ctrl-C stops every process).
#
# PROD_PORT (8080), PROD_DATABASE_URL, PROD_REDIS_URL and the process counts below may be
# set in the environment; the rest is kept in var/prod/env, written on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PROD_PORT=${PROD_PORT:-8080}
PROD_DATABASE_URL=${PROD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/multitude}
PROD_REDIS_URL=${PROD_REDIS_URL:-redis://127.0.0.1:6379/0}
RUN_DIR=$ROOT/var/prod
ENV_FILE=$RUN_DIR/env
export PATH="$ROOT/.venv/bin:$PATH"

# host, port and database name of the URL (postgres://user@host:port/name)
read -r PG_USER PG_HOST PG_PORT PG_DB < <(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p.username or "postgres", p.hostname or "127.0.0.1", p.port or 5432, p.path.lstrip("/"))' "$PROD_DATABASE_URL")
read -r REDIS_HOST REDIS_PORT < <(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p.hostname or "127.0.0.1", p.port or 6379)' "$PROD_REDIS_URL")

wait_for() {  # wait_for DESCRIPTION COMMAND...: retry for up to 30 s
    local what=$1; shift
    for _ in $(seq 60); do
        if "$@" >/dev/null 2>&1; then echo "$what is up"; return 0; fi
        sleep 0.5
    done
    echo "$what did not come up within 30 s" >&2
    return 1
}

if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    echo "PostgreSQL is down: starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -n 1)" main start
fi
wait_for PostgreSQL pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
if ! psql -X -qAt -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
        -c "select 1 from pg_database where datname = '$PG_DB'" | grep -q 1; then
    echo "Creating the database $PG_DB"
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
fi
if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "Redis is down: starting it"
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no
fi
wait_for Redis redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping
command -v nginx >/dev/null || apt-get install -y -q nginx >/dev/null || { echo "nginx is needed: apt-get install nginx" >&2; exit 1; }

mkdir -p "$RUN_DIR" "$ROOT/media"
if [ ! -f "$ENV_FILE" ]; then
    # Kept between runs: sessions signed with the key stay valid after a restart.
    echo "Writing $ENV_FILE (a new SECRET_KEY)"
    umask 077
    cat >"$ENV_FILE" <<EOF
DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')
EOF
    umask 022
fi
# What follows is written on every run, from the environment of this one.
grep -E '^(DJANGO_SETTINGS_MODULE|SECRET_KEY)=' "$ENV_FILE" >"$ENV_FILE.new"
cat >>"$ENV_FILE.new" <<EOF
DATABASE_URL=$PROD_DATABASE_URL
REDIS_URL=$PROD_REDIS_URL
ALLOWED_HOSTS=localhost,127.0.0.1
SITE_URL=http://localhost:$PROD_PORT
MEDIA_ROOT=$ROOT/media
MEDIA_ACCEL_REDIRECT_PREFIX=/protected-media
API_NUM_PROXIES=1
SECURE_SSL_REDIRECT=0
SECURE_HSTS_SECONDS=0
RUN_DIR=$RUN_DIR
NODE_NAME=node1
WEB_PORT=${PROD_WEB_PORT:-8001}
WS_PORT=${PROD_WS_PORT:-8002}
WEB_WORKERS=${WEB_WORKERS:-2}
WEB_THREADS=${WEB_THREADS:-4}
WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-2}
PATH=$PATH
EOF
mv "$ENV_FILE.new" "$ENV_FILE"
chmod 600 "$ENV_FILE"
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a

python manage.py migrate --noinput -v 1
python manage.py collectstatic --noinput -v 0
# The production checks, with this run's plain-HTTP settings: only the HTTPS redirect and
# HSTS (security.W008, W004) may be reported, both restored by TLS in front (README).
python manage.py check --deploy --fail-level ERROR
if [ "$(python -c 'import django; django.setup(); from accounts.models import User; print(User.objects.exists())')" = "False" ]; then
    echo "The database is empty: loading the demo company"
    python manage.py seed_demo
fi
python deploy/topology.py nginx-conf --run-dir "$RUN_DIR" --listen "127.0.0.1:$PROD_PORT" \
    --node "$WEB_PORT:$WS_PORT" --media-root "$MEDIA_ROOT"

cat <<EOF

Multitude (production settings) is starting behind nginx: http://localhost:$PROD_PORT/
  gunicorn :$WEB_PORT, daphne :$WS_PORT (/ws/), a Celery worker and beat; logs below, Ctrl-C stops them.
  Demo logins (if the demo company was loaded): python manage.py seed_demo prints them; password demo-multitude.

EOF
exec honcho -f deploy/Procfile -e "$ENV_FILE" -d "$ROOT" start

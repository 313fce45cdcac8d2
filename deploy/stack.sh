#!/usr/bin/env bash
# Start or stop the whole site on one machine, for testing: PostgreSQL, Redis, two gunicorn
# app servers, an ASGI server (uvicorn) beside each for the live lessons' event streams, and
# nginx in front of them, each on a local port.
#
#   deploy/stack.sh start     # build the database and static files, then start everything
#   deploy/stack.sh stop      # stop what start started
#   deploy/stack.sh status
#
# Environment (defaults in brackets):
#   STACK_PORT [8100]    nginx listens here; the app servers on the next ports, Redis after them,
#                        the event servers from STACK_PORT + 21
#   STACK_APPS [2]       how many gunicorn app servers
#   STACK_WORKERS [2]    sync workers per app server
#   STACK_MAX_CONNS [8 × STACK_WORKERS]  requests nginx lets each app server hold at once
#                        (those running and those waiting); more are told "busy" at once
#   STACK_LIVE_MAX_CONNS [250 × STACK_WORKERS]  the same for the live lessons' requests, which
#                        come in a room-sized rush and may wait a second or two instead
#   DATABASE_URL         PostgreSQL database [postgres://dev:dev@127.0.0.1:5432/baltic]
#   DJANGO_SETTINGS_MODULE [baltic_quiz.settings]
#   STACK_RUN [deploy/run]  pid files, logs and the generated nginx.conf
#   STACK_FRESH          set to 1 to skip loading the fixtures (a database that has them)
#   STACK_ACCESSLOG      set to 1 for each app server's access log in STACK_RUN
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${STACK_PORT:-8100}
APPS=${STACK_APPS:-2}
WORKERS=${STACK_WORKERS:-2}
MAX_CONNS=${STACK_MAX_CONNS:-$((WORKERS * 8))}
LIVE_MAX_CONNS=${STACK_LIVE_MAX_CONNS:-$((WORKERS * 250))}
RUN=${STACK_RUN:-$ROOT/deploy/run}
REDIS_PORT=$((PORT + APPS + 1))
EVENTS_PORT=$((PORT + 20))
PY="$ROOT/.venv/bin/python"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

export DATABASE_URL=${DATABASE_URL:-postgres://dev:dev@127.0.0.1:5432/baltic}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-baltic_quiz.settings}
export DEBUG=false
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
mkdir -p "$RUN"
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s "$RUN/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$RUN/secret_key"
  SECRET_KEY=$(cat "$RUN/secret_key")
fi
export SECRET_KEY

alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2
  return 1
}

start() {
  if [[ "$DATABASE_URL" == postgres* ]]; then
    pg_isready -h 127.0.0.1 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 2; }
  fi
  # First: saving the facts (the fixtures too) tells the shared cache.
  echo "== redis on $REDIS_PORT"
  if ! alive "$RUN/redis.pid"; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
      --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN"
    wait_port "$REDIS_PORT"
  fi

  echo "== database and static files"
  "$PY" manage.py migrate --no-input -v 0
  if [ "${STACK_FRESH:-}" != 1 ]; then
    "$PY" manage.py loaddata fixtures/articles.yaml fixtures/history.yaml -v 0
    "$PY" manage.py generate_questions >/dev/null
    "$PY" manage.py loaddata fixtures/quizzes.yaml -v 0
  fi
  "$PY" manage.py collectstatic --no-input -v 0

  upstreams=""
  live_upstreams=""
  event_upstreams=""
  for i in $(seq "$APPS"); do
    port=$((EVENTS_PORT + i))
    event_upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
    if alive "$RUN/events-$i.pid"; then continue; fi
    echo "== event server $i on $port (uvicorn, ASGI)"
    # Each stream waits on Redis in a coroutine, so one process holds a whole school's phones.
    nohup "$ROOT/.venv/bin/uvicorn" baltic_quiz.asgi:application --host 127.0.0.1 --port "$port" \
      --app-dir "$ROOT" --no-access-log --log-level warning --timeout-graceful-shutdown 5 \
      >"$RUN/events-$i.log" 2>&1 &
    echo $! >"$RUN/events-$i.pid"
  done
  for i in $(seq "$APPS"); do
    port=$((PORT + i))
    upstreams+="        server 127.0.0.1:$port max_fails=0 max_conns=$MAX_CONNS;"$'\n'
    live_upstreams+="        server 127.0.0.1:$port max_fails=0 max_conns=$LIVE_MAX_CONNS;"$'\n'
    if alive "$RUN/gunicorn-$i.pid"; then continue; fi
    echo "== app server $i on $port ($WORKERS workers)"
    accesslog=""
    [ "${STACK_ACCESSLOG:-}" = 1 ] && accesslog="$RUN/gunicorn-$i-access.log"
    GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS="$WORKERS" GUNICORN_ACCESSLOG="$accesslog" \
      GUNICORN_PIDFILE="$RUN/gunicorn-$i.pid" GUNICORN_ERRORLOG="$RUN/gunicorn-$i.log" \
      "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py --chdir "$ROOT" --daemon
  done
  for i in $(seq "$APPS"); do wait_port $((PORT + i)); wait_port $((EVENTS_PORT + i)); done

  echo "== nginx on $PORT"
  mkdir -p "$RUN"/{client_body,proxy,fastcgi,uwsgi,scgi}
  chmod 0777 "$RUN"/{client_body,proxy,fastcgi,uwsgi,scgi}
  static_root=$("$PY" -c 'from django.conf import settings; import django; django.setup(); print(settings.STATIC_ROOT)')
  sed -e "s#@RUN@#$RUN#g" -e "s#@PORT@#$PORT#g" -e "s#@STATIC_ROOT@#$static_root#g" \
    -e "s#@DEPLOY@#$ROOT/deploy#g" \
    deploy/nginx.conf.template | awk -v ups="$upstreams" -v live="$live_upstreams" -v events="$event_upstreams" \
      '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else if ($0 == "@LIVE_UPSTREAMS@") printf "%s", live; else if ($0 == "@EVENT_UPSTREAMS@") printf "%s", events; else print }' \
    >"$RUN/nginx.conf"
  if alive "$RUN/nginx.pid"; then
    "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -s reload
  else
    "$NGINX" -p "$RUN" -c "$RUN/nginx.conf"
  fi
  wait_port "$PORT"
  echo "The site: http://127.0.0.1:$PORT/  (REDIS_URL=$REDIS_URL, DATABASE_URL=$DATABASE_URL)"
}

stop_pid() {
  local file=$1 name=$2
  if alive "$file"; then
    local pid
    pid=$(cat "$file" 2>/dev/null) || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

stop() {
  if alive "$RUN/nginx.pid"; then "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -s quit || true; fi
  stop_pid "$RUN/nginx.pid" nginx
  for file in "$RUN"/gunicorn-*.pid "$RUN"/events-*.pid; do
    [ -e "$file" ] && stop_pid "$file" "$(basename "$file" .pid)"
  done
  stop_pid "$RUN/redis.pid" redis
}

status() {
  for file in "$RUN"/*.pid; do
    [ -e "$file" ] || continue
    if alive "$file"; then echo "$(basename "$file" .pid): running (pid $(cat "$file"))"
    else echo "$(basename "$file" .pid): not running"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac

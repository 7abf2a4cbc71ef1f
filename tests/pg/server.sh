#!/bin/sh
# server.sh -- a throw-away PostgreSQL server for the tests and the benchmark:
# initdb into a new folder, a server on a Unix socket in that folder only (no
# TCP port, nothing shared with a server the machine already runs), fsync off
# (its data is thrown away), and a database "reviewgen" whose default collation
# is a language's (ICU en-US when the server has ICU), so a query that forgot
# the store's COLLATE "C" sorts differently and a test notices.
#
# usage: sh tests/pg/server.sh start DIR [durable]   prints the connection string
#        sh tests/pg/server.sh stop DIR               stops the server, removes DIR
# "durable" keeps fsync and synchronous commits on, as a real server has them
# (the benchmark); the tests run without.
#
# The server refuses to run as root: as root (CI), it runs as the `postgres`
# system user that Debian's postgresql package creates, through runuser.
# Exit status 3 (with a message on stderr saying how to install one) when no
# PostgreSQL server is installed, 1 when one is but could not be started.
set -eu
action=${1:-}
dir=${2:-}
durable=${3:-}
if [ -z "$action" ] || [ -z "$dir" ]; then
    echo "usage: sh tests/pg/server.sh start|stop DIR" >&2
    exit 2
fi

# The server's programs: on PATH, else where Debian puts them (the newest).
find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

# Runs a command as the server's user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c '"$0" "$@"' -- "$@"
        fi
    else
        "$@"
    fi
}

case $action in
start)
    if ! bin=$(find_bin); then
        echo "no PostgreSQL server found (initdb, pg_ctl): install it with 'make deps' or" \
            "'apt-get install postgresql'" >&2
        exit 3
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "running as root and there is no 'postgres' user to run the server as" \
            "(Debian's postgresql package creates it)" >&2
        exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$dir"
    fi
    chmod 700 "$dir"
    locale=C.UTF-8
    if ! locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
        locale=C
    fi
    if ! as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale="$locale" \
        --no-sync > "$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "$durable" = durable ]; then
        fast=""
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' $fast -c max_connections=60" \
        start > "$dir/pg_ctl.log" 2>&1; then
        cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
        exit 1
    fi
    psql="$bin/psql"
    [ -x "$psql" ] || psql=psql
    admin="host=$dir user=postgres dbname=postgres"
    if ! "$psql" -qAtX "$admin" -c "CREATE DATABASE reviewgen TEMPLATE template0 ENCODING 'UTF8'
            LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE '$locale'" >/dev/null 2>&1; then
        "$psql" -qAtX "$admin" -c "CREATE DATABASE reviewgen TEMPLATE template0 ENCODING 'UTF8'" \
            >/dev/null
    fi
    echo "host=$dir user=postgres dbname=reviewgen"
    ;;
stop)
    if bin=$(find_bin) && [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: sh tests/pg/server.sh start|stop DIR" >&2
    exit 2
    ;;
esac

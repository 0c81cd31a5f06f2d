#!/bin/sh
# Behaves like the official redis image's entrypoint: flags alone run
# redis-server, protected mode is off unless asked for (the official image
# patches that default, so a topology written for it reaches redis from other
# containers without a password), and the server drops root for user redis.
set -e

case "$1" in
  -*|*.conf) set -- redis-server "$@" ;;
esac

if [ "$1" = redis-server ]; then
  case " $* " in
    *" --protected-mode "*) ;;
    *) set -- "$@" --protected-mode no ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis:redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi

exec "$@"

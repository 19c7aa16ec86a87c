#!/usr/bin/env bash
# A new user's first hour with wagtail-news, as a test: builds a fresh
# `wagtail start` site with the README's recipe in a temporary folder
# (build.sh: pip installs this checkout, migrates, seeds) and checks it over
# HTTP (check.py: Last news, the section, API v2 and v3, the sitemaps, the RSS
# feed, the view beacon, `manage.py check`). .ci/run runs it.
#
#   bash tests/newsite/run.sh          # the folder is removed at the end
#   KEEP=1 bash tests/newsite/run.sh   # kept, and its path printed
#
# Needs python3 (with venv and pip) and PyPI; nothing else from the network.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-python3}"
# The site's folder (a venv of some 20,000 files): on tmpfs when there is
# one that allows executables and has room, since removing that many files
# takes a minute on a disk mounted with `discard`; else in $TMPDIR or /tmp.
BASE="${TMPDIR:-/tmp}"
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && command -v findmnt >/dev/null &&
  [ "$(findmnt -no FSTYPE --target /dev/shm | head -n 1)" = tmpfs ] &&
  ! findmnt -no OPTIONS --target /dev/shm | grep -qw noexec &&
  [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 2000000 ]; then
  BASE=/dev/shm
fi
WORK="$(mktemp -d "$BASE/wagtail-news-newsite.XXXXXX")"
finish() {
  status=$?
  if [ "${KEEP:-0}" = "1" ]; then
    echo "kept the site in $WORK (runserver.log, pip.log, migrate.log there)"
  else
    rm -rf "$WORK"
    if [ "$status" != 0 ]; then echo "(KEEP=1 keeps the site's folder for a look)" >&2; fi
  fi
}
trap finish EXIT

START=$SECONDS
PYTHON="$PYTHON" bash "$HERE/build.sh" "$WORK"
echo "--- built in $((SECONDS - START)) s; checking over HTTP"
timeout 600 "$PYTHON" "$HERE/check.py" "$WORK"
echo "--- the fresh site passed in $((SECONDS - START)) s"

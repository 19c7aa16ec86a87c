#!/usr/bin/env bash
# Builds what a new user builds: a fresh `wagtail start` site with wagtail-news
# installed by pip from this checkout, set up as README.md says ("Install into
# an existing Wagtail site", "Headless" and "Your own page models"), migrated
# and seeded with a section and articles of the site's own models.
#
#   bash tests/newsite/build.sh [WORK]   # WORK: an empty or new folder (default: mktemp -d)
#   NEWSITE_PAGE_MODEL=basepage bash tests/newsite/build.sh [WORK]
#       # the same on a site with its own page model (Wagtail 8's WAGTAIL_PAGE_MODEL)
#
# Leaves in WORK: venv/ (python3 -m venv), src/ (the copy of the checkout that
# pip installed) and mysite/ (the site, SQLite). Prints WORK on its last line.
# Needs python3 with venv and pip, and PyPI (or the machine's pip index).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/wagtail-news-newsite.XXXXXX")}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
if [ -e "$WORK/mysite" ] || [ -e "$WORK/venv" ]; then
  echo "build.sh: $WORK already holds a site; give an empty folder" >&2
  exit 1
fi
say() { printf -- '--- %s\n' "$*"; }
# NEWSITE_PAGE_MODEL=basepage: the site has its own page model (Wagtail 8's
# WAGTAIL_PAGE_MODEL), set up before anything else (page_model.py).
PAGE_MODEL="${NEWSITE_PAGE_MODEL:-}"
case "$PAGE_MODEL" in
  "" | basepage) ;;
  *)
    echo "build.sh: NEWSITE_PAGE_MODEL is empty or basepage, not $PAGE_MODEL" >&2
    exit 1
    ;;
esac

# A copy of the checkout's files (tracked and new, not ignored), so that the
# package is built from exactly them: no build/ or egg-info of the working
# tree goes into the wheel, and nothing is written into the working tree.
say "copy of the checkout in $WORK/src"
mkdir -p "$WORK/src"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (
    cd "$ROOT"
    git ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' file; do
        if [ -f "$file" ]; then printf '%s\0' "$file"; fi
      done |
      tar --null -T - -cf -
  ) | tar -xf - -C "$WORK/src"
else
  tar -C "$ROOT" --exclude=.git --exclude='.venv*' --exclude='*.egg-info' --exclude=build \
    --exclude=dist --exclude=__pycache__ -cf - . | tar -xf - -C "$WORK/src"
fi

say "venv ($("$PYTHON" -V 2>&1)) and pip install wagtail-news[localize] from the checkout"
"$PYTHON" -m venv "$WORK/venv"
PY="$WORK/venv/bin/python"
# A real (not editable) install: a file missing from the package data fails below.
if ! timeout 1200 "$PY" -m pip install --disable-pip-version-check "$WORK/src[localize]" \
  >"$WORK/pip.log" 2>&1; then
  cat "$WORK/pip.log" >&2
  echo "build.sh: pip install failed (log above)" >&2
  exit 1
fi
"$PY" -m pip list --disable-pip-version-check 2>/dev/null |
  grep -iE '^(django|wagtail|wagtail-news|wagtail-localize|swapper) ' | tr -s ' ' | sed 's/^/    /'
if [ "$PAGE_MODEL" = basepage ] &&
  ! "$PY" -c 'import sys, wagtail; sys.exit(wagtail.VERSION < (8, 0))'; then
  echo "build.sh: a page model of the site's own needs Wagtail 8 (WAGTAIL_PAGE_MODEL)" >&2
  exit 1
fi

say "wagtail start mysite"
cd "$WORK"
"$WORK/venv/bin/wagtail" start mysite
cd "$WORK/mysite"

if [ "$PAGE_MODEL" = basepage ]; then
  say "the site's own page model, as Wagtail's docs say (page_model.py: basepage.BasePage)"
  "$PY" "$HERE/page_model.py"
fi

say "manage.py startapp news; the README's recipe: news/models.py is tests/recipe/models.py (and video.py appended)"
"$PY" manage.py startapp news
cp "$ROOT/tests/recipe/models.py" news/models.py
if [ "$PAGE_MODEL" = basepage ]; then
  # The README: with a page model of its own, the site builds on it; the
  # recipe's stand-in BasePage gives way to basepage.BasePage.
  "$PY" - news/models.py <<'PYTHON'
import re
import sys
from pathlib import Path

path = Path(sys.argv[1])
text = path.read_text()
text, imports = re.subn(r"^from wagtail.models import Page\n", "from basepage.models import BasePage\n", text, flags=re.M)
text, classes = re.subn(r"^class BasePage\(Page\):\n.*?(?=^class )", "", text, flags=re.M | re.S)
if (imports, classes) != (1, 1):
    sys.exit("build.sh: tests/recipe/models.py no longer has the stand-in BasePage")
path.write_text(text)
PYTHON
fi
printf '\n\n' >>news/models.py
cat "$HERE/video.py" >>news/models.py

say "settings and urls as the README says (settings_news.py, urls_news.py)"
printf '\n\n# --- wagtail-news (tests/newsite/settings_news.py) ---\n' >>mysite/settings/base.py
cat "$HERE/settings_news.py" >>mysite/settings/base.py
printf '\n\n# --- wagtail-news (tests/newsite/urls_news.py) ---\n' >>mysite/urls.py
cat "$HERE/urls_news.py" >>mysite/urls.py

say "{% last_news %} in the home page template"
"$PY" - home/templates/home/home_page.html "$HERE/last_news.html" <<'PYTHON'
import sys
from pathlib import Path

template, snippet = Path(sys.argv[1]), Path(sys.argv[2]).read_text()
text = template.read_text()
marker = "{% block content %}"
if marker not in text:
    sys.exit(f"{template}: no {marker!r} to put Last news after")
template.write_text(text.replace(marker, marker + "\n" + snippet, 1))
PYTHON

say "makemigrations news; migrate"
"$PY" manage.py makemigrations news
timeout 600 "$PY" manage.py migrate --noinput >"$WORK/migrate.log" || {
  cat "$WORK/migrate.log" >&2
  exit 1
}
tail -n 1 "$WORK/migrate.log"

say "seed: a section and articles through Wagtail's APIs (seed.py)"
timeout 300 "$PY" manage.py shell --no-imports <"$HERE/seed.py"

echo "$WORK"

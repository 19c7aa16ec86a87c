"""Gives a fresh ``wagtail start`` site its own page model, as Wagtail 8's
documentation "Defining custom base page models" says, before its first
``migrate``: a ``basepage`` app with ``BasePage(AbstractPage)``,
``WAGTAIL_PAGE_MODEL``, the three migrations Wagtail's steps make (the
initial one without what Wagtail creates later, the bootstrap of locale and
translation key, the finalising one), and the ``home`` and ``search`` apps
moved onto ``BasePage``.

tests/newsite/build.sh runs it with ``NEWSITE_PAGE_MODEL=basepage``, in the
site's folder, with the site's Python:

    python page_model.py
"""

import re
import subprocess
import sys
from pathlib import Path

BASE_PAGE = '''from django.db import models
from wagtail.models import AbstractPage


class BasePage(AbstractPage):
    """The site's page model (WAGTAIL_PAGE_MODEL): every page has a subtitle."""

    subtitle = models.CharField(max_length=255, blank=True)

    content_panels = AbstractPage.content_panels + ["subtitle"]
'''

BOOTSTRAP = """from django.db import migrations
from wagtail.models import (
    BootstrapLocaleField,
    BootstrapTranslatableModel,
    BootstrapTranslationKeyField,
)


class Migration(migrations.Migration):
    dependencies = {dependencies}

    operations = [
        BootstrapLocaleField("basepage.BasePage"),
        BootstrapTranslationKeyField("basepage.BasePage"),
        BootstrapTranslatableModel("basepage.BasePage"),
    ]
"""

# What Wagtail's steps take out of the generated initial migration: fields
# that point at models Wagtail creates later, and the constraint on two of them.
LATER_FIELDS = ("latest_revision", "live_revision", "locale", "translation_key")


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], check=True)  # noqa: S603 (the site's)


def replace(path, old, new, count=1):
    text = path.read_text()
    if text.count(old) < 1:
        sys.exit(f"page_model.py: {path} has no {old!r}")
    path.write_text(text.replace(old, new, count if count else text.count(old)))


def main():
    settings = Path("mysite/settings/base.py")
    manage("startapp", "basepage")
    Path("basepage/models.py").write_text(BASE_PAGE)
    # The page model's app first; apps with page models of Page wait.
    replace(settings, 'INSTALLED_APPS = [\n    "home",', 'INSTALLED_APPS = [\n    "basepage",')
    with settings.open("a") as out:
        out.write('\n\nWAGTAIL_PAGE_MODEL = "basepage.BasePage"\n')

    manage("makemigrations", "basepage")
    initial = Path("basepage/migrations/0001_initial.py")
    lines = initial.read_text().splitlines(keepends=True)
    kept = [
        line
        for line in lines
        if not re.match(r"\s*\('wagtailcore', '", line)
        and not re.match(r"\s*\('({})', ".format("|".join(LATER_FIELDS)), line)
        and "'unique_together'" not in line
    ]
    if len(lines) - len(kept) != len(LATER_FIELDS) + 2:
        sys.exit(f"page_model.py: {initial} is not as Wagtail's steps expect:\n{''.join(lines)}")
    initial.write_text("".join(kept))
    wagtail_dependency = next(line for line in lines if "('wagtailcore', '" in line)
    dependencies = f"[\n        ('basepage', '0001_initial'),\n{wagtail_dependency}    ]"
    Path("basepage/migrations/0002_bootstrap_page_model.py").write_text(
        BOOTSTRAP.format(dependencies=dependencies)
    )
    # Wagtail's steps answer "Ignore for now" for the locale that becomes
    # required: the bootstrap migration has filled it in.
    manage("makemigrations", "basepage", "--noinput", "--name", "finalize_page_model")

    # The home app and the search view, on BasePage.
    first = 'INSTALLED_APPS = [\n    "basepage",'
    replace(settings, first, first + '\n    "home",')
    home = Path("home/models.py")
    replace(home, "from wagtail.models import Page", "from basepage.models import BasePage")
    replace(home, "class HomePage(Page):", "class HomePage(BasePage):")
    home_initial = Path("home/migrations/0001_initial.py")
    replace(home_initial, '"page_ptr"', '"basepage_ptr"')
    replace(home_initial, 'to="wagtailcore.Page"', 'to="basepage.BasePage"')
    replace(home_initial, 'bases=("wagtailcore.page",)', 'bases=("basepage.basepage",)')
    create_home = Path("home/migrations/0002_create_homepage.py")
    replace(create_home, '"wagtailcore.Page"', '"basepage.BasePage"')
    replace(
        create_home,
        'model="page", app_label="wagtailcore"',
        'model="basepage", app_label="basepage"',
    )
    search = Path("search/views.py")
    replace(
        search, "from wagtail.models import Page", "from basepage.models import BasePage as Page"
    )
    print("page model: basepage.BasePage (WAGTAIL_PAGE_MODEL)")


if __name__ == "__main__":
    main()

"""The Russian and Turkmen catalogues that wagtail-news ships.

Every entry is translated (all plural forms), none is fuzzy, the compiled
``.mo`` matches its ``.po``, placeholders and HTML survive translation, the
catalogues list every string of the app's sources, and pages render with them.
"""

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from tests import factories

polib = pytest.importorskip("polib")

APP_DIR = Path(__file__).resolve().parent.parent / "wagtail_news"
LANGUAGES = ["ru", "tk"]

PLURAL_FORMS = {
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "tk": "nplurals=2; plural=(n != 1);",
}


def po_path(language):
    return APP_DIR / "locale" / language / "LC_MESSAGES" / "django.po"


def load_po(language):
    return polib.pofile(str(po_path(language)))


def nplurals(po):
    return int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"]).group(1))


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def described(entry):
    return repr(entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}|{entry.msgid}")


# ``{...}`` (template tags, str.format fields) first, then what is left of the text.
BRACES = re.compile(r"\{[^{}]*\}")
PERCENT = re.compile(r"%(?:\([^)]*\))?[#0+\-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
TAGS = re.compile(r"</?[A-Za-z][^<>]*>")


def placeholders(text):
    rest = BRACES.sub("", text)
    return (
        sorted(BRACES.findall(text)),
        sorted(PERCENT.findall(rest)),
        sorted(TAGS.findall(rest)),
    )


@pytest.fixture(params=LANGUAGES)
def po(request):
    return load_po(request.param)


# -- the catalogues --------------------------------------------------------------


def test_header_names_the_language_and_its_plural_forms(po):
    language = po.metadata["Language"]
    assert language in LANGUAGES
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated(po):
    assert len(po) > 0
    forms = nplurals(po)
    untranslated = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            complete = len(entry.msgstr_plural) == forms and all(
                entry.msgstr_plural.get(i, "").strip() for i in range(forms)
            )
        else:
            complete = bool(entry.msgstr.strip())
        if not (entry.translated() and complete):
            untranslated.append(described(entry))
    assert untranslated == [], f"untranslated in {po.metadata['Language']}"
    assert po.percent_translated() == 100


def test_no_entry_is_fuzzy_or_obsolete(po):
    assert [described(e) for e in po if "fuzzy" in e.flags] == []
    assert [described(e) for e in po.obsolete_entries()] == []


def test_placeholders_and_html_survive_translation(po):
    broken = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            allowed = [placeholders(entry.msgid), placeholders(entry.msgid_plural)]
            for index, text in sorted(entry.msgstr_plural.items()):
                if placeholders(text) not in allowed:
                    broken.append((described(entry), index, text))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            broken.append((described(entry), None, entry.msgstr))
    assert broken == []


def test_placeholder_check_catches_a_lost_placeholder():
    assert placeholders("%(counter)s view") != placeholders("просмотров")
    assert placeholders("…/category/<slug>/") != placeholders("…/category/slug/")
    assert placeholders('{% last_news "economy" %}') != placeholders("{% last_news %}")
    assert placeholders("%s and %d") == placeholders("%d и %s")


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    """The ``.mo`` holds exactly what compiling the ``.po`` gives (mtimes are
    not reliable in a git checkout, contents are)."""
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.is_file(), f"run compilemessages: {mo_path} is missing"

    def contents(catalogue):
        return {
            key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in catalogue if e.msgid
        }

    expected = polib.mofile(load_po(language).to_binary())
    shipped = polib.mofile(str(mo_path))
    assert set(contents(shipped)) == set(contents(expected)), "run compilemessages"
    assert contents(shipped) == contents(expected), "run compilemessages"
    assert shipped.metadata["Plural-Forms"] == PLURAL_FORMS[language]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogues_list_every_string_of_the_sources(tmp_path, monkeypatch):
    """``makemessages`` run on a copy of the app finds no string the
    catalogues lack, and none they keep that the sources no longer use."""
    copy = tmp_path / "wagtail_news"
    shutil.copytree(APP_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ru"], no_obsolete=True, verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    sources = {key(e) for e in extracted if not e.obsolete}
    for language in LANGUAGES:
        shipped = {key(e) for e in load_po(language) if not e.obsolete}
        assert sorted(sources - shipped, key=str) == [], f"run makemessages ({language})"
        assert sorted(shipped - sources, key=str) == [], f"run makemessages ({language})"


# -- in use ----------------------------------------------------------------------


EXPECTED = {
    "ru": {
        "Last news": "Последние новости",
        "Most read": "Самое читаемое",
        "Published": "Опубликовано",
    },
    "tk": {
        "Last news": "Soňky habarlar",
        "Most read": "Iň köp okalanlar",
        "Published": "Çap edildi",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_gettext_uses_the_catalogue(language):
    with translation.override(language):
        for msgid, msgstr in EXPECTED[language].items():
            assert gettext(msgid) == msgstr
    with translation.override("en"):
        assert gettext("Last news") == "Last news"


def test_generic_words_carry_a_context_and_leave_wagtail_alone():
    """The app's catalogue must not change Django's and Wagtail's own
    translations of common words in the admin."""
    with translation.override("ru"):
        assert translation.pgettext("view count", "Views") == "Просмотры"
        assert translation.pgettext("news category", "name") == "название"
        assert gettext("name") == "имя"  # Django's own


def test_russian_plural_forms():
    with translation.override("ru"):
        assert [
            translation.ngettext("%(counter)s view", "%(counter)s views", n) % {"counter": n}
            for n in (1, 3, 5, 11, 21, 22, 25)
        ] == [
            "1 просмотр",
            "3 просмотра",
            "5 просмотров",
            "11 просмотров",
            "21 просмотр",
            "22 просмотра",
            "25 просмотров",
        ]


TREES = {
    "ru": ("Главная", "Экономика", "Газовая сделка"),
    "tk": ("Baş sahypa", "Ykdysadyýet", "Gaz ylalaşygy"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_article_page_shows_translated_labels(client, locales, home, section, language):
    article = factories.make_article(section, "Gas deal")
    home_title, section_title, article_title = TREES[language]
    for page, title in ((home, home_title), (section, section_title)):
        translated_section = page.copy_for_translation(locales[language])
        translated_section.title = title
        translated_section.save_revision().publish()

    # No article in this language yet: the section says so in its language.
    response = client.get(translated_section.url)
    assert response.status_code == 200
    empty = BeautifulSoup(response.content, "html.parser").select_one(".news-list__empty")
    with translation.override(language):
        assert empty.get_text() == gettext("No articles yet.") != "No articles yet."

    translated_article = article.copy_for_translation(locales[language])
    translated_article.title = article_title
    translated_article.save_revision().publish()
    assert translated_article.url.startswith(f"/{language}/")
    response = client.get(translated_article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    meta = " ".join(soup.select_one(".news-meta__date").get_text().split())
    assert meta == f"{EXPECTED[language]['Published']} 16.05.2023"

    # The English article still reads in English.
    english = BeautifulSoup(client.get(article.url).content, "html.parser")
    meta = " ".join(english.select_one(".news-meta__date").get_text().split())
    assert meta == "Published 16.05.2023"

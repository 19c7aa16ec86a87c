"""The newsroom that the fuzz tests of the news APIs run against, and what
they check in every answer: that it names no hidden article."""

import datetime

from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_news.counting.store import add_view

# Titles (and so slugs) that no request has any business seeing.
HIDDEN_TITLES = {
    "draft": "Qzdraftsecret",
    "private": "Qzprivatesecret",
    "closed": "Qzclosedsecret",
    "unpublished_revision": "Qzrevisionsecret",
    "other_site": "Qzelsewheresecret",
}


def build_newsroom(section, home, locales):
    """Visible articles in two sections and three languages, a category, tags
    and views; and every kind of article that must stay hidden."""
    sport = factories.make_section(home, "Sport")
    trade = factories.make_category("Trade")
    day = datetime.timedelta(days=1)
    base = factories.BASE_DATE
    oil = factories.make_article(section, "Oil", date=base, category=trade)
    gas = factories.make_article(section, "Gas", date=base - day, intro="Pipeline news")
    match = factories.make_article(sport, "Matç Aşgabat", date=base - 2 * day)
    gas.tags.add("energy", "gaz")
    gas.save_revision().publish()
    for page in (home, section):
        page.copy_for_translation(locales["tk"]).save_revision().publish()
    tk = oil.copy_for_translation(locales["tk"])
    tk.title = "Nebit"
    tk.save_revision().publish()
    for article in (oil, match, match):
        add_view(article.pk)

    draft = factories.make_article(section, HIDDEN_TITLES["draft"], live=False)
    private = factories.make_article(section, HIDDEN_TITLES["private"], category=trade)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    closed_section = factories.make_section(home, "Closed")
    closed = factories.make_article(closed_section, HIDDEN_TITLES["closed"])
    PageViewRestriction.objects.create(page=closed_section, restriction_type="login")
    _, other_home = factories.make_site("other.test", "Other", "other", default=False)
    elsewhere = factories.make_article(
        factories.make_section(other_home, "Else"), HIDDEN_TITLES["other_site"]
    )
    # A live article whose newer, unpublished revision has a secret title.
    revised = factories.make_article(section, "Revised")
    revised.title = HIDDEN_TITLES["unpublished_revision"]
    revised.save_revision()
    tk_draft = gas.copy_for_translation(locales["tk"])  # a draft translation
    tk_draft.save_revision()
    for article in (draft, private, closed, elsewhere, tk_draft):
        add_view(article.pk)
    return {
        "visible": [oil, gas, match, tk, revised],
        "hidden": [draft, private, closed, elsewhere, tk_draft],
        "sections": [section, sport, closed_section],
    }


def page_ids(data):
    """The page ids in a JSON answer: every ``id`` but those of categories,
    images and tags (their own numbering)."""
    found = set()
    if isinstance(data, dict):
        if isinstance(data.get("id"), int):
            found.add(data["id"])
        for key, value in data.items():
            if key not in ("category", "image", "tags"):
                found |= page_ids(value)
    elif isinstance(data, list):
        for value in data:
            found |= page_ids(value)
    return found


def leaks(body, content, data, request_text, hide_other_site=True):
    """What ``body`` (the parsed JSON answer; ``content`` its text) shows of
    the newsroom's hidden articles: ``(title, how)`` pairs, none if all is
    well. An error may quote the request back (``request_text``); nothing
    else may name a hidden article. ``hide_other_site=False`` allows the
    other site's article (Wagtail's pages endpoint selects sites by ``?site=``)."""
    found = []
    shown = page_ids(body)
    content = content.casefold()
    for page in data["hidden"]:
        if not hide_other_site and page.title == HIDDEN_TITLES["other_site"]:
            continue
        if page.pk in shown:
            found.append((page.title, "id"))
        # The draft translation shares its source's title and slug: its id tells.
        if page.title not in HIDDEN_TITLES.values():
            continue
        if page.title.casefold() in request_text.casefold():
            continue
        if page.title.casefold() in content or page.slug.casefold() in content:
            found.append((page.title, "title"))
    return found

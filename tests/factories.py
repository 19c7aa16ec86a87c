"""Small helpers that build real page trees through Wagtail's own APIs."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from tests.testapp.models import HomePage, PlainPage
from wagtail_news.models import NewsCategory

BASE_DATE = datetime.datetime(2023, 5, 16, 9, 30, tzinfo=datetime.UTC)

#: The page models the feature tests run against (``news_models`` fixture in
#: conftest): the app's concrete models, and the README's recipe composed onto
#: a site's own base page (``tests/recipe``).
MODEL_SETS = {
    "concrete": ("wagtail_news.NewsIndexPage", "wagtail_news.NewsArticlePage"),
    "composed": ("recipe.SectionPage", "recipe.ArticlePage"),
}
_current = {"set": "concrete"}


def use_model_set(name):
    _current["set"] = name


def section_model():
    from django.apps import apps

    return apps.get_model(MODEL_SETS[_current["set"]][0])


def article_model():
    from django.apps import apps

    return apps.get_model(MODEL_SETS[_current["set"]][1])


def locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


def make_site(hostname="localhost", title="Home", slug="home", default=True, port=80):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=title, slug=slug, locale=locale("en")))
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=home, is_default_site=default, site_name=title
    )
    return site, home


def make_section(parent, title="Economy", slug=None, *, model=None, **kwargs):
    """A section of the current model set (``model`` to choose another)."""
    model = model or section_model()
    section = model(title=title, slug=slug or title.lower(), **kwargs)
    parent.add_child(instance=section)
    return section


def make_article(
    section, title="Article", *, date=None, live=True, revision=True, model=None, **kwargs
):
    """Create an article under ``section`` (of the section's first article
    model, or ``model``); published through a revision unless
    ``revision=False`` (faster, for large listings)."""
    if model is None:
        model = section.get_article_model() if hasattr(section, "get_article_model") else None
    article = (model or article_model())(
        title=title,
        date=date or BASE_DATE,
        intro=kwargs.pop("intro", f"Lead of {title}."),
        body=kwargs.pop("body", [("paragraph", f"<p>Body of {title}.</p>")]),
        live=live,
        **kwargs,
    )
    section.add_child(instance=article)
    if not revision:
        return article
    if live:
        article.save_revision().publish()
    else:
        article.save_revision()
    return article


def recipe_article_model():
    """The README recipe's ``ArticlePage``."""
    from django.apps import apps

    return apps.get_model("recipe", "ArticlePage")


def video_article_model():
    """The test app's second article model (named ``NewsArticlePage`` like
    the app's own, on purpose)."""
    from django.apps import apps

    return apps.get_model("wagtail_news_test", "NewsArticlePage")


def make_mixed_section(parent, title="Mixed"):
    """A section of the test app's own ``NewsIndexPage``, which lists the
    recipe's articles and the video articles together."""
    from django.apps import apps

    return make_section(parent, title, model=apps.get_model("wagtail_news_test", "NewsIndexPage"))


def make_mixed_articles(section, titles, models):
    """One article per title, an hour apart (newest first), of ``models``
    in turn."""
    hour = datetime.timedelta(hours=1)
    return [
        make_article(section, title, date=BASE_DATE - n * hour, model=models[n % len(models)])
        for n, title in enumerate(titles)
    ]


def make_articles(section, count, start=None, prefix="Article", **kwargs):
    """``count`` articles, an hour apart, the newest at ``start``."""
    start = start or BASE_DATE
    return [
        make_article(section, f"{prefix} {n}", date=start - datetime.timedelta(hours=n), **kwargs)
        for n in range(count)
    ]


def make_category(name="Trade", slug=None, locale_code="en"):
    return NewsCategory.objects.create(
        name=name, slug=slug or name.lower(), locale=locale(locale_code)
    )


def make_image(title="Lead", width=64, height=48, color=(200, 80, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def make_plain_page(parent, title="Plain", body="<p>Body.</p>"):
    page = PlainPage(title=title, slug=title.lower(), body=body)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def now():
    return timezone.now()


def site_request(host="localhost", path="/"):
    """A GET request whose site Wagtail has already found, as ``serve()`` does
    before any template runs."""
    from django.test import RequestFactory

    request = RequestFactory().get(path, HTTP_HOST=host)
    Site.find_for_request(request)
    return request


def warm_site_caches(request):
    """Fill what Wagtail's own serving has cached before a template runs (the
    request's site, the site root paths), so query counts show only ours."""
    Site.find_for_request(request)
    Site.get_site_root_paths()

"""The site's news models: every concrete page model built on the mixins.

Like Wagtail's ``contrib.forms.utils.get_form_types()``, features never name
the concrete ``NewsArticlePage``: they ask for ``get_article_models()`` (and
``get_section_models()``), so that a site composing the mixins onto its own
base page gets every list, endpoint, sitemap, report and counter::

    from wagtail_news.models import get_article_models

    for model in get_article_models():
        ...

``WAGTAIL_NEWS["ARTICLE_MODELS"]`` / ``["SECTION_MODELS"]`` narrow them to
the listed ``"app_label.ModelName"`` models (by default: all of them).
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import get_page_models

from ..conf import SETTING_NAME, news_settings
from .articles import NewsArticlePageMixin
from .sections import NewsIndexPageMixin


@cache
def _built_on(mixin):
    """Every concrete page model that subclasses ``mixin``, by label."""
    models = [
        model
        for model in get_page_models()
        if issubclass(model, mixin) and not model._meta.abstract and not model._meta.proxy
    ]
    return tuple(sorted(models, key=lambda model: model._meta.label_lower))


def _resolve(mixin, setting):
    if not apps.ready:
        raise ImproperlyConfigured("wagtail-news's page models are known once apps are ready.")
    found = _built_on(mixin)
    labels = getattr(news_settings, setting)
    if labels is None:
        return list(found)
    return [_named_model(label, mixin, setting) for label in labels]


def _named_model(label, mixin, setting):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{SETTING_NAME}['{setting}'] names {label!r}, which is not an installed model."
        ) from exc
    if not issubclass(model, mixin) or model._meta.abstract:
        raise ImproperlyConfigured(
            f"{SETTING_NAME}['{setting}'] names {label!r}, which is not a page model "
            f"built on {mixin.__name__}."
        )
    return model


def get_article_models():
    """The page models that are news articles (built on ``NewsArticlePageMixin``)."""
    return _resolve(NewsArticlePageMixin, "ARTICLE_MODELS")


def get_section_models():
    """The page models that are news sections (built on ``NewsIndexPageMixin``)."""
    return _resolve(NewsIndexPageMixin, "SECTION_MODELS")

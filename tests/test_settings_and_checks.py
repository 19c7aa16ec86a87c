import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail_news import checks
from wagtail_news.conf import DEFAULTS, news_settings


def ids(messages):
    return [m.id for m in messages]


def test_defaults():
    assert news_settings.PAGE_SIZE == DEFAULTS["PAGE_SIZE"] == 10
    assert news_settings.BASE_TEMPLATE == "base.html"
    assert news_settings.DATE_FORMAT == "d.m.Y"
    assert news_settings.SHORT_DATE_FORMAT == "d.m"


def test_override_settings_is_seen_and_undone():
    with override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 25}):
        assert news_settings.PAGE_SIZE == 25
        assert news_settings.DATE_FORMAT == "d.m.Y"
    assert news_settings.PAGE_SIZE == 10


def test_unknown_key_raises_a_clear_error():
    with override_settings(WAGTAIL_NEWS={"PAGESIZE": 5}):
        with pytest.raises(ImproperlyConfigured, match="Unknown WAGTAIL_NEWS key.*PAGESIZE"):
            news_settings.PAGE_SIZE  # noqa: B018


def test_setting_must_be_a_dict():
    with override_settings(WAGTAIL_NEWS=[("PAGE_SIZE", 5)]):
        with pytest.raises(ImproperlyConfigured, match="must be a dict"):
            news_settings.PAGE_SIZE  # noqa: B018


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        news_settings.NOT_A_SETTING  # noqa: B018


def test_checks_pass_on_the_test_settings():
    assert checks.check_required_apps(None) == []
    assert checks.check_settings(None) == []
    assert checks.check_base_template(None) == []


def test_missing_required_app_is_e001(monkeypatch):
    # An app the test settings do not install stands in for a missing one.
    monkeypatch.setattr(
        checks, "REQUIRED_APPS", [*checks.REQUIRED_APPS, "wagtail.contrib.search_promotions"]
    )
    messages = checks.check_required_apps(None)
    assert ids(messages) == ["wagtail_news.E001"]
    assert "wagtail.contrib.search_promotions" in messages[0].msg


@override_settings(WAGTAIL_NEWS={"PAGE_SIZ": 5})
def test_unknown_key_is_e002():
    messages = checks.check_settings(None)
    assert ids(messages) == ["wagtail_news.E002"]
    assert "PAGE_SIZ" in messages[0].msg


@pytest.mark.parametrize("value", ["10", 2.5, True, None])
def test_bad_type_is_e003(value):
    with override_settings(WAGTAIL_NEWS={"PAGE_SIZE": value}):
        messages = checks.check_settings(None)
    assert ids(messages) == ["wagtail_news.E003"]
    assert "PAGE_SIZE" in messages[0].msg and "int" in messages[0].msg


@override_settings(WAGTAIL_NEWS={"PAGE_SIZE": 0})
def test_page_size_below_one_is_e004():
    assert ids(checks.check_settings(None)) == ["wagtail_news.E004"]


@override_settings(WAGTAIL_NEWS={"BASE_TEMPLATE": "no/such/base.html"})
def test_missing_base_template_is_w001():
    messages = checks.check_base_template(None)
    assert ids(messages) == ["wagtail_news.W001"]
    assert "no/such/base.html" in messages[0].msg


def test_checks_run_through_manage_py_check():
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    with override_settings(WAGTAIL_NEWS={"PAGE_SIZE": "ten"}):
        with pytest.raises(SystemCheckError, match="wagtail_news.E003"):
            call_command("check")

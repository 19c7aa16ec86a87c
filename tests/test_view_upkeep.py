import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import factories
from wagtail_news.counting.store import add_views, today
from wagtail_news.models import PageViewDay, PageViewTotal


@pytest.mark.django_db
def test_prune_drops_old_daily_buckets_and_keeps_totals(section):
    article = factories.make_article(section, "Old news")
    for age in (0, 5, 40, 400):
        add_views(article.pk, today() - datetime.timedelta(days=age), 10)
    out = io.StringIO()
    call_command("prune_news_views", "--older-than", "30", "--batch-size", "1", stdout=out)
    assert sorted(
        (today() - d).days for d in PageViewDay.objects.values_list("day", flat=True)
    ) == [0, 5]
    assert PageViewTotal.objects.get(page_id=article.pk).count == 40
    assert "Deleted 2 daily buckets" in out.getvalue()
    assert "1/2" in out.getvalue() and "2/2" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "-3"])
def test_prune_rejects_a_bad_age(value):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_news_views", "--older-than", value)

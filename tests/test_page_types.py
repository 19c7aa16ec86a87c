from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from tests.testapp.models import HomePage, PlainPage
from wagtail_news.models import NewsArticlePage, NewsIndexPage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_sections_take_only_articles(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})

    def test_articles_live_only_in_sections(self):
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})

    def test_articles_have_no_children(self):
        self.assertAllowedSubpageTypes(NewsArticlePage, set())

    def test_section_can_go_under_a_home_page(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)

    def test_article_cannot_go_under_a_home_or_plain_page(self):
        self.assertCanNotCreateAt(HomePage, NewsArticlePage)
        self.assertCanNotCreateAt(PlainPage, NewsArticlePage)
        self.assertCanNotCreateAt(Page, NewsArticlePage)

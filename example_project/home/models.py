from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from wagtail_news.models import NewsArticlePage, NewsIndexPage
from wagtail_news.models.mixins import attach_card_renditions


class HomePage(Page):
    """The home page of one language; the news sections live under it."""

    intro = RichTextField(
        _("intro"),
        blank=True,
        help_text=_("Optional text shown at the top of the home page."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["wagtail_news.NewsIndexPage"]

    latest_count = 7  # the top story and six cards
    headlines_per_section = 4

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_sections(self):
        """The live news sections under this home page, in tree order."""
        return list(NewsIndexPage.objects.child_of(self).live().public().order_by("path"))

    def get_articles(self):
        """Live, public articles of this home's locale, newest first."""
        return (
            NewsArticlePage.objects.descendant_of(self)
            .filter(news_locale_id=self.locale_id)
            .live()
            .public()
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = list(self.get_articles().select_related("category", "image")[: self.latest_count])
        attach_card_renditions(latest)
        sections = self.get_sections()
        for section in sections:
            section.headlines = list(
                section.get_articles().only("title", "date", "url_path", "path", "depth")[
                    : self.headlines_per_section
                ]
            )
        context.update(
            top_story=latest[0] if latest else None,
            latest_articles=latest[1:],
            sections=sections,
        )
        return context

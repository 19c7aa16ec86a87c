from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """A site's home page; news sections live under it."""


class PlainPage(Page):
    """A plain Wagtail page with a title and a body: the floor that the
    query-count tests compare news pages with."""

    body = RichTextField(blank=True)

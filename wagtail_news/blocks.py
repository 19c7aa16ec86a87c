"""StreamField blocks for the body of a news article."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        label=pgettext_lazy("image caption", "Caption"),
        required=False,
        help_text=_("Shown under the image; also used as its alternative text when set."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_news/blocks/quote.html"


class NewsBodyBlock(blocks.StreamBlock):
    """The blocks an editor can use in an article body.

    Subclass it and pass your own to a custom article model to add blocks.
    """

    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
    )
    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template="wagtail_news/blocks/heading.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=pgettext_lazy("body block", "Embed"),
        help_text=_("A link to a video or a post, e.g. YouTube."),
    )
    table = TableBlock(label=_("Table"))

    class Meta:
        block_counts = {}


# -- lists of articles, for any page's StreamField -------------------------------------------

# The most articles a list shows (as ``LastNews.limit``).
LIST_LIMIT_MAX = 50


class LastNewsBlock(blocks.StructBlock):
    """The "Last news" list of the page's language, as set up by the
    ``LastNews`` snippet "default" (see ``{% last_news %}``).

    Render it with ``{% include_block %}`` so that it knows the request."""

    limit = blocks.IntegerBlock(
        label=_("Number of articles"),
        required=False,
        min_value=1,
        max_value=LIST_LIMIT_MAX,
        help_text=_("Optional. Leave empty to use the number set for the list."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Last news")
        template = "wagtail_news/blocks/last_news_block.html"


class MostReadBlock(blocks.StructBlock):
    """The most read articles of the page's language (see ``{% most_read %}``).

    Render it with ``{% include_block %}`` so that it knows the request."""

    days = blocks.IntegerBlock(
        label=_("Days"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("Optional. Count the views of this many days, today included."),
    )
    limit = blocks.IntegerBlock(
        label=_("Number of articles"),
        required=False,
        min_value=1,
        max_value=LIST_LIMIT_MAX,
        help_text=_("Optional."),
    )
    show_views = blocks.BooleanBlock(label=_("Show view counts"), required=False, default=False)

    class Meta:
        icon = "view"
        label = _("Most read")
        template = "wagtail_news/blocks/most_read_block.html"

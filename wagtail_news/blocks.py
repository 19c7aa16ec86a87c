"""StreamField blocks for the body of a news article."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        label=_("Caption"),
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
    embed = EmbedBlock(label=_("Embed"), help_text=_("A link to a video or a post, e.g. YouTube."))
    table = TableBlock(label=_("Table"))

    class Meta:
        block_counts = {}

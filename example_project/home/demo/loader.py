"""Build the demo site: locales, home pages, sections, categories, pictures
and articles in English, Russian and Turkmen.

Every step looks up what exists first and only creates what is missing, so
running the loader again changes nothing.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from wagtail_news.counting.store import add_views
from wagtail_news.models import NewsArticlePage, NewsCategory, NewsIndexPage, PageViewTotal

from ..models import HomePage
from . import content
from .images import draw_picture

IMAGE_PREFIX = "Newsroom demo: "
DAYS_BETWEEN_ARTICLES = 4  # 45 articles cover the last six months


def html_paragraph(text):
    """``text`` as the HTML of a rich text field."""
    return f"<p>{escape(text)}</p>"


def paragraph(text):
    """``text`` as the value of a rich text block."""
    return RichText(html_paragraph(text))


class DemoLoader:
    """Creates the demo content; ``log`` receives one line per step."""

    def __init__(self, log=print, now=None):
        self.log = log
        self.now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
        self.created = 0

    # -- entry point -----------------------------------------------------------

    def run(self):
        with transaction.atomic():
            self.locales = self.ensure_locales()
            self.homes = self.ensure_homes()
            self.sections = self.ensure_sections()
            self.categories = self.ensure_categories()
            self.images = self.ensure_images()
            self.ensure_articles()
            self.ensure_view_counts()
        return self.created

    # -- locales and pages -------------------------------------------------------

    def ensure_locales(self):
        locales = {}
        for code in content.LANGUAGES:
            locales[code], created = Locale.objects.get_or_create(language_code=code)
            self.created += created
        self.log(f"Locales: {', '.join(content.LANGUAGES)}")
        return locales

    def ensure_homes(self):
        """The English home page is the root of the default site; the Russian
        and Turkmen ones are its translations."""
        english = self.locales["en"]
        home = HomePage.objects.filter(depth=2, locale=english).first()
        if home is None:
            self.delete_welcome_page()
            title, intro = content.HOME["en"]
            home = HomePage(title=title, slug="home", intro=html_paragraph(intro), locale=english)
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
        self.ensure_default_site(home)
        homes = {"en": home}
        for code in content.LANGUAGES[1:]:
            title, intro = content.HOME[code]
            homes[code] = self.ensure_page_translation(
                home, code, title=title, intro=html_paragraph(intro)
            )
        self.log("Home pages: " + ", ".join(f"/{code}/" for code in homes))
        return homes

    def delete_welcome_page(self):
        """Remove Wagtail's "Welcome to your new Wagtail site!" page (and the
        site that points at it) left by the initial migration."""
        plain_page = ContentType.objects.get_for_model(Page)
        for page in Page.objects.filter(depth=2, content_type=plain_page, slug="home"):
            self.log(f"Deleting Wagtail's default page {page.title!r}")
            page.delete()

    def ensure_default_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="127.0.0.1",  # the dev server of the README
                port=8000,
                site_name=content.SITE_NAME,
                root_page=home,
                is_default_site=True,
            )
            self.created += 1
        elif site.root_page_id != home.pk or site.site_name != content.SITE_NAME:
            site.root_page = home
            site.site_name = content.SITE_NAME
            site.save()

    def ensure_page_translation(self, page, code, **fields):
        """The translation of ``page`` in language ``code``; created with
        ``copy_for_translation``, given ``fields`` and published if missing.
        """
        translation = page.get_translation_or_none(self.locales[code])
        if translation is not None:
            return translation.specific
        translation = page.copy_for_translation(self.locales[code]).specific
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        self.created += 1
        return translation

    def ensure_sections(self):
        """Economy, Politics and Culture under every home page."""
        sections = {}
        english_home = self.homes["en"]
        for slug, texts in content.SECTIONS.items():
            title, intro = texts["en"]
            section = NewsIndexPage.objects.child_of(english_home).filter(slug=slug).first()
            if section is None:
                section = NewsIndexPage(
                    title=title, slug=slug, intro=html_paragraph(intro), show_in_menus=True
                )
                english_home.add_child(instance=section)
                section.save_revision().publish()
                self.created += 1
            sections[slug, "en"] = section
            for code in content.LANGUAGES[1:]:
                title, intro = texts[code]
                sections[slug, code] = self.ensure_page_translation(
                    section, code, title=title, intro=html_paragraph(intro)
                )
        self.log(f"Sections: {', '.join(content.SECTIONS)} in {len(content.LANGUAGES)} languages")
        return sections

    # -- snippets and images -------------------------------------------------------

    def ensure_categories(self):
        categories = {}
        for key, names in content.CATEGORIES.items():
            name, slug = names["en"]
            english, created = NewsCategory.objects.get_or_create(
                locale=self.locales["en"], slug=slug, defaults={"name": name}
            )
            self.created += created
            categories[key, "en"] = english
            for code in content.LANGUAGES[1:]:
                translation = english.get_translation_or_none(self.locales[code])
                if translation is None:
                    translation = english.copy_for_translation(self.locales[code])
                    translation.name, translation.slug = names[code]
                    translation.save()
                    self.created += 1
                categories[key, code] = translation
        self.log(f"Categories: {len(content.CATEGORIES)} in {len(content.LANGUAGES)} languages")
        return categories

    def ensure_images(self):
        """One lead picture per article and one picture per story for its
        body, found again by title."""
        Image = get_image_model()
        existing = {
            image.title: image for image in Image.objects.filter(title__startswith=IMAGE_PREFIX)
        }
        images = {}
        for story in content.STORIES:
            label = story.label.title()
            wanted = [(story.key, f"{label} (detail)", "Newsroom demo", f"{story.key}-detail")]
            for index, variant in enumerate(story.variants):
                place = content.PLACES[variant.place]["en"]
                seed = f"{story.key}-{variant.place}"
                wanted.append(((story.key, index), f"{label} ({place})", place, seed))
            for key, name, caption, seed in wanted:
                title = IMAGE_PREFIX + name
                image = existing.get(title)
                if image is None:
                    data = draw_picture(story.label, caption, story.palette, seed)
                    image = Image(
                        title=title,
                        description=f"Abstract illustration: {story.label.lower()}, {caption}",
                        file=ContentFile(data, name=f"{seed}.jpg"),
                    )
                    image.save()
                    self.created += 1
                images[key] = image
        self.log(f"Images: {len(images)}")
        return images

    # -- articles -----------------------------------------------------------------

    def ensure_articles(self):
        """Every story in every variant, in English first, then translated."""
        english_slugs = {
            (page.section_id, page.slug): page
            for page in NewsArticlePage.objects.filter(locale=self.locales["en"]).only(
                "id", "slug", "section_id", "translation_key", "date", "title"
            )
        }
        translated = set(
            NewsArticlePage.objects.exclude(locale=self.locales["en"]).values_list(
                "translation_key", "locale__language_code"
            )
        )
        count = 0
        for story_index, story in enumerate(content.STORIES):
            for variant_index, variant in enumerate(story.variants):
                article = self.ensure_article(
                    story, story_index, variant, variant_index, english_slugs
                )
                for code in content.LANGUAGES[1:]:
                    if (article.translation_key, code) not in translated:
                        self.translate_article(article, story, story_index, variant_index, code)
                count += 1
            self.log(f"  {story.key}: {len(story.variants)} articles")
        self.log(f"Articles: {count} per language")

    def ensure_view_counts(self):
        """Give every article that has none a believable history of views over
        its last week, so that counts and "Most read" show something."""
        counted = set(PageViewTotal.objects.values_list("page_id", flat=True))
        articles = NewsArticlePage.objects.exclude(pk__in=counted).values_list("pk", "date")
        added = 0
        for page_id, date in articles:
            for offset in range(7):
                day = self.now.date() - datetime.timedelta(days=offset)
                if day < date.date():
                    break
                amount = (page_id * 37 + offset * 101) % 300 + 20
                add_views(page_id, day, amount)
                added += amount
        self.log(f"View counts: {added} views added")

    def article_date(self, story_index, variant_index):
        """Newest first: the first telling of every story, then the second…"""
        position = variant_index * len(content.STORIES) + story_index
        return self.now - datetime.timedelta(
            days=position * DAYS_BETWEEN_ARTICLES, hours=(position * 5) % 9
        )

    def ensure_article(self, story, story_index, variant, variant_index, existing):
        section = self.sections[story.section, "en"]
        text = self.texts(story, variant, "en")
        slug = slugify(text["title"])
        article = existing.get((section.pk, slug))
        if article is not None:
            return article
        date = self.article_date(story_index, variant_index)
        article = NewsArticlePage(
            title=text["title"],
            slug=slug,
            date=date,
            first_published_at=date,
            category=self.categories[story.category, "en"],
            intro=text["intro"],
            image=self.images[story.key, variant_index],
            body=self.body(story, story_index, variant_index, text),
        )
        article.tags.add(*self.tag_names(story, variant_index, "en"))
        section.add_child(instance=article)
        article.save_revision().publish()
        self.created += 1
        return article

    def translate_article(self, article, story, story_index, variant_index, code):
        """Copy the English ``article`` to language ``code`` with
        ``copy_for_translation``, put in the translated texts and publish."""
        text = self.texts(story, story.variants[variant_index], code)
        translation = article.copy_for_translation(self.locales[code]).specific
        translation.title = text["title"]
        translation.intro = text["intro"]
        translation.date = article.date
        translation.first_published_at = article.date
        translation.category = self.categories[story.category, code]
        translation.body = self.body(story, story_index, variant_index, text)
        translation.tags.set(self.tag_names(story, variant_index, code))
        translation.save_revision().publish()
        self.created += 1

    # -- texts ----------------------------------------------------------------------

    @staticmethod
    def texts(story, variant, code):
        """The story's texts in language ``code``, filled in for ``variant``."""
        text = story.texts[code]
        values = {
            "place": content.PLACES[variant.place][code],
            "n": variant.n,
            "m": variant.m,
            "t": variant.t,
        }

        def fill(template):
            return template.format(**values)

        table = None
        if text.table is not None:
            table = {
                "caption": fill(text.table.caption),
                "rows": [
                    [fill(cell) for cell in row] for row in (text.table.header, *text.table.rows)
                ],
            }
        return {
            "title": fill(text.title),
            "intro": fill(text.intro),
            "paragraphs": [fill(p) for p in text.paragraphs],
            "heading": fill(text.heading),
            "quote": {"text": fill(text.quote[0]), "attribution": fill(text.quote[1])},
            "figure": fill(text.figure),
            "table": table,
        }

    @staticmethod
    def tag_names(story, variant_index, code):
        """One to three tags: the middle telling of a story drops its last tag."""
        keys = story.tags[:-1] if variant_index == 1 and len(story.tags) > 1 else story.tags
        return [content.TAGS[key][code] for key in keys]

    def body(self, story, story_index, variant_index, text):
        """Four to six blocks: two or three paragraphs and a heading, plus a
        quote, the story's picture or its table, depending on the telling."""
        first, second, third = text["paragraphs"]
        blocks = [("paragraph", paragraph(first)), ("heading", text["heading"])]
        blocks.append(("paragraph", paragraph(second)))
        figure = ("image", {"image": self.images[story.key], "caption": text["figure"]})
        extra = (story_index + variant_index) % 3
        if extra == 1:
            blocks.append(figure)
        elif extra == 2 and text["table"] is not None:
            blocks.append(("table", self.table_value(text["table"])))
        else:
            blocks.append(("quote", text["quote"]))
        if variant_index != 1:
            blocks.append(("paragraph", paragraph(third)))
        if (story_index + variant_index) % 4 == 0 and extra != 1:
            blocks.insert(3, figure)
        return blocks

    @staticmethod
    def table_value(table):
        return {
            "data": table["rows"],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": table["caption"],
        }

"""Content of the fresh site, made the way an editor's actions make it, with
Wagtail's own APIs: a news section under the home page, three articles and a
video article in it, each published from a revision.

Run by tests/newsite/build.sh as ``python manage.py shell < seed.py``; the
titles are what tests/newsite/check.py looks for.
"""

from datetime import timedelta

from django.utils import timezone
from news.models import ArticlePage, SectionPage, VideoArticlePage
from wagtail.models import Site

home = Site.objects.get(is_default_site=True).root_page.specific

section = SectionPage(title="Newsroom", slug="newsroom", subtitle="The site's own section")
home.add_child(instance=section)
section.save_revision().publish()

now = timezone.now()
articles = [
    (ArticlePage, "Harbour reopens after the storm", "harbour-reopens", 3),
    (ArticlePage, "City council passes the budget", "council-budget", 2),
    (ArticlePage, "Library extends its opening hours", "library-hours", 1),
]
for model, title, slug, days_ago in articles:
    article = model(
        title=title,
        slug=slug,
        date=now - timedelta(days=days_ago),
        intro=f"The lead of “{title}”.",
    )
    section.add_child(instance=article)
    article.save_revision().publish()

# The site's second article model: add_child does not check the section's
# subpage_types (the README's SectionPage takes only ArticlePage in the admin).
video = VideoArticlePage(
    title="Video: the harbour from the air",
    slug="harbour-video",
    date=now - timedelta(hours=12),
    intro="Drone footage of the reopened harbour.",
    video_url="https://video.example.org/harbour",
)
section.add_child(instance=video)
video.save_revision().publish()

print(
    f"seeded: section {section.id} {section.url_path}, "
    f"{ArticlePage.objects.live().count()} articles, "
    f"{VideoArticlePage.objects.live().count()} video article"
)

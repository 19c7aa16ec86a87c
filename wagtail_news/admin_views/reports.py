"""The "Most read news" report, with CSV and XLSX export."""

import django_filters
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import LocaleFilter, WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Locale

from ..counting.reading import window_start
from ..models import get_article_models
from ..models.mixins import stored_views
from ..queries import live_public, page_model
from .listing import article_content_types_q

WINDOWS = [
    ("1", _("Today")),
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("365", _("Last 365 days")),
]
DEFAULT_WINDOW = 7

# A spreadsheet program reads a CSV cell that starts with one of these as a
# formula: such a text is written with a leading single quote (OWASP's
# advice on CSV injection). The XLSX export writes every text as a string
# cell (Wagtail's ``SpreadsheetExportMixin``), which is never evaluated.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """``value`` safe to open in a spreadsheet program: a text that would
    be read as a formula gets a leading single quote; anything else is
    returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class MostReadFilterSet(WagtailFilterSet):
    days = django_filters.ChoiceFilter(
        label=_("Window"), choices=WINDOWS, method="keep", empty_label=_("Last 7 days")
    )
    locale = LocaleFilter(
        label=_("Locale"),
        choices=lambda: [
            (loc.language_code, loc.get_display_name()) for loc in Locale.objects.all()
        ],
    )

    class Meta:
        model = page_model()
        fields = []

    def keep(self, queryset, name, value):
        """The window is applied by the view's annotation."""
        return queryset


class MostReadView(PageReportView):
    page_title = _("Most read news")
    header_icon = "view"
    results_template_name = "wagtail_news/admin/most_read_results.html"
    index_url_name = "wagtail_news_most_read"
    index_results_url_name = "wagtail_news_most_read_results"
    filterset_class = MostReadFilterSet
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "full_url", "date", "window_views", "total_views"]
    export_headings = {
        "full_url": pgettext_lazy("page address", "URL"),
        "date": _("Published"),
        "window_views": _("Views in window"),
        "total_views": _("Views in all"),
    }

    def get_days(self):
        value = self.request.GET.get("days")
        return int(value) if value in {key for key, _label in WINDOWS} else DEFAULT_WINDOW

    def get_queryset(self):
        """The live, public articles of every article model that the user
        may edit (Wagtail's page permissions: each row links to the edit
        view), read in the window, as rows of the site's page model (the
        view counts reference it), most read first: one query whatever the
        number of models. The publication ``date``, a column of each
        model's own table, is a subquery per model, run for the rows read
        in the window only."""
        since = window_start(self.get_days())
        dates = [
            Subquery(model._default_manager.filter(pk=OuterRef("pk")).values("date")[:1])
            for model in get_article_models()
        ]
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return (
            live_public(editable.filter(article_content_types_q()))
            .annotate(
                window_views=Sum("news_view_days__count", filter=Q(news_view_days__day__gte=since)),
                total_views=stored_views(),
            )
            .filter(window_views__gt=0)
            .annotate(date=Coalesce(*dates) if len(dates) > 1 else dates[0])
            .select_related("locale")
            .order_by("-window_views", "-date")
        )

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_text(value) if export_format == self.FORMAT_CSV else value

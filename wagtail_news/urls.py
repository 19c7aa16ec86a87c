"""URLs for sites that do not use the news API::

path("news/", include("wagtail_news.urls")),
"""

from django.urls import path

from .views import view_beacon

app_name = "wagtail_news"

urlpatterns = [
    path("views/<int:page_id>/", view_beacon, name="view_beacon"),
]

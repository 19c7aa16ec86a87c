"""Headless access to news: fields for Wagtail's API and the ``news`` endpoint.

``wagtail_news.api.v2`` holds the v2 endpoint; it imports Django REST
framework and Wagtail's API app, so only import it from a site that uses them.
"""

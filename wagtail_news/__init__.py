"""wagtail-news: news sections and articles for Wagtail."""

__version__ = "0.1.0"

"""The wagtail-news example site: a three-language newsroom."""

"""The benchmark's floor page and archive record; installed with
``BENCHMARK=bench`` (``make bench``, ``import_news.py``)."""

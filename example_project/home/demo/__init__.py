"""Demo content of the example site, loaded by ``manage.py load_news_demo``.

``content`` holds the hand-written stories in English, Russian and Turkmen;
``images`` draws their pictures with Pillow; ``loader`` builds the pages.
All places, people and events are made up.
"""

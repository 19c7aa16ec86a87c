"""Schemathesis against the OpenAPI document that Wagtail 8's API v3 serves:
the news operations (and Wagtail's pages listing, which shows the article
fields) with valid and invalid input generated from the document. No answer
is a server error, each conforms to the document, and none names a draft,
a private article or another site's article.

Derandomized, with no example database, a bounded number of examples per
operation.
"""

import pytest
import wagtail
from django.conf import settings

if wagtail.VERSION < (8, 0) or not settings.WAGTAIL_API_V3:  # pragma: no cover
    pytest.skip("Wagtail's API v3 needs Wagtail 8 (tests/settings.py)", allow_module_level=True)

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import fuzzing  # noqa: E402

fuzz = hypothesis_settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
OPERATIONS = ["news_list", "news_last", "news_most_read", "news_detail", "news_views", "pages_list"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("api_settings")]


@pytest.fixture
def news_api(api_settings, newsroom):
    """The served document, called in process through Django's WSGI handler
    (built after the settings above, which it reads once)."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    # As Django's test client does: a request must not close the database
    # connection that holds the test's transaction (PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", WSGIHandler())
    yield schema.include(operation_id=OPERATIONS)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def cases(operation, newsroom, mode):
    """Cases of ``operation`` from the document (``mode``: valid or invalid
    input); for an article's operations, also with the newsroom's ids."""
    strategy = operation.as_strategy(generation_mode=mode)
    if "article_id" not in operation.path:
        return strategy
    pages = newsroom["visible"] + newsroom["hidden"]
    with_ids = st.sampled_from([page.pk for page in pages]).flatmap(
        lambda pk: operation.as_strategy(generation_mode=mode, path_parameters={"article_id": pk})
    )
    return st.one_of(strategy, with_ids)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_news_operations(news_api, newsroom, operation_id, mode):
    operation = news_api.find_operation_by_id(operation_id)
    hidden_ids = {page.pk for page in newsroom["hidden"]}
    # Wagtail's pages listing picks another site on ``?site=`` on purpose.
    hide_other_site = operation_id != "pages_list"

    @fuzz
    @given(cases(operation, newsroom, mode))
    def run(case):
        response = case.call()
        # Wagtail's document does not list the 422 answers of its pages
        # listing: only "no server error" there.
        checks = CHECKS if operation_id != "pages_list" else [not_a_server_error]
        case.validate_response(response, checks=checks)
        request_text = f"{case.path_parameters} {case.query}"
        body = response.json() if response.text else None
        found = fuzzing.leaks(body, response.text, newsroom, request_text, hide_other_site)
        assert not found, (case.formatted_path, case.query, found)
        if (case.path_parameters or {}).get("article_id") in hidden_ids:
            # 404; or 422 when the rest of an invalid request is refused first.
            expected = {404} if mode == GenerationMode.POSITIVE else {404, 422}
            assert response.status_code in expected, (case.formatted_path, case.query)

    run()

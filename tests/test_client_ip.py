"""The client IP that tells visitors apart, through the real beacon endpoint:
REMOTE_ADDR alone without settings; behind proxies, the rightmost address of
the one configured header that no trusted proxy added, and never any other
header (``wagtail_news.counting.client_ip``).

Addresses: readers from 198.51.100.0/24, nginx and load balancers from
10.0.0.0/8, CDN edges from 203.0.113.0/24; what a client makes up from
192.0.2.0/24 or elsewhere.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests import factories
from wagtail_news import checks
from wagtail_news.conf import header_meta_key, proxy_network
from wagtail_news.counting import get_view_count
from wagtail_news.counting.client_ip import parse_address

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)
NGINX = "10.0.0.2"


@pytest.fixture
def article(section):
    return factories.make_article(section, "Counted")


@pytest.fixture
def news(settings):
    """Set ``WAGTAIL_NEWS`` for the test (undone after it)."""

    def configure(**values):
        settings.WAGTAIL_NEWS = values

    return configure


@pytest.fixture
def counted(client, article):
    """POST the article's beacon from ``remote_addr`` with these headers
    (one user agent for everyone); True if the view was counted."""

    def post(remote_addr, **headers):
        response = client.post(
            f"/en/news/views/{article.pk}/",
            REMOTE_ADDR=remote_addr,
            headers={"User-Agent": BROWSER, **headers},
        )
        assert response.status_code == 200, response.content
        return response.json()["counted"]

    return post


def nginx(client_sent=None, client="198.51.100.7"):
    """X-Forwarded-For as nginx passes it on (proxy_add_x_forwarded_for):
    what the client sent, if anything, and the address nginx saw."""
    return {"X-Forwarded-For": f"{client_sent}, {client}" if client_sent else client}


# -- one nginx: CLIENT_IP_PROXY_COUNT = 1 -----------------------------------


@pytest.mark.django_db
def test_one_nginx_two_readers_with_one_user_agent_count_as_two(news, counted, article):
    news(CLIENT_IP_PROXY_COUNT=1)
    assert counted(NGINX, **nginx(client="198.51.100.1"))
    assert counted(NGINX, **nginx(client="198.51.100.2"))
    assert not counted(NGINX, **nginx(client="198.51.100.1"))
    assert get_view_count(article.pk) == 2


@pytest.mark.django_db
def test_one_nginx_a_client_sent_forwarded_for_is_ignored(news, counted, article):
    news(CLIENT_IP_PROXY_COUNT=1)
    assert counted(NGINX, **nginx("192.0.2.1, 192.0.2.2", client="198.51.100.1"))
    # The same reader making up other addresses is the same visitor ...
    assert not counted(NGINX, **nginx("192.0.2.3, 192.0.2.4", client="198.51.100.1"))
    assert not counted(NGINX, **nginx("192.0.2.3", client="198.51.100.1"))
    assert not counted(NGINX, **nginx(client="198.51.100.1"))
    # ... and another reader sending the same made-up chain is another one.
    assert counted(NGINX, **nginx("192.0.2.1, 192.0.2.2", client="198.51.100.2"))
    assert get_view_count(article.pk) == 2


OTHER_HEADERS = [
    {"X-Real-IP": "192.0.2.{n}, 10.0.0.2"},
    {"X-Real-IP": "192.0.2.{n}"},
    {"Forwarded": "for=192.0.2.{n}, for=10.0.0.2"},
    {"Forwarded": "for=192.0.2.{n}"},
    {"Client-IP": "192.0.2.{n}, 10.0.0.2"},
    {"CF-Connecting-IP": "192.0.2.{n}"},
    {"True-Client-IP": "192.0.2.{n}"},
    {"X-Cluster-Client-IP": "192.0.2.{n}, 10.0.0.2"},
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setting",
    [{"CLIENT_IP_PROXY_COUNT": 1}, {"CLIENT_IP_TRUSTED_PROXIES": [NGINX]}],
    ids=["proxy-count", "trusted-proxies"],
)
def test_other_forwarding_headers_are_never_read(news, counted, article, setting):
    news(**setting)
    assert counted(NGINX, **nginx())
    for other in OTHER_HEADERS:
        for n in range(1, 4):
            headers = {name: value.format(n=n) for name, value in other.items()}
            assert not counted(NGINX, **nginx(), **headers), headers
    # Without X-Forwarded-For the visitor is REMOTE_ADDR (nginx) whatever they say.
    assert counted(NGINX)
    for other in OTHER_HEADERS:
        for n in range(1, 4):
            headers = {name: value.format(n=n) for name, value in other.items()}
            assert not counted(NGINX, **headers), headers
    assert get_view_count(article.pk) == 2


@pytest.mark.django_db
def test_the_named_header_is_the_only_one_read(news, counted, article):
    """A site whose proxy writes X-Real-IP names it; X-Forwarded-For is then
    what the client sent and is ignored."""
    news(CLIENT_IP_PROXY_COUNT=1, CLIENT_IP_HEADER="X-Real-IP")
    assert counted(NGINX, **{"X-Real-IP": "198.51.100.1", "X-Forwarded-For": "192.0.2.1"})
    assert counted(NGINX, **{"X-Real-IP": "198.51.100.2", "X-Forwarded-For": "192.0.2.1"})
    assert not counted(NGINX, **{"X-Real-IP": "198.51.100.1", "X-Forwarded-For": "192.0.2.2"})
    assert get_view_count(article.pk) == 2


# -- two proxies: a load balancer in front of nginx, CLIENT_IP_PROXY_COUNT = 2


@pytest.mark.django_db
def test_two_proxies_count_the_second_entry_from_the_right(news, counted, article):
    news(CLIENT_IP_PROXY_COUNT=2)
    balancer = "10.0.0.1"  # appends the reader; nginx then appends the balancer

    def chain(reader, client_sent=None):
        sent = f"{client_sent}, " if client_sent else ""
        return {"X-Forwarded-For": f"{sent}{reader}, {balancer}"}

    assert counted(NGINX, **chain("198.51.100.1"))
    assert counted(NGINX, **chain("198.51.100.2"))
    assert not counted(NGINX, **chain("198.51.100.1", client_sent="192.0.2.1"))
    assert not counted(NGINX, **chain("198.51.100.2", client_sent="192.0.2.1, 192.0.2.2"))
    assert counted(NGINX, **chain("198.51.100.3", client_sent="198.51.100.1"))
    assert get_view_count(article.pk) == 3


# -- a CDN in front of nginx: CLIENT_IP_TRUSTED_PROXIES ----------------------

CDN = {"CLIENT_IP_TRUSTED_PROXIES": ["10.0.0.0/8", "203.0.113.0/24"]}


@pytest.mark.django_db
def test_cdn_in_front_of_nginx_counts_the_first_untrusted_address(news, counted, article):
    news(**CDN)

    def through_cdn(reader, edge, client_sent=None):
        sent = f"{client_sent}, " if client_sent else ""
        return {"X-Forwarded-For": f"{sent}{reader}, {edge}"}

    assert counted(NGINX, **through_cdn("198.51.100.1", "203.0.113.5"))
    assert counted(NGINX, **through_cdn("198.51.100.2", "203.0.113.5"))
    # Another edge, made-up addresses: the same readers.
    assert not counted(NGINX, **through_cdn("198.51.100.1", "203.0.113.9", "192.0.2.1"))
    assert not counted(NGINX, **through_cdn("198.51.100.2", "203.0.113.5", "192.0.2.1, 10.0.0.5"))
    # A reader that reaches nginx directly is the address nginx saw.
    assert counted(NGINX, **nginx("192.0.2.1", client="198.51.100.3"))
    assert not counted(NGINX, **nginx("192.0.2.2, 203.0.113.7", client="198.51.100.3"))
    assert get_view_count(article.pk) == 3


@pytest.mark.django_db
def test_trusted_proxies_read_the_header_only_from_a_trusted_remote_addr(news, counted, article):
    news(**CDN)
    # A client that reaches the application directly is REMOTE_ADDR, even
    # with a chain of trusted-looking addresses.
    assert counted("198.51.100.1", **{"X-Forwarded-For": "192.0.2.1, 203.0.113.5"})
    assert not counted("198.51.100.1", **{"X-Forwarded-For": "192.0.2.2, 10.0.0.1"})
    assert not counted("198.51.100.1", **{"X-Forwarded-For": "192.0.2.3"})
    assert not counted("198.51.100.1")
    assert get_view_count(article.pk) == 1


@pytest.mark.django_db
def test_trusted_proxies_accept_ipv6_and_ipv4_mapped_addresses(news, counted, article):
    news(CLIENT_IP_TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8:ffff::/48"])
    # A dual-stack socket reports nginx as ::ffff:10.0.0.2.
    assert counted("::ffff:10.0.0.2", **nginx(client="2001:db8:1::1"))
    assert counted("2001:db8:ffff::2", **nginx(client="[2001:db8:1::2]:4711"))
    assert not counted(NGINX, **nginx(client="2001:DB8:1:0::1"))
    assert not counted("::ffff:10.0.0.2", **nginx(client="[2001:db8:1::2]"))
    assert get_view_count(article.pk) == 2


# -- no settings: REMOTE_ADDR only ------------------------------------------


@pytest.mark.django_db
def test_without_settings_only_remote_addr_counts(counted, article):
    spoofed = [
        {"X-Forwarded-For": "192.0.2.1"},
        {"X-Forwarded-For": "192.0.2.2, 198.51.100.9"},
        {"X-Real-IP": "192.0.2.3"},
        {"Forwarded": "for=192.0.2.4"},
        {"Client-IP": "192.0.2.5"},
        {"CF-Connecting-IP": "192.0.2.6"},
    ]
    assert counted("198.51.100.1", **spoofed[0])
    for headers in spoofed[1:]:
        assert not counted("198.51.100.1", **headers)
    assert counted("198.51.100.2", **spoofed[0])
    assert get_view_count(article.pk) == 2


# -- what a proxy could not have written: fall back, never an error ----------

MALFORMED = [
    "",
    " ",
    ",",
    "unknown",
    "for=unknown",
    "for=",
    "_hidden",
    "example.com",
    "300.1.1.1",
    "198.51.100.1:99999",
    "198.51.100.1:",
    "[2001:db8::1",
    "[2001:db8::1]x",
    "1.2.3.4.5",
    "é",
    "\x00",
    "198.51.100.1 198.51.100.2",
    "192.0.2.1, " * 2000 + "nonsense",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setting",
    [{"CLIENT_IP_PROXY_COUNT": 1}, {"CLIENT_IP_PROXY_COUNT": 3}, CDN],
    ids=["one-proxy", "three-proxies", "trusted-proxies"],
)
def test_a_malformed_header_falls_back_to_remote_addr(news, counted, article, setting):
    news(**setting)
    assert counted(NGINX, **{"X-Forwarded-For": MALFORMED[0]})
    for value in MALFORMED[1:]:
        assert not counted(NGINX, **{"X-Forwarded-For": value}), value
    assert get_view_count(article.pk) == 1


@pytest.mark.django_db
def test_a_malformed_entry_left_of_trusted_hops_gives_the_last_trusted_hop(news, counted, article):
    """An edge that writes no address: its readers are one visitor (the edge),
    and no client-sent entry behind it is believed."""
    news(**CDN)
    assert counted(NGINX, **{"X-Forwarded-For": "192.0.2.1, unknown, 203.0.113.5"})
    assert not counted(NGINX, **{"X-Forwarded-For": "192.0.2.2, unknown, 203.0.113.5"})
    assert not counted(NGINX, **{"X-Forwarded-For": "203.0.113.5"})
    assert counted(NGINX, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.5"})
    assert get_view_count(article.pk) == 2


@pytest.mark.django_db
def test_a_shorter_chain_than_proxies_gives_its_leftmost_entry(news, counted, article):
    news(CLIENT_IP_PROXY_COUNT=2)
    # The reader reached nginx without the load balancer in front of it.
    assert counted(NGINX, **nginx(client="198.51.100.1"))
    assert counted(NGINX, **nginx(client="198.51.100.2"))
    assert counted(NGINX)  # no header at all: REMOTE_ADDR
    assert not counted(NGINX, **{"X-Forwarded-For": ""})
    assert get_view_count(article.pk) == 3


# -- reading one hop ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("198.51.100.7", "198.51.100.7"),
        (" 198.51.100.7 ", "198.51.100.7"),
        ("198.51.100.7:4711", "198.51.100.7"),
        ('"198.51.100.7"', "198.51.100.7"),
        ("2001:db8::7", "2001:db8::7"),
        ("2001:DB8:0::7", "2001:db8::7"),
        ("[2001:db8::7]", "2001:db8::7"),
        ("[2001:db8::7]:4711", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("for=198.51.100.7", "198.51.100.7"),
        ("For=198.51.100.7;proto=https;by=10.0.0.2", "198.51.100.7"),
        ('proto=https; for="[2001:db8::7]:4711"', "2001:db8::7"),
        ("fe80::1%eth0", "fe80::1%eth0"),
    ],
)
def test_parse_address_reads_what_proxies_write(text, address):
    assert str(parse_address(text)) == address


@pytest.mark.parametrize("text", MALFORMED[:-1] + ["[::1]:0x1", "198.51.100.7:+80", "1:2"])
def test_parse_address_refuses_anything_else(text):
    assert parse_address(text) is None


def test_settings_helpers():
    assert header_meta_key("X-Forwarded-For") == "HTTP_X_FORWARDED_FOR"
    assert header_meta_key("x-real-ip") == "HTTP_X_REAL_IP"
    assert str(proxy_network("10.0.0.2")) == "10.0.0.2/32"
    assert str(proxy_network(" 10.0.0.5/8 ")) == "10.0.0.0/8"
    assert str(proxy_network("::ffff:10.0.0.0/104")) == "10.0.0.0/8"
    assert str(proxy_network("2001:db8::/32")) == "2001:db8::/32"
    for entry in ["10.", "10.0.0", "example.com", "10.0.0.0/33", "", 10, None]:
        assert proxy_network(entry) is None, entry


# -- system checks -------------------------------------------------------------


def messages_of(settings, **values):
    settings.WAGTAIL_NEWS = values
    return [(m.id, m.msg) for m in checks.check_settings(None)]


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"CLIENT_IP_PROXY_COUNT": 1},
        {"CLIENT_IP_PROXY_COUNT": 2, "CLIENT_IP_HEADER": "X-Real-IP"},
        {"CLIENT_IP_TRUSTED_PROXIES": ["10.0.0.1", "172.16.0.0/12", "2001:db8::/32"]},
        {"CLIENT_IP_TRUSTED_PROXIES": ("10.0.0.0/8",), "CLIENT_IP_HEADER": "x-forwarded-for"},
    ],
)
def test_good_client_ip_settings_pass_the_checks(settings, values):
    assert messages_of(settings, **values) == []


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ({"CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR"}, "must be an HTTP header name"),
        ({"CLIENT_IP_HEADER": "X Forwarded For"}, "must be an HTTP header name"),
        ({"CLIENT_IP_HEADER": ""}, "must be an HTTP header name"),
        ({"CLIENT_IP_HEADER": "X-Forwarded-For:"}, "must be an HTTP header name"),
        ({"CLIENT_IP_PROXY_COUNT": -1}, "must be at least 0, not -1"),
        ({"CLIENT_IP_TRUSTED_PROXIES": ["10.0.0.1", "10.", 5]}, "not one: '10.', 5."),
        (
            {"CLIENT_IP_PROXY_COUNT": 1, "CLIENT_IP_TRUSTED_PROXIES": ["10.0.0.1"]},
            "and CLIENT_IP_TRUSTED_PROXIES are both set",
        ),
    ],
)
def test_bad_client_ip_settings_are_e005(settings, values, text):
    messages = messages_of(settings, **values)
    assert [id for id, _ in messages] == ["wagtail_news.E005"]
    assert text in messages[0][1]


@pytest.mark.parametrize(
    "values",
    [
        {"CLIENT_IP_HEADER": ["X-Forwarded-For"]},
        {"CLIENT_IP_TRUSTED_PROXIES": "10.0.0.1"},
        {"CLIENT_IP_PROXY_COUNT": True},
    ],
)
def test_client_ip_settings_of_a_wrong_type_are_e003(settings, values):
    assert [id for id, _ in messages_of(settings, **values)] == ["wagtail_news.E003"]


def test_manage_py_check_stops_on_a_bad_client_ip_header(settings):
    settings.WAGTAIL_NEWS = {"CLIENT_IP_HEADER": "HTTP_X_REAL_IP"}
    with pytest.raises(SystemCheckError, match="CLIENT_IP_HEADER"):
        call_command("check")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"CLIENT_IP_PROXY_COUNT": -1},
        {"CLIENT_IP_TRUSTED_PROXIES": "10.0.0.2"},
        {"CLIENT_IP_TRUSTED_PROXIES": ["10.", ["10.0.0.2"], None]},
        {"CLIENT_IP_PROXY_COUNT": 1, "CLIENT_IP_HEADER": None},
    ],
)
def test_settings_the_checks_refuse_still_never_fail_a_request(news, counted, values):
    """A server that does not run the checks: the header is not believed."""
    news(**values)
    assert counted(NGINX, **nginx(client="198.51.100.1"))
    assert not counted(NGINX, **nginx(client="198.51.100.2"))

"""Sign-in behind the production proxy: the production topology's nginx (deploy/nginx.conf,
filled in by deploy/topology.py) in front of a live server, people connecting
from addresses of their own (each client binds its own loopback address, 127.0.0.N, so the
proxy sees a different peer per person). allauth counts sign-ins and failed sign-ins per
client address, read from X-Forwarded-For as far as ALLAUTH_TRUSTED_PROXY_COUNT (set from
API_NUM_PROXIES) vouches for it; its counters live in the cache.

Needs Debian's nginx (apt-get install -y nginx): skipped, saying so, without it."""

import http.client
import json
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress

from deploy import topology
from tests.factories import PASSWORD, UserFactory

NGINX = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin")
pytestmark = pytest.mark.slow

LOGIN = "/accounts/login/"
PRIVATE_PAGE = "/profile/"
LIMITED = "Too many failed login attempts"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(live_server, tmp_path):
    """nginx on a free port in front of the live server; its port. Stopped after the test."""
    if not NGINX:
        pytest.skip("nginx is not installed (apt-get install -y nginx)")
    port = _free_port()
    live_port = int(live_server.url.rsplit(":", 1)[1])
    conf = topology.write_nginx_conf(run_dir=tmp_path, listen=f"127.0.0.1:{port}", nodes=[(live_port, live_port)],
                                     static_root=tmp_path, media_root=tmp_path)
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()}")
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class Person:
    """A browser at its own address, speaking HTTP to the proxy, keeping its cookies."""

    def __init__(self, port: int, address: str):
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.address, 0))
        sent = {"Accept-Language": "en", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, content

    def sign_in(self, email: str, password: str, headers: dict | None = None):
        _status, _headers, page = self.request("GET", LOGIN)
        token = CSRF_FIELD.search(page).group(1)
        return self.request("POST", LOGIN, {"login": email, "password": password, "csrfmiddlewaretoken": token},
                            headers=headers)

    def signed_in(self) -> bool:
        status, _headers, _page = self.request("GET", PRIVATE_PAGE)
        return status == 200


def people(count: int):
    users = []
    for _ in range(count):
        user = UserFactory()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        users.append(user)
    return users


@pytest.fixture
def behind_one_proxy(settings):
    # What API_NUM_PROXIES=1 gives (tests/security/test_production_settings.py reads it).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_thirty_one_people_signing_in_within_a_minute_all_succeed(proxy, behind_one_proxy, transactional_db):
    staff = people(31)
    started = time.monotonic()

    answers = [Person(proxy, f"127.0.0.{10 + i}").sign_in(user.email, PASSWORD) for i, user in enumerate(staff)]

    assert time.monotonic() - started < 60, "the sign-ins must fall within allauth's one-minute window"
    assert [status for status, _headers, _page in answers] == [302] * 31
    assert all(headers["Location"] != LOGIN for _status, headers, _page in answers)


def test_without_the_setting_the_whole_company_shares_the_proxys_address(proxy, transactional_db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    staff = people(31)

    answers = [Person(proxy, f"127.0.0.{10 + i}").sign_in(user.email, PASSWORD)[0] for i, user in enumerate(staff)]

    # allauth's 30 sign-ins a minute per address, all counted against the proxy's.
    assert answers == [302] * 30 + [429]


def test_eleven_failed_attempts_from_one_address_lock_that_address_only(proxy, behind_one_proxy, transactional_db):
    targets = people(3)
    guesser = Person(proxy, "127.0.0.66")
    # Spread over three accounts, so that no account reaches its own limit (5 in 5 minutes).
    attempts = [guesser.sign_in(targets[i % 3].email, "wrong password") for i in range(11)]

    assert [status for status, _headers, _page in attempts] == [200] * 11
    assert all(LIMITED not in page for _status, _headers, page in attempts[:10])
    assert LIMITED in attempts[10][2]
    # That address is locked, right password or not...
    status, _headers, page = guesser.sign_in(targets[0].email, PASSWORD)
    assert status == 200 and LIMITED in page and not guesser.signed_in()
    # ...everyone else signs in, the three people tried included.
    for i, user in enumerate([*targets, *people(2)]):
        colleague = Person(proxy, f"127.0.0.{100 + i}")
        assert colleague.sign_in(user.email, PASSWORD)[0] == 302
        assert colleague.signed_in()


def test_a_forged_forwarded_for_does_not_escape_the_lock(proxy, behind_one_proxy, transactional_db):
    targets = people(3)
    guesser = Person(proxy, "127.0.0.77")

    statuses = [
        LIMITED in guesser.sign_in(targets[i % 3].email, "wrong password",
                                   headers={"X-Forwarded-For": f"10.9.8.{i}"})[2]
        for i in range(11)
    ]

    # The proxy writes the real peer's address; allauth reads that one, not the client's claim.
    assert statuses == [False] * 10 + [True]


def test_api_num_proxies_sets_allauths_count_and_the_apis_alike():
    from .test_production_settings import _production

    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.ALLAUTH_TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES']]))")

    assert json.loads(_production({"API_NUM_PROXIES": "1"}, code=code).stdout) == [1, 1]
    assert json.loads(_production({"API_NUM_PROXIES": "2"}, code=code).stdout) == [2, 2]

"""Production settings: the deploy checks pass, secure cookies, HSTS and the proxy settings
come from the environment; every page carries the Content-Security-Policy with a fresh
nonce (the browser check that the portal works under it: tests/browser/test_csp.py)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3!Zq9@pL2#vW8$rT5%yU1^bN6&mC4*xJ7(dF0)gH-sA+eR_iO=uY~tQ"


def _production(env=None, code="", args=()):
    # Not the test run's own switches: the browser tests' conftest allows sync database calls
    # from async code in this process (DJANGO_ALLOW_ASYNC_UNSAFE), which the deploy check refuses.
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": SECRET, "DEBUG": "0",
                        **(env or {})})
    command = [sys.executable, "manage.py", *args] if args else [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "DEBUG"]}))
"""


@pytest.mark.slow
def test_production_settings_pass_the_deploy_checks():
    result = _production(args=["check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_reads_proxy_and_origins_from_the_environment():
    default = json.loads(_production(code=READ_SETTINGS).stdout)
    assert default["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert default["SESSION_COOKIE_SECURE"] and default["CSRF_COOKIE_SECURE"] and default["SESSION_COOKIE_HTTPONLY"]
    assert default["SECURE_HSTS_SECONDS"] >= 31536000 and default["SECURE_SSL_REDIRECT"] and not default["DEBUG"]
    chosen = json.loads(_production(env={
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Scheme", "CSRF_TRUSTED_ORIGINS": "https://ideas.example.com, https://idees.example.com",
        "SECURE_HSTS_SECONDS": "600",
    }, code=READ_SETTINGS).stdout)
    assert chosen["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SCHEME", "https"]
    assert chosen["CSRF_TRUSTED_ORIGINS"] == ["https://ideas.example.com", "https://idees.example.com"]
    assert chosen["SECURE_HSTS_SECONDS"] == 600
    direct = json.loads(_production(env={"SECURE_PROXY_SSL_HEADER": ""}, code=READ_SETTINGS).stdout)
    assert direct["SECURE_PROXY_SSL_HEADER"] is None


def test_production_refuses_a_short_secret_key():
    result = _production(env={"SECRET_KEY": "short"}, code="import django; django.setup()")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_every_page_sends_the_policy_with_a_fresh_nonce(client_for, colleague):
    client = client_for(colleague)
    policy = client.get(reverse("ideas:list"))["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"):
        assert directive in policy, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert client_for(None).get(reverse("account_login"))["Content-Security-Policy"] == policy
    # A page that writes an inline script with {{ CSP_NONCE }} gets that nonce in its policy,
    # a new one each time (django-csp adds it only to the pages that use it).
    nonces = [_nonce_of_a_page_using_it() for _ in range(2)]
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 16


def _nonce_of_a_page_using_it() -> str:
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">let a = 1;</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = RequestFactory().get("/")
    response = CSPMiddleware(view)(request)
    written = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"script-src 'self' 'nonce-{written}'" in response["Content-Security-Policy"]
    return written


@pytest.mark.django_db
def test_no_template_writes_inline_script_style_or_event_handler(client_for, colleague):
    """Pages as served carry no inline script or style and no on…= attribute (the policy would
    block them); a nonce'd one would be allowed."""
    pattern = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>|<style(?![^>]*\bnonce=)|\sstyle=\"|\son[a-z]+=\"",
                         re.IGNORECASE)
    client = client_for(colleague)
    for name in ("ideas:list", "ideas:create", "ideas:mine", "notifications:list", "gamification:leaderboard",
                 "accounts:profile_edit"):
        html = client.get(reverse(name)).content.decode()
        assert not pattern.search(html), (name, pattern.search(html).group(0))
    assert not pattern.search(client_for(None).get(reverse("account_login")).content.decode())

"""A small OpenID Connect provider for the tests, served over HTTP from a thread: discovery
document, signing keys (an RSA key made for the run), authorization endpoint (the person
has signed in at the company; it answers with a code), token endpoint (checks the client
secret, the redirect URI and the PKCE verifier, then issues an RS256-signed ID token) and
userinfo. `claims` are what it says about the next person who signs in."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class OidcProvider:
    def __init__(self, *, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-" + secrets.token_hex(4)
        self.claims: dict = {}
        self._codes: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "OidcProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what each endpoint answers --------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def jwks(self) -> dict:
        key = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**key, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict) -> tuple[int, dict]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        if "openid" not in query.get("scope", "").split():
            return 400, {"error": "invalid_scope"}
        code = secrets.token_urlsafe(16)
        self._codes[code] = {
            "claims": dict(self.claims),
            "redirect_uri": query["redirect_uri"],
            "code_challenge": query.get("code_challenge"),
            "nonce": query.get("nonce"),
        }
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
        return 302, {"Location": location}

    def token(self, form: dict, basic: tuple[str, str] | None) -> tuple[int, dict]:
        self.token_requests.append(form)
        client_id, secret = basic or (form.get("client_id"), form.get("client_secret"))
        if (client_id, secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        grant = self._codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.url, "aud": self.client_id, "iat": now, "exp": now + 300,
            "jti": secrets.token_hex(8), **grant["claims"],
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = grant["claims"]
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or token not in self._tokens:
            return 401, {"error": "invalid_token"}
        return 200, self._tokens[token]

    # --- HTTP ----------------------------------------------------------------------------

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: dict):
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body["Location"])
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._answer(200, provider.discovery())
                elif parts.path == "/jwks":
                    self._answer(200, provider.jwks())
                elif parts.path == "/authorize":
                    self._answer(*provider.authorize(query))
                elif parts.path == "/userinfo":
                    self._answer(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._answer(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                basic = None
                scheme, _, value = (self.headers.get("Authorization") or "").partition(" ")
                if scheme.lower() == "basic":
                    user, _, password = base64.b64decode(value).decode().partition(":")
                    basic = (user, password)
                if urlsplit(self.path).path == "/token":
                    self._answer(*provider.token(form, basic))
                else:
                    self._answer(404, {"error": "not_found"})

        return Handler

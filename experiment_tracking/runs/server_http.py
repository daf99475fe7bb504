"""Read-only JSON over HTTP for a tracking server, with the standard library only.

MLflow's own environment variables give the credentials and TLS options; their values are kept in
this module's client and never reach a note, an exception text or the report (``scrub``). Every
request has its own timeout, clipped to what is left of the overall deadline. Redirects are not
followed: a redirect would carry the credentials to another host, and a login page behind it is
not the API.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class Fault(Exception):
    """One request went wrong; the text is safe to show (no credentials, no response body)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        host = urllib.parse.urlsplit(newurl).hostname or "another address"
        raise Fault(f"HTTP {code}: redirected to {host}; not followed (credentials stay with the URI given)")


def split_uri(uri: str) -> tuple[str, str, str]:
    """(base URL without credentials/query, user, password) of an http(s) tracking URI."""
    parts = urllib.parse.urlsplit(uri.strip())
    user = urllib.parse.unquote(parts.username or "")
    password = urllib.parse.unquote(parts.password or "")
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    base = urllib.parse.urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))
    return base, user, password


def is_http(uri: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(uri.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


class JsonClient:
    """POST/GET JSON against one base URL within one overall deadline."""

    def __init__(self, uri: str, request_timeout: float, deadline: float, environ=None) -> None:
        env = os.environ if environ is None else environ
        self.base, user, password = split_uri(uri)
        self.request_timeout = float(request_timeout)
        self.started = time.monotonic()
        self.deadline = float(deadline)
        self.requests = 0
        self.headers = {"Accept": "application/json", "User-Agent": "experiment-tracking (read-only audit)"}
        token = env.get("MLFLOW_TRACKING_TOKEN") or ""
        user = env.get("MLFLOW_TRACKING_USERNAME") or user
        password = env.get("MLFLOW_TRACKING_PASSWORD") or password
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        elif user or password:
            pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self.headers["Authorization"] = f"Basic {pair}"
        # Exact values to blank out of anything shown, whatever an error message might echo.
        self._secrets = [s for s in (token, password, self.headers.get("Authorization", "")) if len(s) >= 3]
        handlers: list = [_NoRedirect()]
        if self.base.startswith("https:"):
            handlers.append(urllib.request.HTTPSHandler(context=self._tls(env)))
        self.opener = urllib.request.build_opener(*handlers)

    def _tls(self, env) -> ssl.SSLContext:
        if _truthy(env.get("MLFLOW_TRACKING_INSECURE_TLS")):
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            cafile = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH") or None
            try:
                ctx = ssl.create_default_context(cafile=cafile)
            except (OSError, ssl.SSLError) as exc:
                raise Fault(f"cannot load MLFLOW_TRACKING_SERVER_CERT_PATH: {type(exc).__name__}") from None
        client_cert = env.get("MLFLOW_TRACKING_CLIENT_CERT_PATH")
        if client_cert:
            try:
                ctx.load_cert_chain(client_cert)
            except (OSError, ssl.SSLError) as exc:
                raise Fault(f"cannot load MLFLOW_TRACKING_CLIENT_CERT_PATH: {type(exc).__name__}") from None
        return ctx

    def remaining(self) -> float:
        return self.deadline - (time.monotonic() - self.started)

    def scrub(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "***")
        return text

    def get(self, endpoint: str, query: dict | None = None) -> dict:
        qs = urllib.parse.urlencode({k: v for k, v in (query or {}).items() if v not in (None, "")})
        return self._call("GET", endpoint + (f"?{qs}" if qs else ""), None)

    def post(self, endpoint: str, body: dict) -> dict:
        return self._call("POST", endpoint, json.dumps(body).encode())

    def _call(self, method: str, endpoint: str, data: bytes | None) -> dict:
        left = self.remaining()
        if left <= 0:
            raise Fault(f"the overall deadline of {self.deadline:g}s was reached")
        timeout = round(max(0.1, min(self.request_timeout, left)), 1)
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(f"{self.base}/api/2.0/mlflow/{endpoint}", data, headers, method=method)
        self.requests += 1
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                ctype = resp.headers.get("Content-Type", "")
                promised = resp.headers.get("Content-Length", "")
                body = resp.read(MAX_RESPONSE_BYTES + 1)
            if promised.isdigit() and len(body) < int(promised) <= MAX_RESPONSE_BYTES:
                raise Fault(f"truncated response: {len(body)} of {promised} bytes arrived")
        except Fault:
            raise
        except urllib.error.HTTPError as exc:
            raise Fault(self.scrub(_http_error(exc))) from None
        except urllib.error.URLError as exc:
            raise Fault(self.scrub(_url_error(exc.reason, timeout))) from None
        except TimeoutError:
            raise Fault(f"no answer within {timeout:g}s") from None
        except (http.client.HTTPException, ConnectionError, OSError, ValueError) as exc:
            # IncompleteRead, RemoteDisconnected, a reset connection, a malformed URL
            raise Fault(self.scrub(f"connection failed: {type(exc).__name__}")) from None
        return self._decode(body, ctype)

    def _decode(self, body: bytes, ctype: str) -> dict:
        if len(body) > MAX_RESPONSE_BYTES:
            raise Fault(f"a response over {MAX_RESPONSE_BYTES // (1024 * 1024)} MB was not read")
        head = body[:512].lstrip().lower()
        if "html" in ctype.lower() or head.startswith((b"<!doctype", b"<html", b"<")):
            raise Fault("the server answered with HTML, not JSON (a login page or a proxy in front of it?)")
        try:
            doc = json.loads(body.decode("utf-8", "replace")) if body.strip() else {}
        except (ValueError, RecursionError) as exc:
            raise Fault(f"malformed or truncated JSON ({type(exc).__name__} at byte {_pos(exc)})") from None
        if not isinstance(doc, dict):
            raise Fault(f"expected a JSON object, got {type(doc).__name__}")
        return doc


def _pos(exc: Exception) -> str:
    return str(getattr(exc, "pos", "?"))


def _http_error(exc: urllib.error.HTTPError) -> str:
    code = exc.code
    error_code = ""
    try:
        raw = exc.read(64 * 1024)
        doc = json.loads(raw.decode("utf-8", "replace"))
        if isinstance(doc, dict) and isinstance(doc.get("error_code"), str):
            error_code = doc["error_code"][:60]
    except (ValueError, OSError, RecursionError, http.client.HTTPException):
        pass
    why = {
        401: "authentication required or refused (set MLFLOW_TRACKING_TOKEN or "
        "MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD)",
        403: "permission denied for these credentials",
        404: "no MLflow REST API at this address",
    }.get(code, "server error" if code >= 500 else "request refused")
    return f"HTTP {code}: {why}" + (f" ({error_code})" if error_code else "")


def _url_error(reason, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g}s"
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve (DNS)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused: is the server running?"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed: {getattr(reason, 'reason', None) or type(reason).__name__} (see MLFLOW_TRACKING_SERVER_CERT_PATH, MLFLOW_TRACKING_INSECURE_TLS)"
    return f"connection failed: {type(reason).__name__}"

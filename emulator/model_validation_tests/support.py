"""What the model validation tests share: the requests botocore would send (signed, never sent),
edits to them, and the validator's messages on them."""

import json
import os
import re
import sys
from urllib.parse import urlencode, urlsplit

EMULATOR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if EMULATOR not in sys.path:
    sys.path.insert(0, EMULATOR)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import model_validation as mv  # noqa: E402

ACCOUNT = "123456789012"
REGION = "us-east-1"
VALIDATOR = mv.ModelValidator()


class _Captured(Exception):
    pass


_clients = {}


def _client(service, region=REGION, validate=True):
    key = (service, region, validate)
    if key not in _clients:
        _clients[key] = boto3.client(
            service, region_name=region, endpoint_url="http://127.0.0.1:4566",
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            config=Config(parameter_validation=validate, retries={"total_max_attempts": 1}))
    return _clients[key]


def request(service, operation, params=None, region=REGION, validate=True, edit=None):
    """The request botocore would send for `operation`: (method, path, query, headers, body).
    `edit(AWSRequest)` changes it before it is signed (to add what botocore cannot serialize)."""
    client = _client(service, region, validate)
    got = {}

    def before_send(request, **_):
        url = urlsplit(request.url)
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode()
        headers = {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        headers.setdefault("Host", url.netloc)
        got["request"] = (request.method, url.path, url.query, headers, body or b"")
        raise _Captured()

    def before_sign(request, **_):
        edit(request)

    client.meta.events.register("before-send", before_send)
    if edit:
        client.meta.events.register("before-sign", before_sign)
    try:
        getattr(client, operation)(**(params or {}))
    except _Captured:
        pass
    finally:
        client.meta.events.unregister("before-send", before_send)
        if edit:
            client.meta.events.unregister("before-sign", before_sign)
    return got["request"]


def add_json(**extra):
    def edit(request):
        document = json.loads(request.data or b"{}")
        document.update(extra)
        request.data = json.dumps(document).encode()
    return edit


def add_form(**extra):
    def edit(request):
        if isinstance(request.data, dict):  # botocore's Query body, until it is encoded
            request.data.update(extra)
        else:
            request.data = (request.data or "") + "&" + urlencode(extra)
    return edit


def add_xml(before, text):
    def edit(request):
        body = request.data.decode()
        request.data = body.replace(before, text + before, 1).encode()
    return edit


def resign(req, service=None, region=None):
    """The same request with another credential scope (its signature is not checked here)."""
    method, path, query, headers, body = req
    headers = dict(headers)
    scope = re.search(r"Credential=([^/]+)/([^/]+)/([^/]+)/([^/]+)/", headers["Authorization"])
    headers["Authorization"] = headers["Authorization"].replace(
        scope.group(0), f"Credential={scope.group(1)}/{scope.group(2)}/{region or scope.group(3)}/"
                        f"{service or scope.group(4)}/")
    return method, path, query, headers, body


def with_headers(req, **changes):
    method, path, query, headers, body = req
    headers = {**headers, **{k.replace("_", "-"): v for k, v in changes.items()}}
    return method, path, query, headers, body


def messages(req):
    return [v.message for v in VALIDATOR.validate(*req)]

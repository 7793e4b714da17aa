"""CodeConnections GetConnection, a service moto lacks, served by the middleware."""

import json

from slipway_emulator.world.state import WORLD


CONNECTION_TARGETS = ("CodeConnections_20231201.GetConnection", "CodeStar_connections_20191201.GetConnection")


def _wsgi_headers(environ):
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers["-".join(p.capitalize() for p in key[5:].split("_"))] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["Content-Length"] = environ["CONTENT_LENGTH"]
    return headers


def get_connection(environ, body):
    """(status, JSON body) of a GetConnection call."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.access_control import IAMRequest
    from werkzeug.exceptions import HTTPException

    headers = _wsgi_headers(environ)
    request = json.loads(body or b"{}")
    arn = request.get("ConnectionArn", "")
    try:
        iam_request = IAMRequest(account_id=DEFAULT_ACCOUNT_ID, method=environ.get("REQUEST_METHOD", "POST"),
                                 path=environ.get("PATH_INFO", "/"), data={}, body=body, headers=headers,
                                 action="GetConnection")
        iam_request.check_signature()
        iam_request.check_action_permitted(arn or "*")
    except HTTPException as error:
        return error.code, error.get_body(), "text/xml"
    found = WORLD.connections.get(arn)
    if found is None:
        return 400, json.dumps({"__type": "ResourceNotFoundException", "message": f"Connection {arn} not found"}), "application/x-amz-json-1.0"
    account = arn.split(":")[4] if arn.count(":") >= 5 else DEFAULT_ACCOUNT_ID
    return 200, json.dumps({"Connection": {
        "ConnectionName": found.get("name") or arn.split("/")[-1], "ConnectionArn": arn, "ProviderType": "GitHub",
        "OwnerAccountId": account, "ConnectionStatus": found.get("status", "AVAILABLE")}}), "application/x-amz-json-1.0"

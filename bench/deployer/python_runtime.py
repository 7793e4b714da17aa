"""A tiny Lambda custom runtime loop for handler.py, as Lambda's Python runtime does it: import
the handler module (the init phase), then next -> handler -> response, over urllib.
"""

import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handler  # noqa: E402  (boto3 import and clients: the init phase)

BASE = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime/invocation"

while True:
    with urllib.request.urlopen(f"{BASE}/next", timeout=None) as reply:
        request_id = reply.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(reply.read())
    try:
        result, path = handler.handler(event, None), "response"
    except Exception as error:  # noqa: BLE001
        result, path = {"errorMessage": str(error), "errorType": type(error).__name__}, "error"
    body = json.dumps(result).encode()
    urllib.request.urlopen(urllib.request.Request(
        f"{BASE}/{request_id}/{path}", data=body, method="POST",
        headers={"Content-Type": "application/json"})).read()

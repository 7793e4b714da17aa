"""A WSGI request as validation reads it: its path as sent (percent-encoded) and its headers."""

from urllib.parse import quote


def raw_path(environ):
    """The request's path as sent (percent-encoded), from a WSGI environ."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if uri:
        if "://" in uri:  # an absolute-form request target
            uri = "/" + uri.split("://", 1)[1].partition("/")[2]
        return uri.split("?", 1)[0]
    return quote(environ.get("PATH_INFO", ""), safe="/~!$&'()*+,;=:@")


def environ_headers(environ):
    headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers

"""S3 as AWS has it where moto differs: conditional writes and deletes, and time from the emulator's clock.

moto 5.2.5 already answers PutObject's `If-None-Match: *` on an existing key and `If-Match` with
another ETag with 412 PreconditionFailed, `If-Match` on a missing key with 404 NoSuchKey, and
DeleteObject's `If-Match` likewise (checked, not patched). What it lacks:

- 409 ConditionalRequestConflict: S3 answers it to a conditional write (PutObject with If-None-Match
  or If-Match, DeleteObject with If-Match) that arrives while another conditional operation on the
  same key is in progress (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html, and botocore's
  PutObject IfNoneMatch/IfMatch documentation). moto serves them one after another, unchecked.
  `POST /_slipway/s3-hold {"bucket", "key", "seconds"}` makes the next conditional write to that key
  take `seconds` (real time), so that one sent meanwhile meets the conflict.
- DeleteObject `If-Match: *` deletes the object if it exists (404 NoSuchKey if not), as S3 does for
  general purpose buckets since 2025 (conditional-deletes.html above); moto compares `*` with the
  ETag and answers 412.
- LastModified (and the Last-Modified header) from the emulator's clock (clock.py), so a test that
  advances the clock sees the objects it writes after as written later.
"""

import threading
import time

from moto.s3.exceptions import MissingKey, S3ClientError
from moto.core.responses import ActionResult

from .clock import CLOCK

CONFLICT_MESSAGE = ("A conflicting conditional operation is currently in progress against this resource. "
                    "Please try again.")


class ConditionalRequestConflict(S3ClientError):
    code = "ConditionalRequestConflict"

    def __init__(self):
        super().__init__("ConditionalRequestConflict", CONFLICT_MESSAGE)


class ConditionalWrites:
    """The conditional operations in progress, per (bucket, key), and the holds tests armed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._in_progress = set()
        self._holds = {}  # (bucket, key) -> seconds the next conditional write takes

    def reset(self):
        with self._lock:
            self._in_progress.clear()
            self._holds.clear()

    def hold(self, bucket, key, seconds):
        with self._lock:
            self._holds[(bucket, key)] = seconds

    def holds(self):
        with self._lock:
            return [{"bucket": b, "key": k, "seconds": s} for (b, k), s in sorted(self._holds.items())]

    def begin(self, bucket, key):
        """Claim the key for one conditional operation: the seconds it is held, or None if one is in progress."""
        with self._lock:
            if (bucket, key) in self._in_progress:
                return None
            self._in_progress.add((bucket, key))
            return self._holds.pop((bucket, key), 0.0)

    def end(self, bucket, key):
        with self._lock:
            self._in_progress.discard((bucket, key))


CONDITIONAL = ConditionalWrites()


def _conflict_response(response):
    """S3's 409 ConditionalRequestConflict in moto's S3 error format (its model has no such shape: 400)."""
    status, headers, body = response.serialized(ActionResult(ConditionalRequestConflict()))
    return 409, headers, body


def _conditional(response, header_names, operation):
    if not any(response.headers.get(name) for name in header_names):
        return operation()
    bucket, key = response.bucket_name, response.parse_key_name()
    seconds = CONDITIONAL.begin(bucket, key)
    if seconds is None:
        return _conflict_response(response)
    try:
        if seconds:
            time.sleep(seconds)
        return operation()
    finally:
        CONDITIONAL.end(bucket, key)


def conflicting_put_object(previous):
    """PutObject as `previous` does it, with 409 for a conditional one while another is in progress."""
    def put_object(self):
        return _conditional(self, ("If-None-Match", "If-Match"), lambda: previous(self))
    return put_object


def conflicting_delete_object(previous):
    """DeleteObject as `previous` does it, with 409 for a conditional one while another is in progress."""
    def delete_object(self):
        return _conditional(self, ("If-Match",), lambda: previous(self))
    return delete_object


def if_match_any_delete_object(previous):
    """DeleteObject with `If-Match: *`: delete what exists (moto compares "*" with the ETag)."""
    def delete_object(self):
        if (self.headers.get("If-Match") or "").strip('"') != "*":
            return previous(self)
        key_name = self.parse_key_name()
        if self.backend.get_object(self.bucket_name, key_name) is None:
            raise MissingKey(key=key_name)
        _, meta = self.backend.delete_object(
            self.bucket_name, key_name, version_id=self._get_param("versionId"),
            bypass=self.headers.get("X-Amz-Bypass-Governance-Retention"))
        return 204, {f"x-amz-{name}": value for name, value in (meta or {}).items()}, ""
    return delete_object


def utcnow():
    """moto.s3.models.utcnow, from the emulator's clock."""
    return CLOCK.utcnow()

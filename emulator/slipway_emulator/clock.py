"""The emulator's clock: the wall clock plus an offset that tests move forward.

Real time flows as usual; `POST /_slipway/clock {"advance": seconds}` adds to the offset, so what
the emulator calls "now" jumps ahead at once instead of a test waiting for it: the HTTP Date header,
S3's LastModified, and the windows of Lambda's function states, ECS services draining and tasks
stopping, ELB's late release, Route 53's PENDING changes, network interfaces' release and IAM role
propagation. The simulated pipeline runs and rollouts (world/) still go by the wall clock.
"""

import datetime
import email.utils
import threading
import time


class Clock:
    """Wall time plus an offset that only grows."""

    def __init__(self):
        self._lock = threading.Lock()
        self._offset = 0.0

    def reset(self):
        with self._lock:
            self._offset = 0.0

    def advance(self, seconds):
        """Move "now" `seconds` forward (a number >= 0)."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise ValueError("advance is a number of seconds")
        if not seconds >= 0:  # also refuses NaN
            raise ValueError("the clock only moves forward: advance is 0 or more seconds")
        with self._lock:
            self._offset += float(seconds)

    @property
    def offset(self):
        return self._offset

    def time(self):
        """Now, in seconds since the epoch (time.time() moved)."""
        return time.time() + self._offset

    def monotonic(self):
        """time.monotonic() moved by the same offset, for measuring the simulation's windows."""
        return time.monotonic() + self._offset

    def utcnow(self):
        """Now as a naive UTC datetime, as moto.core.utils.utcnow() gives it."""
        return datetime.datetime.fromtimestamp(self.time(), datetime.timezone.utc).replace(tzinfo=None)

    def iso(self):
        """Now in ISO 8601 UTC with milliseconds: 2026-05-01T12:00:00.000Z."""
        return self.utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def http_date(self, timestamp=None):
        """An HTTP Date header's value (RFC 7231 IMF-fixdate) for now, or for `timestamp` if given."""
        return email.utils.formatdate(self.time() if timestamp is None else timestamp, usegmt=True)


CLOCK = Clock()

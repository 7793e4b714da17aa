"""The emulator's clock: the wall clock plus an offset that tests move forward.

Real time flows as usual; `POST /_slipway/clock {"advance": seconds}` adds to the offset, so what
the emulator calls "now" jumps ahead at once instead of a test waiting for it: the HTTP Date header,
S3's LastModified, and the windows of Lambda's function states, ECS services draining and tasks
stopping, ELB's late release, Route 53's PENDING changes, network interfaces' release and IAM role
propagation, and the simulated pipeline runs, builds and rollouts (world/). The endpoint moves it
through world/timeline.py, which stops at each moment the simulation has something due.

`since(moment)` measures from a moment moto stamped with the wall clock (a role's CreateDate), as
the clock stood then: the clock remembers when each advance happened. `pinned(at)` holds "now" at a
moment just past, for the one thread that acts for it (the timeline's steps), so that what the
simulation does there is stamped at that moment exactly.
"""

import bisect
import contextlib
import datetime
import email.utils
import math
import threading
import time


def seconds(value):
    """`value` as the seconds of an advance: a finite number >= 0, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("advance is a number of seconds")
    if not value >= 0:  # also refuses NaN
        raise ValueError("the clock only moves forward: advance is 0 or more seconds")
    if math.isinf(value):
        raise ValueError("advance is a finite number of seconds")
    return float(value)


class Clock:
    """Wall time plus an offset that only grows."""

    def __init__(self):
        self._lock = threading.Lock()
        self._offset = 0.0
        self._walls, self._offsets = [], []  # each advance: the wall time it happened, the offset after
        self._thread = threading.local()  # .at: "now" pinned for this thread, or absent

    def reset(self):
        with self._lock:
            self._offset = 0.0
            self._walls, self._offsets = [], []

    def advance(self, amount):
        """Move "now" `amount` seconds forward (a finite number >= 0)."""
        amount = seconds(amount)
        with self._lock:
            self._offset += amount
            self._walls.append(time.time())
            self._offsets.append(self._offset)

    @property
    def offset(self):
        return self._offset

    def time(self):
        """Now, in seconds since the epoch (time.time() moved; or the moment pinned for this thread)."""
        at = getattr(self._thread, "at", None)
        return at if at is not None else time.time() + self._offset

    @contextlib.contextmanager
    def pinned(self, at):
        """Within the block, in this thread only, "now" is `at` (a moment the clock has reached)."""
        self._thread.at = float(at)
        try:
            yield
        finally:
            self._thread.at = None

    def monotonic(self):
        """time.monotonic() moved by the same offset, for measuring the simulation's windows."""
        return time.monotonic() + self._offset

    def offset_at(self, wall):
        """The offset in force at wall time `wall` (seconds since the epoch)."""
        with self._lock:
            index = bisect.bisect_right(self._walls, wall)
            return self._offsets[index - 1] if index else 0.0

    def since(self, moment):
        """Seconds of the clock since `moment`, a naive UTC datetime moto stamped with the wall clock."""
        wall = moment.replace(tzinfo=datetime.timezone.utc).timestamp()
        return self.time() - (wall + self.offset_at(wall))

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

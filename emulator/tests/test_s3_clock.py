"""The clock tests move (the Date header, S3's LastModified) and S3's conditional writes: moto's own 412/404,
DeleteObject If-Match: *, 409 ConditionalRequestConflict while another conditional write is in progress."""

import email.utils
import threading
import time
import urllib.request
from datetime import datetime, timedelta, timezone

from tests.support import EmulatorCase, covers, error_of, eventually, failure

BUCKET = "conditional-writes"


def parse(iso):
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def status_of(call):
    """(HTTP status, AWS error code) of a call; (200, None) when it succeeds."""
    return failure(call)[:2]


class ClockAndS3Tests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client("s3").create_bucket(Bucket=BUCKET)

    @covers("clock.movable")
    def test_advancing_the_clock_moves_the_date_header_and_s3s_last_modified(self):
        s3 = self.client("s3")
        status, before = self.emulator.control("GET", "/_slipway/clock")
        self.assertEqual((status, set(before)), (200, {"now"}))
        self.assertLess(abs(parse(before["now"]) - datetime.now(timezone.utc)), timedelta(seconds=5))
        s3.put_object(Bucket=BUCKET, Key="before", Body=b"1")
        moved = self.advance(3600)
        now = parse(moved["now"])
        self.assertGreaterEqual(now - parse(before["now"]), timedelta(seconds=3600))
        s3.put_object(Bucket=BUCKET, Key="after", Body=b"2")
        head = s3.head_object(Bucket=BUCKET, Key="after")
        got = s3.get_object(Bucket=BUCKET, Key="after")
        listed = {o["Key"]: o["LastModified"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
        for when in (head["LastModified"], got["LastModified"], listed["after"],
                     email.utils.parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["last-modified"])):
            self.assertLess(abs(when - now), timedelta(seconds=5), (when, now))
        self.assertGreaterEqual(now - listed["before"], timedelta(seconds=3590))
        date = email.utils.parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["date"])
        self.assertLess(abs(date - now), timedelta(seconds=5))
        with urllib.request.urlopen(f"{self.emulator.url}/_slipway/health", timeout=10) as reply:
            self.assertLess(abs(email.utils.parsedate_to_datetime(reply.headers["Date"]) - now), timedelta(seconds=5))
            self.assertEqual(len(reply.headers.get_all("Date")), 1)
        self.assertEqual(self.emulator.control("POST", "/_slipway/clock", {"advance": -1})[0], 400)

    def test_motos_own_conditional_writes_answer_412_and_404_as_aws(self):
        s3 = self.client("s3")
        etag = s3.put_object(Bucket=BUCKET, Key="k", Body=b"1")["ETag"]
        self.assertEqual(status_of(lambda: s3.put_object(Bucket=BUCKET, Key="k", Body=b"2", IfNoneMatch="*")),
                         (412, "PreconditionFailed"))
        self.assertEqual(status_of(lambda: s3.put_object(Bucket=BUCKET, Key="k", Body=b"2", IfMatch='"0000"')),
                         (412, "PreconditionFailed"))
        self.assertEqual(status_of(lambda: s3.put_object(Bucket=BUCKET, Key="missing", Body=b"2", IfMatch=etag)),
                         (404, "NoSuchKey"))
        self.assertEqual(s3.get_object(Bucket=BUCKET, Key="k")["Body"].read(), b"1")
        etag = s3.put_object(Bucket=BUCKET, Key="k", Body=b"3", IfMatch=etag)["ETag"]
        s3.put_object(Bucket=BUCKET, Key="new", Body=b"1", IfNoneMatch="*")
        self.assertEqual(status_of(lambda: s3.delete_object(Bucket=BUCKET, Key="k", IfMatch='"0000"')),
                         (412, "PreconditionFailed"))
        self.assertEqual(status_of(lambda: s3.delete_object(Bucket=BUCKET, Key="missing", IfMatch=etag)), (404, "NoSuchKey"))
        s3.delete_object(Bucket=BUCKET, Key="k", IfMatch=etag)
        self.assertEqual(error_of(lambda: s3.head_object(Bucket=BUCKET, Key="k")), "404")

    @covers("s3.delete-if-match-any")
    def test_delete_object_if_match_any_deletes_an_object_that_exists_and_404s_otherwise(self):
        s3 = self.client("s3")
        s3.put_object(Bucket=BUCKET, Key="any", Body=b"1")
        deleted = s3.delete_object(Bucket=BUCKET, Key="any", IfMatch="*")
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(error_of(lambda: s3.head_object(Bucket=BUCKET, Key="any")), "404")
        self.assertEqual(status_of(lambda: s3.delete_object(Bucket=BUCKET, Key="any", IfMatch="*")), (404, "NoSuchKey"))

    @covers("s3.conditional-conflict")
    def test_a_conditional_write_while_another_is_in_progress_is_409_ConditionalRequestConflict(self):
        s3 = self.client("s3")
        held = self.post("/_slipway/s3-hold", {"bucket": BUCKET, "key": "lock", "seconds": 1.5})
        self.assertEqual(held, {"bucket": BUCKET, "key": "lock", "seconds": 1.5})
        self.assertEqual(self.emulator.control("GET", "/_slipway/s3-hold")[1], [held])
        first = {}
        writer = threading.Thread(target=lambda: first.update(result=status_of(lambda: self.client("s3").put_object(
            Bucket=BUCKET, Key="lock", Body=b"first", IfNoneMatch="*"))))
        writer.start()
        self.assertTrue(eventually(lambda: self.emulator.control("GET", "/_slipway/s3-hold")[1] == [], seconds=5))
        time.sleep(0.2)  # the first write is inside the server, held there for 1.5 s of real time (a thread sleeps)
        second = status_of(lambda: s3.put_object(Bucket=BUCKET, Key="lock", Body=b"second", IfNoneMatch="*"))
        third = status_of(lambda: s3.delete_object(Bucket=BUCKET, Key="lock", IfMatch="*"))
        other = status_of(lambda: s3.put_object(Bucket=BUCKET, Key="other", Body=b"x", IfNoneMatch="*"))
        writer.join(10)
        self.assertEqual(second, (409, "ConditionalRequestConflict"))
        self.assertEqual(third, (409, "ConditionalRequestConflict"))
        self.assertEqual((other, first["result"]), ((200, None), (200, None)))  # other keys pass
        self.assertEqual(s3.get_object(Bucket=BUCKET, Key="lock")["Body"].read(), b"first")
        self.assertEqual(status_of(lambda: s3.put_object(Bucket=BUCKET, Key="lock", Body=b"again", IfNoneMatch="*")),
                         (412, "PreconditionFailed"))
        self.assertEqual(self.emulator.control("DELETE", "/_slipway/s3-hold")[1], {"cleared": True})

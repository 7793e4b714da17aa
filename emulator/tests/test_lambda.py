"""Lambda function states: Pending after CreateFunction, LastUpdateStatus InProgress after an update, HTTP 409
ResourceConflictException meanwhile; the windows of POST /_slipway/settle, moved by the emulator's clock."""

import json

from botocore.exceptions import ClientError

from tests.support import EmulatorCase, covers, error_of
from tests.test_server import bootstrap_zip

PENDING = "The operation cannot be performed at this time. The function is currently in the following state: Pending"
DEFAULTS = {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0, "ecsDrainSeconds": 1.5, "ecsTaskStopSeconds": 1.5,
            "targetGroupReleaseSeconds": 1.0, "certificateReleaseSeconds": 1.0, "iamRoleAssumeSeconds": 0.0}


def conflict(call):
    """(code, message, x-amzn-ErrorType, HTTP status) of a refused call."""
    try:
        call()
    except ClientError as error:
        meta = error.response["ResponseMetadata"]
        return (error.response["Error"]["Code"], error.response["Error"]["Message"],
                meta["HTTPHeaders"].get("x-amzn-errortype"), meta["HTTPStatusCode"])
    raise AssertionError("the call succeeded; ResourceConflictException was expected")


def raw_replies(boto_client):
    """The raw body of each reply of `boto_client`, newest last (botocore's before-parse event)."""
    bodies = []
    boto_client.meta.events.register("before-parse", lambda **kw: bodies.append(kw["response_dict"]["body"]))
    return bodies


class LambdaTests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("settle-fn", "lambda.amazonaws.com")
        cls.code = bootstrap_zip()

    def create(self, name):
        return self.client("lambda").create_function(FunctionName=name, Runtime="provided.al2023", Handler="bootstrap",
                                                     Role=self.role, Code={"ZipFile": self.code})

    def test_the_settle_windows_default_on_and_bad_settings_are_refused(self):
        status, got = self.emulator.control("GET", "/_slipway/settle")
        self.assertEqual((status, got), (200, DEFAULTS))
        self.assertEqual(self.post("/_slipway/settle", {"ecsDrainSeconds": 1.5})["ecsDrainSeconds"], 1.5)
        for bad in ({"nope": 1}, {"ecsDrainSeconds": -1}, {"ecsDrainSeconds": "x"}):
            self.assertEqual(self.emulator.control("POST", "/_slipway/settle", bad)[0], 400, bad)

    @covers("lambda.function-states")
    def test_a_new_function_is_pending_and_refuses_updates_and_invoke_with_409_until_active(self):
        lam = self.client("lambda")
        bodies = raw_replies(lam)
        created = self.create("settle-a")
        self.assertEqual((created["State"], created["StateReason"], created["StateReasonCode"]),
                         ("Pending", "The function is being created.", "Creating"))
        self.assertNotIn("LastUpdateStatus", created)
        got = lam.get_function(FunctionName="settle-a")["Configuration"]
        self.assertEqual((got["State"], got["StateReasonCode"]), ("Pending", "Creating"))
        self.assertEqual(lam.get_function_configuration(FunctionName="settle-a")["State"], "Pending")
        for call in (lambda: lam.update_function_configuration(FunctionName="settle-a", MemorySize=256),
                     lambda: lam.update_function_code(FunctionName="settle-a", ZipFile=self.code),
                     lambda: lam.publish_version(FunctionName="settle-a"),
                     lambda: lam.invoke(FunctionName="settle-a", Payload=b"{}")):
            self.assertEqual(conflict(call), ("ResourceConflictException", PENDING, "ResourceConflictException", 409))
            self.assertEqual(json.loads(bodies[-1]), {"Type": "User", "message": PENDING})  # Lambda's own format
        lam.tag_resource(Resource=created["FunctionArn"], Tags={"slipway:app": "settle"})  # allowed while Pending
        self.create("settle-b")
        lam.delete_function(FunctionName="settle-b")
        self.advance(DEFAULTS["lambdaPendingSeconds"])
        got = lam.get_function(FunctionName="settle-a")["Configuration"]
        self.assertEqual((got["State"], got["LastUpdateStatus"]), ("Active", "Successful"))
        self.assertNotIn("StateReason", got)

    @covers("lambda.function-states")
    def test_an_update_is_in_progress_and_refuses_updates_publishing_and_tagging_until_successful(self):
        lam = self.client("lambda")
        arn = self.create("settle-u")["FunctionArn"]
        self.advance(DEFAULTS["lambdaPendingSeconds"])
        updated = lam.update_function_configuration(FunctionName="settle-u", MemorySize=256)
        self.assertEqual((updated["State"], updated["LastUpdateStatus"], updated["LastUpdateStatusReason"],
                          updated["LastUpdateStatusReasonCode"]), ("Active", "InProgress", "The function is being created.", "Creating"))
        self.assertEqual(lam.get_function_configuration(FunctionName="settle-u")["LastUpdateStatus"], "InProgress")
        busy = f"The operation cannot be performed at this time. An update is in progress for resource: {arn}"
        for call in (lambda: lam.update_function_code(FunctionName="settle-u", ZipFile=self.code),
                     lambda: lam.update_function_configuration(FunctionName="settle-u", Timeout=10),
                     lambda: lam.publish_version(FunctionName="settle-u"),
                     lambda: lam.tag_resource(Resource=arn, Tags={"x": "y"})):
            self.assertEqual(conflict(call), ("ResourceConflictException", busy, "ResourceConflictException", 409))
        self.advance(DEFAULTS["lambdaUpdateSeconds"])
        self.assertEqual(lam.get_function(FunctionName="settle-u")["Configuration"]["LastUpdateStatus"], "Successful")
        self.assertEqual(lam.update_function_code(FunctionName="settle-u", ZipFile=self.code)["LastUpdateStatus"], "InProgress")
        self.assertEqual(error_of(lambda: lam.publish_version(FunctionName="settle-u")), "ResourceConflictException")
        self.advance(DEFAULTS["lambdaUpdateSeconds"])
        lam.publish_version(FunctionName="settle-u")

    def test_windows_of_0_turn_the_states_off(self):
        lam = self.client("lambda")
        self.post("/_slipway/settle", {"lambdaPendingSeconds": 0, "lambdaUpdateSeconds": 0})
        self.addCleanup(self.post, "/_slipway/settle", {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0})
        self.assertEqual(self.create("settle-c")["State"], "Active")
        self.assertEqual(lam.update_function_configuration(FunctionName="settle-c", MemorySize=256)["LastUpdateStatus"],
                         "Successful")
        lam.update_function_code(FunctionName="settle-c", ZipFile=self.code)

"""CodePipeline's events delivered to EventBridge rules' SNS topics and API destinations, EventBridge and SNS
authorized on their resources, SNS email subscriptions pending until confirmed."""

import json

from tests.pipelines import declaration, status_of
from tests.support import ACCOUNT, REGION, EmulatorCase, covers, error_code, eventually

EVENTS_TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


class EventTests(EmulatorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.make_role("evt-pipeline-role", "codepipeline.amazonaws.com")
        cls.post("/_slipway/simulate", {"prefix": "evt-", "stageSeconds": 0.2})

    def topic_with_queue(self, name):
        """A topic EventBridge may publish to, with an SQS queue subscribed (raw delivery)."""
        sns, sqs = self.client("sns"), self.client("sqs")
        topic = sns.create_topic(Name=name)["TopicArn"]
        sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                                                    "Action": "sns:Publish", "Resource": topic}]}))
        queue = sqs.create_queue(QueueName=name)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
        return topic, queue

    def api_destination(self, name):
        events = self.client("events")
        connection = events.create_connection(Name=f"{name}-hook", AuthorizationType="API_KEY", AuthParameters={
            "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret"}})
        self.assertEqual(events.describe_connection(Name=f"{name}-hook")["ConnectionState"], "AUTHORIZED")
        return events.create_api_destination(
            Name=name, ConnectionArn=connection["ConnectionArn"], HttpMethod="POST",
            InvocationEndpoint="https://chat.example.org/hooks/deploys")["ApiDestinationArn"]

    def invoker(self, name, destination):
        """A role EventBridge assumes that may invoke `destination`."""
        iam = self.client("iam")
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(EVENTS_TRUST))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="invoke", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "events:InvokeApiDestination",
                                                    "Resource": f"{destination.rsplit('/', 1)[0]}/*"}]}))
        return arn

    @covers("world.pipeline-events")
    def test_a_failed_run_delivers_its_events_to_the_failed_rules_topic_and_api_destination(self):
        events, cp, sqs = self.client("events"), self.client("codepipeline"), self.client("sqs")
        topic, queue = self.topic_with_queue("evt-alerts")
        destination = self.api_destination("evt-chat")
        invoker = self.invoker("evt-invoker", destination)
        idle = self.client("iam").create_role(RoleName="evt-idle", AssumeRolePolicyDocument=json.dumps(EVENTS_TRUST))[
            "Role"]["Arn"]
        events.put_rule(Name="evt-failures", EventPattern=json.dumps({
            "source": ["aws.codepipeline"], "detail-type": ["CodePipeline Pipeline Execution State Change"],
            "detail": {"state": ["FAILED"], "pipeline": ["evt-fail"]}}))
        paths = {"pipeline": "$.detail.pipeline", "state": "$.detail.state", "id": "$.detail.execution-id"}
        events.put_targets(Rule="evt-failures", Targets=[
            {"Id": "sns", "Arn": topic, "InputTransformer": {
                "InputPathsMap": paths, "InputTemplate": '"Pipeline <pipeline> is <state>"'}},
            {"Id": "chat", "Arn": destination, "RoleArn": invoker, "InputTransformer": {
                "InputPathsMap": paths, "InputTemplate": "Pipeline <pipeline> <state> (execution <id>)"}},
            {"Id": "denied", "Arn": destination, "RoleArn": idle}])
        self.assertEqual(len(events.list_targets_by_rule(Rule="evt-failures")["Targets"]), 3)
        events.put_rule(Name="evt-action-failures", EventPattern=json.dumps({
            "source": ["aws.codepipeline"], "detail-type": ["CodePipeline Action Execution State Change"],
            "detail": {"state": ["FAILED"], "pipeline": ["evt-fail"]}}))
        events.put_targets(Rule="evt-action-failures", Targets=[{"Id": "sns", "Arn": topic, "InputPath": "$.detail"}])
        cp.create_pipeline(pipeline=declaration("evt-fail", self.role, repository="acme/fail"))
        self.emulator.control("DELETE", "/_slipway/deliveries")
        self.post("/_slipway/script", {"pipeline": "evt-fail", "failStage": "Deploy", "message": "tasks failed"})
        run = cp.start_pipeline_execution(name="evt-fail")["pipelineExecutionId"]
        self.assertTrue(eventually(lambda: status_of(cp, "evt-fail")[run] == "Failed"), status_of(cp, "evt-fail"))
        status, deliveries = self.emulator.control("GET", "/_slipway/deliveries")
        self.assertEqual(status, 200, deliveries)
        mine = [d for d in deliveries if d["rule"] == "evt-failures"]
        self.assertEqual(len(mine), 3, deliveries)
        by_kind = {(d["kind"], "failed" in d): d for d in mine}
        self.assertEqual(by_kind[("sns", False)]["body"], '"Pipeline evt-fail is FAILED"')
        chat = by_kind[("api-destination", False)]
        self.assertEqual((chat["method"], chat["endpoint"], chat["connection"], chat["body"]), (
            "POST", "https://chat.example.org/hooks/deploys", "evt-chat-hook", f"Pipeline evt-fail FAILED (execution {run})"))
        self.assertTrue(by_kind[("api-destination", True)]["failed"].startswith("AccessDenied"), mine)
        (action_failed,) = [d for d in deliveries if d["rule"] == "evt-action-failures"]
        detail = json.loads(action_failed["body"])
        self.assertEqual((detail["stage"], detail["action"], detail["type"]["category"]), ("Deploy", "Deploy", "Build"))
        self.assertEqual(detail["execution-result"], {"external-execution-summary": "tasks failed", "error-code": "JobFailed"})
        bodies = []
        for _ in range(3):
            got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
            bodies += [m["Body"] for m in got]
        self.assertEqual(len(bodies), 2, bodies)
        self.assertEqual(sorted(bodies, key=len)[0], '"Pipeline evt-fail is FAILED"')

    @covers("authorization.resources")
    def test_eventbridge_and_sns_are_authorized_on_rule_topic_and_destination_arns_with_pass_role(self):
        iam = self.client("iam")
        destination = self.api_destination("evt-app-chat")
        role = self.invoker("evt-app-invoker", destination)
        other_topic = self.client("sns").create_topic(Name="evt-other")["TopicArn"]
        deployer = self.user("evt-deployer", [
            {"Effect": "Allow", "Action": ["events:PutRule", "events:PutTargets", "events:DescribeRule",
                                           "events:ListTargetsByRule"], "Resource": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/evt-app-*"},
            {"Effect": "Allow", "Action": ["sns:CreateTopic", "sns:GetTopicAttributes", "sns:Subscribe"],
             "Resource": f"arn:aws:sns:{REGION}:{ACCOUNT}:evt-app-*"},
            {"Effect": "Allow", "Action": "events:DescribeApiDestination",
             "Resource": f"arn:aws:events:{REGION}:{ACCOUNT}:api-destination/evt-app-chat/*"}])
        ev, ns = deployer("events"), deployer("sns")
        ev.put_rule(Name="evt-app-alerts", EventPattern=json.dumps({"source": ["aws.codepipeline"]}))
        self.assertEqual(error_code(lambda: ev.put_rule(Name="other", EventPattern=json.dumps({"source": ["x"]}))),
                         "AccessDenied")
        ev.describe_api_destination(Name="evt-app-chat")
        topic = ns.create_topic(Name="evt-app-topic")["TopicArn"]
        ns.get_topic_attributes(TopicArn=topic)
        self.assertEqual(error_code(lambda: ns.get_topic_attributes(TopicArn=other_topic)), "AccessDenied")
        ev.put_targets(Rule="evt-app-alerts", Targets=[{"Id": "t", "Arn": topic}])
        self.assertEqual(error_code(lambda: ev.put_targets(Rule="evt-app-alerts", Targets=[
            {"Id": "r", "Arn": topic, "RoleArn": role}])), "AccessDenied")  # iam:PassRole
        iam.put_user_policy(UserName="evt-deployer", PolicyName="pass", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": role,
                                                    "Condition": {"StringEquals": {"iam:PassedToService": "events.amazonaws.com"}}}]}))
        ev.put_targets(Rule="evt-app-alerts", Targets=[{"Id": "r", "Arn": topic, "RoleArn": role}])

    @covers("sns.email-confirmation")
    def test_an_email_subscription_is_pending_until_confirmed(self):
        sns = self.client("sns")
        topic = sns.create_topic(Name="evt-mail")["TopicArn"]
        self.assertEqual(sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.org")["SubscriptionArn"],
                         "pending confirmation")
        (listed,) = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        self.assertEqual((listed["SubscriptionArn"], listed["Endpoint"]), ("PendingConfirmation", "ops@example.org"))
        self.assertEqual(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsPending"], "1")
        status, _ = self.emulator.control("POST", "/_slipway/confirm-subscription",
                                          {"topicArn": topic, "endpoint": "nobody@example.org"})
        self.assertEqual(status, 404)
        arn = self.post("/_slipway/confirm-subscription", {"topicArn": topic, "endpoint": "ops@example.org"})["subscriptionArn"]
        self.assertTrue(arn.startswith(f"{topic}:"), arn)
        (listed,) = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        self.assertEqual(listed["SubscriptionArn"], arn)
        self.assertEqual(sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"], "false")
        sns.unsubscribe(SubscriptionArn=arn)
        self.assertEqual(sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"], [])

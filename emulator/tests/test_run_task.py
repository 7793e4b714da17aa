"""One-off ECS tasks (RunTask, as `slipway run` starts them): the lifecycle on the emulator's clock, scripted
commands (POST /_slipway/tasks) with their output in the task's log stream, StopTask, AWS's replies for a
Fargate task, authorization on the task definition, its roles and the task, and Fargate's RunTask bucket.
Every step is moved by the clock (EmulatorCase.advance); no test waits for one."""

import datetime
import unittest

from tests.support import ACCOUNT, REGION, covers, error_code, error_message
from tests.web import WebCase

CLUSTER = "jobs"
GROUP = "/slipway/app/production/web"
MIGRATE = ["python", "manage.py", "migrate"]


def container(task):
    return task["containers"][0]


def seconds(later, earlier):
    return (later - earlier).total_seconds()


class RunTaskCase(WebCase):
    """A cluster, a log group and two families as Slipway registers them; helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ecs = cls.client("ecs")
        cls.execution_role = cls.make_role("app-web-execution", "ecs-tasks.amazonaws.com")
        cls.task_role = cls.make_role("app-web-task", "ecs-tasks.amazonaws.com")
        cls.tasks_sg = cls.group("app-web-tasks")
        ecs.create_cluster(clusterName=CLUSTER)
        cls.client("logs").create_log_group(logGroupName=GROUP)
        cls.definition = cls.register("app-web", GROUP)
        cls.other = cls.register("other-web", GROUP)
        cls.network = {"awsvpcConfiguration": {"subnets": cls.two[:1], "securityGroups": [cls.tasks_sg],
                                               "assignPublicIp": "ENABLED"}}

    @classmethod
    def register(cls, family, group):
        """A revision as Slipway registers one: Fargate, task-level cpu and memory, awslogs with the container's
        name as the stream prefix, no memory on the container."""
        logs = {"logDriver": "awslogs", "options": {"awslogs-group": group, "awslogs-region": REGION,
                                                    "awslogs-stream-prefix": "web"}}
        return cls.client("ecs").register_task_definition(
            family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            executionRoleArn=cls.execution_role, taskRoleArn=cls.task_role,
            containerDefinitions=[{"name": "web", "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app:abc", "essential": True,
                                   "portMappings": [{"containerPort": 8000}], "logConfiguration": logs}],
        )["taskDefinition"]["taskDefinitionArn"]

    def run_task(self, command=MIGRATE, client=None, definition=None, tags=True, **overrides):
        """RunTask as `slipway run` sends it; the reply's task."""
        args = dict(cluster=CLUSTER, taskDefinition=definition or self.definition, launchType="FARGATE", count=1,
                    networkConfiguration=self.network, startedBy="slipway-run",
                    overrides={"containerOverrides": [{"name": "web", "command": command}], **overrides})
        if tags:
            args["tags"] = [{"key": "slipway:app", "value": "app"}, {"key": "slipway:environment", "value": "production"},
                            {"key": "slipway:service", "value": "web"}]
        reply = (client or self.client("ecs")).run_task(**args)
        self.assertEqual(reply["failures"], [])
        return reply["tasks"][0]

    def describe(self, arn, **args):
        return self.client("ecs").describe_tasks(cluster=CLUSTER, tasks=[arn], **args)["tasks"][0]

    def events(self, task, token=None):
        """(messages, timestamps in ms, next forward token) of the task's stream, from `token` on."""
        stream = f"web/web/{task['taskArn'].split('/')[-1]}"
        args = {"nextToken": token} if token else {}
        page = self.client("logs").get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True, **args)
        return [e["message"] for e in page["events"]], [e["timestamp"] for e in page["events"]], page["nextForwardToken"]

    def interfaces(self):
        return self.client("ec2").describe_network_interfaces(
            Filters=[{"Name": "group-id", "Values": [self.tasks_sg]}])["NetworkInterfaces"]


class RunTaskTests(RunTaskCase):

    @covers("world.task-scripts", "ecs.task-lifecycle")
    def test_a_scripted_command_prints_its_lines_into_its_stream_and_exits_with_its_code(self):
        script = {"command": "python manage.py migrate", "output": ["Applying app.0001_initial... OK",
                                                                     "Applying app.0002_orders... OK"],
                  "exitCode": 3, "runSeconds": 2, "startSeconds": 2}
        self.assertEqual(self.post("/_slipway/tasks", script)["exitCode"], 3)
        started = self.run_task()
        self.assertEqual((started["lastStatus"], started["desiredStatus"]), ("PROVISIONING", "RUNNING"))
        self.assertEqual(started["attachments"][0]["status"], "PRECREATED")
        self.assertNotIn("exitCode", container(started))
        self.advance(1.0)
        pending = self.describe(started["taskArn"])
        self.assertEqual((pending["lastStatus"], container(pending)["lastStatus"]), ("PENDING", "PENDING"))
        self.assertEqual(pending["attachments"][0]["status"], "ATTACHED")
        self.assertNotIn("startedAt", pending)
        self.advance(1.0)
        running = self.describe(started["taskArn"])
        self.assertEqual((running["lastStatus"], container(running)["lastStatus"]), ("RUNNING", "RUNNING"))
        messages, stamps, token = self.events(running)
        self.assertEqual(messages, ["Applying app.0001_initial... OK"])  # the stream is there once the container starts
        self.advance(1.0)
        messages, more, token = self.events(running, token)
        self.assertEqual(messages, ["Applying app.0002_orders... OK"])  # read on from the token: the new line only
        self.assertEqual(self.describe(started["taskArn"])["lastStatus"], "RUNNING")
        self.advance(1.0)
        stopped = self.describe(started["taskArn"])
        self.assertEqual((stopped["lastStatus"], stopped["desiredStatus"], stopped["stopCode"], stopped["stoppedReason"]),
                         ("STOPPED", "STOPPED", "EssentialContainerExited", "Essential container in task exited"))
        self.assertEqual((container(stopped)["exitCode"], container(stopped)["lastStatus"]), (3, "STOPPED"))
        self.assertEqual(seconds(stopped["stoppedAt"], stopped["startedAt"]), 2.0)
        self.assertEqual(seconds(stopped["startedAt"], stopped["createdAt"]), 2.0)
        started_ms = stopped["startedAt"].timestamp() * 1000
        for stamp, offset in zip(stamps + more, (0, 1000)):  # spread over the run, on the clock
            self.assertAlmostEqual(stamp - started_ms, offset, delta=1)
        self.assertEqual(self.events(stopped, token)[0], [])

    @covers("ecs.task-lifecycle")
    def test_an_unscripted_command_runs_a_second_and_exits_0_on_the_clock(self):
        started = self.run_task(["echo", "nothing", "scripted"], definition="app-web")  # the family: its latest revision
        self.assertEqual(started["taskDefinitionArn"], self.definition)
        arn = started["taskArn"]
        self.assertEqual(started["lastStatus"], "PROVISIONING")
        self.advance(0.2)
        running = self.describe(arn)
        self.assertEqual((running["lastStatus"], running["desiredStatus"]), ("RUNNING", "RUNNING"))
        self.assertAlmostEqual(seconds(running["startedAt"], running["createdAt"]), 0.2, places=2)
        eni = {d["name"]: d["value"] for d in running["attachments"][0]["details"]}["networkInterfaceId"]
        self.assertIn(eni, {i["NetworkInterfaceId"] for i in self.interfaces()})
        self.advance(1.0)
        stopped = self.describe(arn)
        self.assertEqual((stopped["lastStatus"], stopped["stopCode"], container(stopped)["exitCode"]),
                         ("STOPPED", "EssentialContainerExited", 0))
        self.assertAlmostEqual(seconds(stopped["stoppedAt"], stopped["startedAt"]), 1.0, places=2)
        self.assertEqual(stopped["stoppingAt"], stopped["stoppedAt"])
        self.assertEqual(stopped["attachments"][0]["status"], "DETACHED")
        self.assertNotIn(eni, {i["NetworkInterfaceId"] for i in self.interfaces()})  # Fargate deleted it
        self.assertEqual(self.events(stopped)[0], [])  # no output, but the stream exists

    @covers("world.task-scripts")
    def test_a_command_scripted_to_fail_to_start_stops_without_running(self):
        reason = ("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
                  f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app:abc: not found")
        self.post("/_slipway/tasks", {"command": "bin/worker --once", "failToStart": reason})
        arn = self.run_task(["bin/worker", "--once"])["taskArn"]
        self.advance(0.2)
        stopped = self.describe(arn)
        self.assertEqual((stopped["lastStatus"], stopped["stopCode"], stopped["stoppedReason"]),
                         ("STOPPED", "TaskFailedToStart", reason))
        self.assertNotIn("exitCode", container(stopped))
        self.assertEqual((container(stopped)["lastStatus"], container(stopped)["reason"]), ("STOPPED", reason))
        self.assertNotIn("startedAt", stopped)
        status, answer = self.emulator.control("POST", "/_slipway/tasks", {"command": "x", "exitCode": "3"})
        self.assertEqual(status, 400, answer)
        status, answer = self.emulator.control("POST", "/_slipway/tasks", {"command": "x", "runSecond": 1})
        self.assertEqual((status, answer["error"]), (400, "unknown keys ['runSecond']"))
        status, listed = self.emulator.control("GET", "/_slipway/tasks")
        self.assertIn("bin/worker --once", [s["command"] for s in listed["scripts"]])

    @covers("ecs.task-lifecycle")
    def test_a_missing_log_group_fails_the_task_as_the_awslogs_driver_does(self):
        definition = self.register("nolog-web", "/slipway/nowhere")
        arn = self.run_task(definition=definition)["taskArn"]
        self.advance(0.2)
        stopped = self.describe(arn)
        self.assertEqual((stopped["lastStatus"], stopped["stopCode"]), ("STOPPED", "TaskFailedToStart"))
        self.assertIn("The specified log group does not exist", stopped["stoppedReason"])

    @covers("ecs.task-lifecycle")
    def test_stop_task_makes_it_stopping_then_stopped_with_sigterm_s_exit_code(self):
        self.post("/_slipway/tasks", {"command": "python manage.py shell", "output": ["started"], "runSeconds": 600,
                                      "stopSeconds": 5})
        ecs = self.client("ecs")
        arn = self.run_task(["python", "manage.py", "shell"])["taskArn"]
        self.advance(0.2)
        stopping = ecs.stop_task(cluster=CLUSTER, task=arn, reason="Interrupted: slipway run (Ctrl-C)")["task"]
        self.assertEqual((stopping["lastStatus"], stopping["desiredStatus"], stopping["stopCode"], stopping["stoppedReason"]),
                         ("STOPPING", "STOPPED", "UserInitiated", "Interrupted: slipway run (Ctrl-C)"))
        self.assertEqual(container(stopping)["lastStatus"], "RUNNING")
        self.advance(2.0)
        self.assertEqual(self.describe(arn)["lastStatus"], "STOPPING")
        self.advance(3.0)
        stopped = self.describe(arn)
        self.assertEqual((stopped["lastStatus"], stopped["stopCode"], container(stopped)["exitCode"]), ("STOPPED", "UserInitiated", 143))
        self.assertEqual(seconds(stopped["stoppedAt"], stopped["stoppingAt"]), 5.0)
        self.assertEqual(self.events(stopped)[0], ["started"])
        self.assertEqual(ecs.stop_task(cluster=CLUSTER, task=arn)["task"]["stoppedReason"],
                         "Interrupted: slipway run (Ctrl-C)")  # a stopped task stays as it stopped
        self.post("/_slipway/tasks", {"command": "bin/graceful", "runSeconds": 600, "exitOnStop": 0})
        graceful = self.run_task(["bin/graceful"])["taskArn"]
        self.advance(0.2)
        ecs.stop_task(cluster=CLUSTER, task=graceful.split("/")[-1])  # by ID, no reason
        self.advance(1.0)
        stopped = self.describe(graceful)
        self.assertEqual((stopped["stoppedReason"], container(stopped)["exitCode"]), ("Task stopped by user", 0))
        self.post("/_slipway/tasks", {"command": "bin/slow-start", "startSeconds": 60})
        early = self.run_task(["bin/slow-start"])["taskArn"]
        ecs.stop_task(cluster=CLUSTER, task=early)  # before it ran: no exit code
        self.advance(1.0)
        stopped = self.describe(early)
        self.assertEqual((stopped["lastStatus"], stopped["stopCode"]), ("STOPPED", "UserInitiated"))
        self.assertNotIn("exitCode", container(stopped))
        self.assertNotIn("startedAt", stopped)

    @covers("ecs.task-replies", "ecs.run-task-container-memory")
    def test_replies_describe_a_fargate_task_as_aws_does(self):
        started = self.run_task(cpu="512", memory="1024")
        arn, task_id = started["taskArn"], started["taskArn"].split("/")[-1]
        self.assertRegex(arn, rf"^arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/[0-9a-f]{{32}}$")
        self.assertEqual((started["cpu"], started["memory"], started["launchType"], started["platformVersion"],
                          started["platformFamily"], started["group"], started["startedBy"], started["healthStatus"]),
                         ("512", "1024", "FARGATE", "1.4.0", "Linux", "family:app-web", "slipway-run", "UNKNOWN"))
        self.assertEqual(started["clusterArn"], f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{CLUSTER}")
        self.assertIn(started["availabilityZone"], {f"{REGION}{z}" for z in "abcdef"})
        self.assertEqual(started["overrides"]["containerOverrides"], [{"name": "web", "command": MIGRATE}])
        self.assertIsInstance(started["createdAt"], datetime.datetime)
        self.assertEqual(len(started["tags"]), 3)
        first = container(started)
        self.assertEqual((first["name"], first["taskArn"], first["healthStatus"], first["lastStatus"]),
                         ("web", arn, "UNKNOWN", "PENDING"))
        self.assertRegex(first["containerArn"], rf"^arn:aws:ecs:{REGION}:{ACCOUNT}:container/{CLUSTER}/{task_id}/[0-9a-f-]{{36}}$")
        self.assertNotIn("exitCode", first)
        self.assertEqual(first["networkInterfaces"][0]["attachmentId"], started["attachments"][0]["id"])
        self.assertEqual(self.run_task()["memory"], "512")  # the task definition's, without overrides
        described = self.client("ecs").describe_tasks(cluster=CLUSTER, tasks=[arn, "0" * 32])
        self.assertNotIn("tags", described["tasks"][0])
        self.assertEqual(described["failures"], [{"arn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/{'0' * 32}",
                                                  "reason": "MISSING"}])
        self.assertEqual({t["key"] for t in self.describe(task_id, include=["TAGS"])["tags"]},
                         {"slipway:app", "slipway:environment", "slipway:service"})
        self.client("ecs").create_cluster(clusterName="elsewhere")
        self.assertEqual(self.client("ecs").describe_tasks(cluster="elsewhere", tasks=[arn])["failures"][0]["reason"], "MISSING")
        self.assertEqual(error_code(lambda: self.client("ecs").stop_task(cluster=CLUSTER, task="0" * 32)),
                         "InvalidParameterException")
        self.advance(0.1)
        eni = next(i for i in self.interfaces() if i["PrivateIpAddress"] == first["networkInterfaces"][0]["privateIpv4Address"])
        self.assertEqual((eni["Description"], eni["RequesterManaged"]),
                         (f"arn:aws:ecs:{REGION}:{ACCOUNT}:attachment/{started['attachments'][0]['id']}", True))

    @covers("ecs.task-lifecycle")
    def test_a_one_off_task_leaves_the_service_s_counts_and_deployments_alone(self):
        ecs = self.client("ecs")
        self.post("/_slipway/simulate", {"prefix": "app-web-svc", "rolloutSeconds": 0.5})
        ecs.create_service(cluster=CLUSTER, serviceName="app-web-svc", taskDefinition=self.definition, desiredCount=2,
                           launchType="FARGATE", networkConfiguration=self.network)
        self.advance(0.5)
        before = ecs.describe_services(cluster=CLUSTER, services=["app-web-svc"])["services"][0]
        self.assertEqual((before["runningCount"], before["pendingCount"]), (2, 0))
        running = lambda: ecs.describe_clusters(clusters=[CLUSTER])["clusters"][0]["runningTasksCount"]  # noqa: E731
        baseline = running()
        arn = self.run_task(["python", "manage.py", "check"])["taskArn"]
        self.advance(0.2)
        self.assertEqual((self.describe(arn)["lastStatus"], running()), ("RUNNING", baseline + 1))  # the cluster counts it
        during = ecs.describe_services(cluster=CLUSTER, services=["app-web-svc"])["services"][0]
        self.advance(1.0)
        self.assertEqual((self.describe(arn)["lastStatus"], running()), ("STOPPED", baseline))
        after = ecs.describe_services(cluster=CLUSTER, services=["app-web-svc"])["services"][0]
        for service in (during, after):
            self.assertEqual((service["runningCount"], service["pendingCount"], service["desiredCount"]), (2, 0, 2))
            self.assertEqual([(d["id"], d["status"], d["runningCount"]) for d in service["deployments"]],
                             [(d["id"], d["status"], d["runningCount"]) for d in before["deployments"]])
            self.assertEqual(len(service["events"]), len(before["events"]))


class RunTaskAuthorizationTests(RunTaskCase):
    """RunTask on the task definition revision with iam:PassRole of its roles and ecs:TagResource on the new task;
    DescribeTasks and StopTask on the task."""

    def statements(self, families=("app-web",), pass_roles=True, tag=True, tasks=f"task/{CLUSTER}/*"):
        found = [{"Effect": "Allow", "Action": "ecs:RunTask",
                  "Resource": [f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{f}:*" for f in families]},
                 {"Effect": "Allow", "Action": ["ecs:DescribeTasks", "ecs:StopTask"],
                  "Resource": f"arn:aws:ecs:{REGION}:{ACCOUNT}:{tasks}"}]
        if pass_roles:
            found.append({"Effect": "Allow", "Action": "iam:PassRole", "Resource": [self.execution_role, self.task_role],
                          "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}})
        if tag:
            found.append({"Effect": "Allow", "Action": "ecs:TagResource", "Resource": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/*",
                          "Condition": {"StringEquals": {"ecs:CreateAction": "RunTask"}}})
        return found

    @covers("authorization.resources")
    def test_run_task_is_authorized_on_the_task_definition_revision(self):
        other_family = self.user("run-other", self.statements(families=("other-web",)))("ecs")
        message = error_message(lambda: self.run_task(client=other_family))
        self.assertIn(f"ecs:RunTask on resource: {self.definition}", message)
        self.assertEqual(error_code(lambda: self.run_task(client=other_family, definition="app-web")), "AccessDenied")
        arn = self.run_task(client=other_family, definition=self.other)["taskArn"]  # its own family's
        self.assertEqual(other_family.describe_tasks(cluster=CLUSTER, tasks=[arn])["tasks"][0]["taskArn"], arn)

    @covers("authorization.resources")
    def test_run_task_needs_pass_role_for_the_task_s_roles_and_tag_resource_for_its_tags(self):
        no_pass = self.user("run-no-pass", self.statements(pass_roles=False))("ecs")
        message = error_message(lambda: self.run_task(client=no_pass))
        self.assertIn("iam:PassRole", message)
        self.assertIn("app-web-execution", message)
        no_tag = self.user("run-no-tag", self.statements(tag=False))("ecs")
        message = error_message(lambda: self.run_task(client=no_tag))
        self.assertRegex(message, rf"ecs:TagResource on resource: arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/[0-9a-f]{{32}}")
        arn = self.run_task(client=no_tag, tags=False)["taskArn"]
        allowed = self.user("run-allowed", self.statements())("ecs")
        tagged = self.run_task(client=allowed)["taskArn"]
        self.assertEqual(len(allowed.describe_tasks(cluster=CLUSTER, tasks=[tagged], include=["TAGS"])["tasks"][0]["tags"]), 3)
        elsewhere = self.user("run-elsewhere", self.statements(tasks="task/other-cluster/*"))("ecs")
        for call in (lambda: elsewhere.describe_tasks(cluster=CLUSTER, tasks=[arn]),
                     lambda: elsewhere.stop_task(cluster=CLUSTER, task=arn.split("/")[-1])):
            self.assertIn(f"on resource: {arn}", error_message(call))
        self.assertEqual(allowed.stop_task(cluster=CLUSTER, task=arn)["task"]["desiredStatus"], "STOPPED")


class FargateRunTaskBucketTests(unittest.TestCase):
    def test_run_task_takes_from_fargate_s_bucket_as_well_as_the_cluster_resource_one(self):
        import rate_limits as rl
        limiter = rl.Limiter(clock=lambda: 0.0)
        run = rl.Request("AKID", REGION, "ecs", "RunTask", "json")
        self.assertEqual(limiter.bucket_names(run), ["fargate-run-task", "cluster-resource-modify"])
        self.assertEqual([limiter.allow(run) for _ in range(21)], [True] * 20 + [False])  # 20 a second, burst and sustained
        stop = rl.Request("AKID", REGION, "ecs", "StopTask", "json")
        self.assertEqual([limiter.allow(stop) for _ in range(81)].count(True), 80)  # 100 less RunTask's 20
        self.assertEqual(limiter.bucket_names(rl.Request("AKID", REGION, "ecs", "DescribeTasks", "json")),
                         ["cluster-resource-read"])
        limiter.advance(1.0)
        self.assertTrue(limiter.allow(run))


if __name__ == "__main__":
    unittest.main()

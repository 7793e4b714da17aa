"""ECS: CreateService keeps deploymentConfiguration, DescribeTaskDefinition of a family, ListTaskDefinitionFamilies
by status and in pages, services DRAINING and tasks stopping after DeleteService, responses' own members."""

import unittest

from tests.support import EmulatorCase, covers, error_message, error_of

CONTAINERS = [{"name": "app", "image": "nginx", "memory": 128}]


class EcsTests(EmulatorCase):
    @covers("ecs.deployment-configuration")
    def test_create_service_keeps_its_deployment_configuration(self):
        ecs = self.client("ecs")
        ecs.create_cluster(clusterName="breaker")
        ecs.register_task_definition(family="breaker-td", containerDefinitions=CONTAINERS)
        configuration = {"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                         "maximumPercent": 200, "minimumHealthyPercent": 100}
        created = ecs.create_service(cluster="breaker", serviceName="web", taskDefinition="breaker-td", desiredCount=1,
                                     deploymentConfiguration=configuration)["service"]
        self.assertEqual(created["deploymentConfiguration"], configuration)
        described = ecs.describe_services(cluster="breaker", services=["web"])["services"][0]
        self.assertEqual(described["deploymentConfiguration"], configuration)

    @covers("ecs.describe-task-definition")
    def test_describe_task_definition_of_a_family_is_its_latest_active_revision(self):
        ecs = self.client("ecs")
        for _ in range(2):
            ecs.register_task_definition(family="latest-td", containerDefinitions=CONTAINERS)
        ecs.deregister_task_definition(taskDefinition="latest-td:2")
        self.assertEqual(ecs.describe_task_definition(taskDefinition="latest-td")["taskDefinition"]["revision"], 1)
        self.assertEqual(ecs.describe_task_definition(taskDefinition="latest-td:2")["taskDefinition"]["status"], "INACTIVE")

    @covers("ecs.list-task-definition-families")
    def test_list_task_definition_families_filters_by_status_and_pages(self):
        ecs = self.client("ecs")
        for family in ("fam-a", "fam-b", "fam-c", "other"):
            ecs.register_task_definition(family=family, containerDefinitions=CONTAINERS)
        ecs.register_task_definition(family="fam-b", containerDefinitions=CONTAINERS)
        for revision in ("fam-b:1", "fam-b:2"):
            ecs.deregister_task_definition(taskDefinition=revision)

        def families(**args):
            got, token = [], None
            while True:
                page = ecs.list_task_definition_families(familyPrefix="fam-", **args, **({"nextToken": token} if token else {}))
                got.append(page["families"])
                token = page.get("nextToken")
                if not token:
                    return got
        self.assertEqual(families(status="ACTIVE"), [["fam-a", "fam-c"]])  # fam-b's revisions are all INACTIVE
        self.assertEqual(families(status="INACTIVE"), [["fam-b"]])
        self.assertEqual(families(maxResults=2), [["fam-a", "fam-b"], ["fam-c"]])

    def cluster(self, name):
        found = self.client("ecs").describe_clusters(clusters=[name])["clusters"][0]
        return {k: found[k] for k in ("status", "activeServicesCount", "runningTasksCount", "pendingTasksCount")}

    @covers("ecs.draining")
    def test_a_deleted_service_drains_its_tasks_stop_and_then_the_cluster_may_go(self):
        ecs, settle = self.client("ecs"), self.emulator.control("GET", "/_slipway/settle")[1]
        drain, stop = settle["ecsDrainSeconds"], settle["ecsTaskStopSeconds"]
        self.assertTrue(drain > 0 and stop > 0, settle)
        ecs.create_cluster(clusterName="settle")
        ecs.register_task_definition(family="settle-td", containerDefinitions=CONTAINERS)
        ecs.create_service(cluster="settle", serviceName="svc", taskDefinition="settle-td", desiredCount=2)
        ecs.create_service(cluster="settle", serviceName="idle", taskDefinition="settle-td", desiredCount=0)
        self.assertEqual(self.cluster("settle"), {"status": "ACTIVE", "activeServicesCount": 2, "runningTasksCount": 0,
                                                  "pendingTasksCount": 2})
        ecs.update_service(cluster="settle", service="svc", desiredCount=2)
        self.assertEqual((self.cluster("settle")["runningTasksCount"], self.cluster("settle")["pendingTasksCount"]), (2, 0))
        ecs.delete_service(cluster="settle", service="idle")
        ecs.update_service(cluster="settle", service="svc", desiredCount=0)  # as Slipway deletes: scale to 0, then delete
        deleted = ecs.delete_service(cluster="settle", service="svc", force=True)["service"]
        self.assertEqual((deleted["status"], deleted["desiredCount"]), ("DRAINING", 0))
        described = ecs.describe_services(cluster="settle", services=["svc"])["services"][0]
        self.assertEqual((described["status"], described["runningCount"]), ("DRAINING", 2))
        self.assertEqual(ecs.list_services(cluster="settle")["serviceArns"], [])
        self.assertEqual(self.cluster("settle"), {"status": "ACTIVE", "activeServicesCount": 0, "runningTasksCount": 2,
                                                  "pendingTasksCount": 0})
        self.assertEqual(error_message(lambda: ecs.delete_cluster(cluster="settle")),
                         "The Cluster cannot be deleted while Services are active.")
        self.assertEqual(error_of(lambda: ecs.delete_cluster(cluster="settle")), "ClusterContainsServicesException")
        self.assertEqual(error_message(lambda: ecs.create_service(cluster="settle", serviceName="svc", taskDefinition="settle-td",
                                                                  desiredCount=1)), "Unable to Start a service that is still Draining.")
        self.assertEqual(error_of(lambda: ecs.update_service(cluster="settle", service="svc", desiredCount=1)),
                         "ServiceNotActiveException")
        self.assertEqual(ecs.delete_service(cluster="settle", service="svc", force=True)["service"]["status"], "DRAINING")
        self.advance(drain)
        self.assertEqual(ecs.describe_services(cluster="settle", services=["svc"])["services"][0]["status"], "INACTIVE")
        self.assertEqual(error_of(lambda: ecs.delete_cluster(cluster="settle")), "ClusterContainsTasksException")
        self.assertEqual(error_message(lambda: ecs.delete_cluster(cluster="settle")),
                         "The Cluster cannot be deleted while Tasks are active.")
        self.assertEqual(self.cluster("settle")["runningTasksCount"], 2)
        self.advance(stop)
        self.assertEqual(self.cluster("settle")["runningTasksCount"], 0)
        again = ecs.create_service(cluster="settle", serviceName="svc", taskDefinition="settle-td", desiredCount=1)["service"]
        self.assertEqual(again["status"], "ACTIVE")
        self.assertEqual(ecs.list_services(cluster="settle")["serviceArns"], [again["serviceArn"]])
        ecs.update_service(cluster="settle", service="svc", desiredCount=0)
        ecs.delete_service(cluster="settle", service="svc")
        self.assertIsNotNone(error_of(lambda: ecs.delete_cluster(cluster="settle")))
        self.advance(drain + stop)
        ecs.delete_cluster(cluster="settle")
        self.assertEqual(self.cluster("settle")["status"], "INACTIVE")


class OwnResponseMembersTests(unittest.TestCase):
    """In this process, as the server serves two requests at once: one response excluding DescribeServices' TAGS."""

    @covers("core.own-response-members")
    def test_a_response_without_describe_services_tags_does_not_take_them_out_of_another(self):
        import slipway_emulator
        from moto.core.responses import never_return
        from moto.ecs.responses import DESCRIBE_SERVICES_TAGS, EC2ContainerServiceResponse
        slipway_emulator.apply()  # honours SLIPWAY_EMULATOR_DISABLE as the server does
        with_tags, without = EC2ContainerServiceResponse(), EC2ContainerServiceResponse()
        with_tags._include_in_response(DESCRIBE_SERVICES_TAGS)
        without._exclude_from_response(DESCRIBE_SERVICES_TAGS)
        self.assertIsNot(with_tags.RESPONSE_KEY_PATH_TO_TRANSFORMER[DESCRIBE_SERVICES_TAGS], never_return)
        self.assertIs(without.RESPONSE_KEY_PATH_TO_TRANSFORMER[DESCRIBE_SERVICES_TAGS], never_return)

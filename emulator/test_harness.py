"""Self-check of the local AWS harness (no pytest): `.venv/bin/python emulator/test_harness.py`.

Starts server.py on a free port, and with boto3 and the keys from its env file
proves authentication, every patch and added operation, the call log, IAM
enforcement, latency (via start.sh/stop.sh) and a clean stop. Prints
`N passed, M failed` and exits non-zero on any failure.
"""

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import zipfile
from urllib.parse import unquote

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "123456789012"
REGION = "us-east-1"
NO_RETRY = Config(retries={"total_max_attempts": 1})
results = []


def check(name):
    def run(fn):
        try:
            fn()
            results.append((name, None))
            print(f"PASS {name}")
        except Exception as e:  # noqa: BLE001 - report every failure
            results.append((name, e))
            print(f"FAIL {name}: {e!r}")
            traceback.print_exc()
        return fn
    return run


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            name, value = line.removeprefix("export ").strip().split("=", 1)
            env[name] = value.strip("'")
    return env


def http(method, url):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def error_code(fn):
    """The AWS error code of a failing call. moto answers signature and IAM errors of
    JSON-protocol services with an XML <ErrorResponse> (a known quirk): read both."""
    try:
        fn()
    except ClientError as e:
        err = e.response["Error"]
        xml_code = re.search(r"<Code>([^<]+)</Code>", err.get("Message", ""))
        return xml_code.group(1) if xml_code else err["Code"]
    raise AssertionError("call succeeded, expected an error")


def post(url, payload):
    req = urllib.request.Request(url, method="POST", data=json.dumps(payload).encode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def error_message(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"].get("Message", "")
    raise AssertionError("call succeeded, expected an error")


def error_of(fn):
    """The error code of fn(), or None when it succeeds."""
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def eventually(fn, seconds=10.0, every=0.2):
    """fn() until it returns something true, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        got = fn()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(every)


def web_checks(client, url, iam):
    """Sections 9-15 of patches.py: the web services (ELB, ACM, Route 53, Application Auto Scaling, EC2, ECS)."""
    ec2, elb, acm, r53 = client("ec2"), client("elbv2"), client("acm"), client("route53")
    ecs, aas = client("ecs"), client("application-autoscaling")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    by_zone = {s["AvailabilityZone"]: s["SubnetId"] for s in subnets}
    two = list(by_zone.values())[:2]
    tags = [{"Key": "slipway:app", "Value": "web"}]
    post(f"{url}/_slipway/web", {"eniReleaseSeconds": 0.5})
    state = {}

    def user(name, statements):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": statements}))
        k = iam.create_access_key(UserName=name)["AccessKey"]
        return lambda service: client(service, k["AccessKeyId"], k["SecretAccessKey"])  # noqa: E731

    def group(name):
        return ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]

    @check("ELB CreateLoadBalancer checks elasticloadbalancing:AddTags for its tags and, the first time, "
           "iam:CreateServiceLinkedRole, then creates AWSServiceRoleForElasticLoadBalancing")
    def _():
        state["lb_sg"] = group("web-lb")
        create = [{"Effect": "Allow", "Action": ["elasticloadbalancing:CreateLoadBalancer"],
                   "Resource": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-*"}]
        tagging = {"Effect": "Allow", "Action": "elasticloadbalancing:AddTags", "Resource": "*",
                   "Condition": {"StringEquals": {"elasticloadbalancing:CreateAction": "CreateLoadBalancer"}}}
        role = {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
                "Condition": {"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}}
        args = dict(Name="web-a", Subnets=two, SecurityGroups=[state["lb_sg"]], Tags=tags)
        message = error_message(lambda: user("web-lb-1", create)("elbv2").create_load_balancer(**args))
        assert "elasticloadbalancing:AddTags on resource: arn:aws:elasticloadbalancing:us-east-1:123456789012:" \
               "loadbalancer/app/web-a/*" in message, message
        message = error_message(lambda: user("web-lb-2", create + [tagging])("elbv2").create_load_balancer(**args))
        assert "iam:CreateServiceLinkedRole" in message and "AWSServiceRoleForElasticLoadBalancing" in message, message
        assert error_code(lambda: iam.get_role(RoleName="AWSServiceRoleForElasticLoadBalancing")) == "NoSuchEntity"
        lb = user("web-lb-3", create + [tagging, role])("elbv2").create_load_balancer(**args)["LoadBalancers"][0]
        assert iam.get_role(RoleName="AWSServiceRoleForElasticLoadBalancing")["Role"]["Path"] == \
            "/aws-service-role/elasticloadbalancing.amazonaws.com/"
        assert error_code(lambda: user("web-lb-4", create)("elbv2").create_load_balancer(
            Name="other", Subnets=two, SecurityGroups=[state["lb_sg"]])) == "AccessDenied"
        state["lb"] = lb

    @check("ELB an Application Load Balancer: the Region's hosted zone, {name}-{id} DNS names (internal-), two AZs, "
           "AWS's attributes, idempotent create, DescribeLoadBalancers of a missing name")
    def _():
        lb = state["lb"]
        assert lb["CanonicalHostedZoneId"] == "Z35SXDOTRQ7X7K", lb
        assert re.fullmatch(r"web-a-\d{10}\.us-east-1\.elb\.amazonaws\.com", lb["DNSName"]), lb["DNSName"]
        internal = elb.create_load_balancer(Name="web-int", Subnets=two, SecurityGroups=[state["lb_sg"]],
                                            Scheme="internal")["LoadBalancers"][0]
        assert internal["DNSName"].startswith("internal-web-int-"), internal["DNSName"]
        elb.delete_load_balancer(LoadBalancerArn=internal["LoadBalancerArn"])
        assert error_code(lambda: elb.create_load_balancer(Name="web-b", Subnets=two[:1])) == "ValidationError"
        assert error_code(lambda: elb.create_load_balancer(Name="web-b", Subnets=two, SecurityGroups=["sg-12345678"])) \
            == "InvalidSecurityGroup"
        again = elb.create_load_balancer(Name="web-a", Subnets=two, SecurityGroups=[state["lb_sg"]], Tags=tags)
        assert again["LoadBalancers"][0]["LoadBalancerArn"] == lb["LoadBalancerArn"]
        assert error_code(lambda: elb.create_load_balancer(Name="web-a", Subnets=two, Scheme="internal")) \
            == "DuplicateLoadBalancerName"
        attrs = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(
            LoadBalancerArn=lb["LoadBalancerArn"])["Attributes"]}
        assert attrs["idle_timeout.timeout_seconds"] == "60" and attrs["routing.http2.enabled"] == "true", attrs
        assert error_code(lambda: elb.describe_load_balancers(Names=["web-a", "nope"])) == "LoadBalancerNotFound"

    @check("ELB target groups: idempotent create, DuplicateTargetGroupName, a 3600 s deregistration delay, "
           "DescribeTargetGroups(LoadBalancerArn) empty, LoadBalancerArns from the rules that forward")
    def _():
        args = dict(Name="web-tg", Protocol="HTTP", Port=8005, VpcId=vpc, TargetType="ip", HealthCheckPath="/healthz")
        tg = elb.create_target_group(**args)["TargetGroups"][0]
        assert elb.create_target_group(**args)["TargetGroups"][0]["TargetGroupArn"] == tg["TargetGroupArn"]
        assert error_code(lambda: elb.create_target_group(**{**args, "Port": 9000})) == "DuplicateTargetGroupName"
        elb.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "3600"}])
        assert error_code(lambda: elb.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "3601"}])) == "ValidationError"
        elb.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "1"}])
        assert elb.describe_target_groups(LoadBalancerArn=state["lb"]["LoadBalancerArn"])["TargetGroups"] == []
        listener = elb.create_listener(LoadBalancerArn=state["lb"]["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])["Listeners"][0]
        assert "SslPolicy" not in listener, listener
        for priority, path in ((10, "/a"), (20, "/b")):
            elb.create_rule(ListenerArn=listener["ListenerArn"], Priority=priority, Actions=[
                {"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}],
                Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": [path]}}])
        got = elb.describe_target_groups(Names=["web-tg"])["TargetGroups"][0]
        assert got["LoadBalancerArns"] == [state["lb"]["LoadBalancerArn"]], got
        state.update(tg=tg["TargetGroupArn"], http=listener["ListenerArn"])

    @check("ACM DNS validation: PENDING_VALIDATION until every CNAME is in the zone, records per domain in request "
           "order (held back for resourceRecordSeconds), no IssuedAt before; ISSUED after")
    def _():
        created = r53.create_hosted_zone(Name="web.example.org", CallerReference="web")
        zone = created["HostedZone"]["Id"].split("/")[-1]
        assert r53.get_change(Id=created["ChangeInfo"]["Id"])["ChangeInfo"]["Status"] == "INSYNC"
        post(f"{url}/_slipway/web", {"resourceRecordSeconds": 1})
        arn = acm.request_certificate(DomainName="web.example.org", ValidationMethod="DNS", SubjectAlternativeNames=[
            "*.web.example.org", "api.web.example.org"], Tags=tags)["CertificateArn"]
        first = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        assert all("ResourceRecord" not in o for o in first["DomainValidationOptions"]), first
        post(f"{url}/_slipway/web", {"resourceRecordSeconds": 0})
        cert = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        names = [o["DomainName"] for o in cert["DomainValidationOptions"]]
        assert names == ["web.example.org", "*.web.example.org", "api.web.example.org"], names
        assert cert["SubjectAlternativeNames"] == names and "IssuedAt" not in cert and "NotAfter" not in cert, cert
        records = [o["ResourceRecord"] for o in cert["DomainValidationOptions"]]
        assert records[0] == records[1] and records[0]["Name"] != records[2]["Name"], records
        assert records[0]["Name"].endswith(".web.example.org.") and records[0]["Value"].endswith(".acm-validations.aws.")
        upsert = lambda r: {"Action": "UPSERT", "ResourceRecordSet": {  # noqa: E731
            "Name": r["Name"], "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": r["Value"]}]}}
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [upsert(records[0])]})
        time.sleep(1.2)  # MOTO_ACM_VALIDATION_WAIT=1 in this server's environment
        assert acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] == "PENDING_VALIDATION"
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [upsert(records[2])]})
        cert = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        assert cert["Status"] == "ISSUED" and "IssuedAt" in cert, cert["Status"]
        assert {o["ValidationStatus"] for o in cert["DomainValidationOptions"]} == {"SUCCESS"}
        state.update(zone=zone, cert=arn)

    @check("ELB listeners: UnsupportedCertificate for a certificate not ISSUED, DuplicateListener, idempotent create, "
           "SSLPolicyNotFound; ACM InUseBy the balancer and DeleteCertificate ResourceInUseException")
    def _():
        lb = state["lb"]["LoadBalancerArn"]
        pending = acm.request_certificate(DomainName="pending.example.org", ValidationMethod="DNS")["CertificateArn"]
        https = dict(LoadBalancerArn=lb, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                     DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])
        assert error_code(lambda: elb.create_listener(**https, Certificates=[{"CertificateArn": pending}])) == "UnsupportedCertificate"
        assert error_code(lambda: elb.create_listener(**https)) == "ValidationError"
        assert error_code(lambda: elb.create_listener(**{**https, "SslPolicy": "ELBSecurityPolicy-Nope"},
                                                      Certificates=[{"CertificateArn": state["cert"]}])) == "SSLPolicyNotFound"
        listener = elb.create_listener(**https, Certificates=[{"CertificateArn": state["cert"]}])["Listeners"][0]
        again = elb.create_listener(**https, Certificates=[{"CertificateArn": state["cert"]}])["Listeners"][0]
        assert again["ListenerArn"] == listener["ListenerArn"]
        assert error_code(lambda: elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=443, DefaultActions=https[
            "DefaultActions"])) == "DuplicateListener"
        assert acm.describe_certificate(CertificateArn=state["cert"])["Certificate"]["InUseBy"] == [lb]
        assert error_code(lambda: acm.delete_certificate(CertificateArn=state["cert"])) == "ResourceInUseException"
        acm.delete_certificate(CertificateArn=pending)
        state["https"] = listener["ListenerArn"]

    @check("Route 53: PENDING then INSYNC changes, NoSuchChange, whole-batch InvalidChangeBatch (exists, not found, "
           "values differ, alias to no balancer), lowercase names with a trailing dot, ListHostedZonesByName from DNSName")
    def _():
        zone = state["zone"]
        lb = elb.describe_load_balancers(Names=["web-a"])["LoadBalancers"][0]
        alias = {"HostedZoneId": lb["CanonicalHostedZoneId"], "DNSName": "DualStack." + lb["DNSName"].upper(),
                 "EvaluateTargetHealth": True}
        record = {"Name": "App.Web.Example.org", "Type": "A", "AliasTarget": alias}
        post(f"{url}/_slipway/web", {"changeSeconds": 0.5})
        change = r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            {"Action": "CREATE", "ResourceRecordSet": record}]})["ChangeInfo"]
        assert change["Status"] == "PENDING" and change["Id"] != "/change/C2682N5HXP0BZ4", change
        assert r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"] == "PENDING"
        assert eventually(lambda: r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"] == "INSYNC", 3)
        post(f"{url}/_slipway/web", {"changeSeconds": 0})
        assert error_code(lambda: r53.get_change(Id="CNOSUCHCHANGE0000000")) == "NoSuchChange"
        sets = {s["Name"]: s for s in r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]}
        got = sets["app.web.example.org."]["AliasTarget"]
        assert got["DNSName"] == "dualstack." + lb["DNSName"] + ".", got
        batch = lambda *changes: lambda: r53.change_resource_record_sets(  # noqa: E731
            HostedZoneId=zone, ChangeBatch={"Changes": list(changes)})
        exists = {"Action": "CREATE", "ResourceRecordSet": record}
        fine = {"Action": "UPSERT", "ResourceRecordSet": {"Name": "ok.web.example.org", "Type": "TXT", "TTL": 60,
                                                          "ResourceRecords": [{"Value": '"x"'}]}}
        message = error_message(batch(fine, exists))
        assert "Tried to create resource record set [name='app.web.example.org.', type='A'] but it already exists" in message
        assert "ok.web.example.org." not in {s["Name"] for s in r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]}
        differs = {"Action": "DELETE", "ResourceRecordSet": {**record, "AliasTarget": {**alias, "EvaluateTargetHealth": False}}}
        assert "do not match the current values" in error_message(batch(differs))
        missing = {"Action": "DELETE", "ResourceRecordSet": {**record, "Name": "gone.web.example.org"}}
        assert "but it was not found" in error_message(batch(missing))
        nowhere = {"Action": "UPSERT", "ResourceRecordSet": {**record, "AliasTarget": {**alias, "DNSName": "nope.example.com"}}}
        assert "does not lie within the target zone" in error_message(batch(nowhere))
        assert error_code(batch({"Action": "UPSERT", "ResourceRecordSet": {**record, "AliasTarget": {
            **alias, "HostedZoneId": "Z2P70J7EXAMPLE"}}})) == "InvalidChangeBatch"
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            {"Action": "DELETE", "ResourceRecordSet": record}]})
        r53.create_hosted_zone(Name="a.web.example.org", CallerReference="web-a")
        page = r53.list_hosted_zones_by_name(DNSName="web.example.org", MaxItems="1")
        assert [z["Name"] for z in page["HostedZones"]] == ["web.example.org."] and page["IsTruncated"], page
        assert page["NextDNSName"] == "a.web.example.org." and page["MaxItems"] == "1", page
        after = r53.list_hosted_zones_by_name(DNSName="0.web.example.org")["HostedZones"]
        assert [z["Name"] for z in after][:1] == ["a.web.example.org."], after

    @check("EC2 DeleteSecurityGroup: DependencyViolation while a balancer's interface or another group's rule uses it, "
           "CannotDelete for default; the balancer's interfaces go eniReleaseSeconds after DeleteLoadBalancer")
    def _():
        lb_sg, lb = state["lb_sg"], state["lb"]["LoadBalancerArn"]
        enis = ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [lb_sg]}])["NetworkInterfaces"]
        assert len(enis) == 2 and all(e["Description"].startswith("ELB app/web-a/") for e in enis), enis
        assert error_code(lambda: ec2.delete_security_group(GroupId=lb_sg)) == "DependencyViolation"
        tasks_sg = group("web-tasks")
        ec2.authorize_security_group_ingress(GroupId=tasks_sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": lb_sg}]}])
        other = group("web-other")
        ec2.authorize_security_group_ingress(GroupId=other, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "UserIdGroupPairs": [{"GroupId": tasks_sg}]}])
        assert error_code(lambda: ec2.delete_security_group(GroupId=tasks_sg)) == "DependencyViolation"
        ec2.delete_security_group(GroupId=other)
        default = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]},
                                                        {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]["GroupId"]
        assert error_code(lambda: ec2.delete_security_group(GroupId=default)) == "CannotDelete"
        spare_sg = group("web-spare")
        spare = elb.create_load_balancer(Name="web-spare", Subnets=two, SecurityGroups=[spare_sg])["LoadBalancers"][0]
        elb.delete_load_balancer(LoadBalancerArn=spare["LoadBalancerArn"])
        assert error_code(lambda: ec2.delete_security_group(GroupId=spare_sg)) == "DependencyViolation"
        assert eventually(lambda: error_of(lambda: ec2.delete_security_group(GroupId=spare_sg)) is None, 5)
        assert lb in {b["LoadBalancerArn"] for b in elb.describe_load_balancers()["LoadBalancers"]}
        state["tasks_sg"] = tasks_sg

    @check("ECS loadBalancers: AWS's InvalidParameterException cases, healthCheckGracePeriodSeconds kept; simulated "
           "tasks in DescribeTargetHealth: initial, healthy, draining on a new deployment, unhealthy on request")
    def _():
        ecs.create_cluster(clusterName="web")
        ecs.register_task_definition(family="web-api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                                     memory="512", containerDefinitions=[{"name": "api", "image": "nginx",
                                                                         "portMappings": [{"containerPort": 8005}]}])
        post(f"{url}/_slipway/simulate", {"prefix": "web-", "rolloutSeconds": 1.0})
        network = {"awsvpcConfiguration": {"subnets": two, "securityGroups": [state["tasks_sg"]]}}
        lbs = [{"targetGroupArn": state["tg"], "containerName": "api", "containerPort": 8005}]
        create = lambda **kw: ecs.create_service(cluster="web", taskDefinition="web-api", desiredCount=2,  # noqa: E731
                                                 launchType="FARGATE", networkConfiguration=network, **kw)
        for bad in ({"healthCheckGracePeriodSeconds": 30},
                    {"loadBalancers": [{**lbs[0], "containerPort": 9999}]},
                    {"loadBalancers": [{**lbs[0], "containerName": "nope"}]},
                    {"loadBalancers": [{**lbs[0], "targetGroupArn": state["tg"][:-4] + "0000"}]}):
            assert error_code(lambda: create(serviceName="web-bad", **bad)) == "InvalidParameterException", bad
        lonely = elb.create_target_group(Name="web-lonely", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")
        assert error_code(lambda: create(serviceName="web-bad", loadBalancers=[
            {**lbs[0], "targetGroupArn": lonely["TargetGroups"][0]["TargetGroupArn"]}])) == "InvalidParameterException"
        svc = create(serviceName="web-api", loadBalancers=lbs, healthCheckGracePeriodSeconds=60)["service"]
        assert svc["healthCheckGracePeriodSeconds"] == 60 and svc["loadBalancers"] == lbs, svc
        health = lambda: elb.describe_target_health(TargetGroupArn=state["tg"])["TargetHealthDescriptions"]  # noqa: E731
        states = lambda: sorted(h["TargetHealth"]["State"] for h in health())  # noqa: E731
        first = health()
        assert [h["TargetHealth"]["State"] for h in first] == ["initial"] * 2, first
        assert all(h["Target"]["Port"] == 8005 and h["TargetHealth"]["Reason"] == "Elb.RegistrationInProgress" for h in first)
        task_enis = ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [state["tasks_sg"]]}])
        assert {e["PrivateIpAddress"] for e in task_enis["NetworkInterfaces"]} == {h["Target"]["Id"] for h in first}
        assert eventually(lambda: states() == ["healthy", "healthy"], 3), health()
        old = {h["Target"]["Id"] for h in health()}
        ecs.update_service(cluster="web", service="web-api", forceNewDeployment=True)
        mixed = health()
        assert sorted(h["TargetHealth"]["State"] for h in mixed) == ["healthy", "healthy", "initial", "initial"], mixed
        assert eventually(lambda: {h["Target"]["Id"] for h in health() if h["TargetHealth"]["State"] == "draining"} == old, 3)
        assert eventually(lambda: states() == ["healthy", "healthy"] and not old & {h["Target"]["Id"] for h in health()}, 4)
        post(f"{url}/_slipway/target-health", {"targetGroupArn": state["tg"], "state": "unhealthy",
                                               "reason": "Target.ResponseCodeMismatch", "description": "Health checks failed with these codes: [502]"})
        sick = health()
        assert {(h["TargetHealth"]["State"], h["TargetHealth"]["Reason"]) for h in sick} == {("unhealthy", "Target.ResponseCodeMismatch")}
        post(f"{url}/_slipway/target-health", {"targetGroupArn": state["tg"], "state": None})
        assert states() == ["healthy", "healthy"]
        upd = ecs.update_service(cluster="web", service="web-api", loadBalancers=[], healthCheckGracePeriodSeconds=0)["service"]
        assert upd["loadBalancers"] == [] and states() == ["draining", "draining"], (upd["loadBalancers"], health())
        ecs.update_service(cluster="web", service="web-api", loadBalancers=lbs, healthCheckGracePeriodSeconds=60)

    @check("Application Auto Scaling: RoleARN the service-linked role, desired count moved into [min, max], tags, "
           "ObjectNotFoundException, ResourceLabel checked, PolicyNames, stable policy ARN, deregistering drops policies")
    def _():
        resource = "service/web/web-api"
        target = dict(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension="ecs:service:DesiredCount")
        assert error_code(lambda: aas.register_scalable_target(**target)) == "ValidationException"
        arn = aas.register_scalable_target(**target, MinCapacity=3, MaxCapacity=5, Tags={"slipway:app": "web"})["ScalableTargetARN"]
        got = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])["ScalableTargets"][0]
        assert got["RoleARN"].endswith("/AWSServiceRoleForApplicationAutoScaling_ECSService"), got
        assert iam.get_role(RoleName="AWSServiceRoleForApplicationAutoScaling_ECSService")
        assert ecs.describe_services(cluster="web", services=["web-api"])["services"][0]["desiredCount"] == 3
        aas.tag_resource(ResourceARN=arn, Tags={"slipway:env": "prod"})
        assert aas.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"slipway:app": "web", "slipway:env": "prod"}
        aas.untag_resource(ResourceARN=arn, TagKeys=["slipway:env"])
        assert aas.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"slipway:app": "web"}
        lb = elb.describe_load_balancers(Names=["web-a"])["LoadBalancers"][0]["LoadBalancerArn"]
        label = f"{lb.split(':loadbalancer/')[1]}/{state['tg'].split(':')[-1]}"
        policy = lambda name, metric, **spec: aas.put_scaling_policy(  # noqa: E731
            PolicyName=name, PolicyType="TargetTrackingScaling", **target, TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 50.0, "PredefinedMetricSpecification": {"PredefinedMetricType": metric, **spec}})
        first = policy("web-api-requests", "ALBRequestCountPerTarget", ResourceLabel=label)["PolicyARN"]
        assert policy("web-api-requests", "ALBRequestCountPerTarget", ResourceLabel=label)["PolicyARN"] == first
        policy("web-api-cpu", "ECSServiceAverageCPUUtilization")
        assert error_code(lambda: policy("x", "ALBRequestCountPerTarget", ResourceLabel="app/web-a/1/targetgroup/x/2")) \
            == "ValidationException"
        assert error_code(lambda: policy("x", "ALBRequestCountPerTarget")) == "ValidationException"
        assert error_code(lambda: aas.put_scaling_policy(
            PolicyName="x", PolicyType="TargetTrackingScaling", **{**target, "ResourceId": "service/web/web"},
            TargetTrackingScalingPolicyConfiguration={"TargetValue": 1.0, "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})) == "ObjectNotFoundException"
        named = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource, PolicyNames=["web-api-cpu"])
        assert [p["PolicyName"] for p in named["ScalingPolicies"]] == ["web-api-cpu"], named
        assert aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId="service/web/web-ap")["ScalingPolicies"] == []
        aas.delete_scaling_policy(PolicyName="web-api-cpu", **target)
        assert error_code(lambda: aas.delete_scaling_policy(PolicyName="web-api-cpu", **target)) == "ObjectNotFoundException"
        aas.deregister_scalable_target(**target)
        assert aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"] == []
        assert error_code(lambda: aas.deregister_scalable_target(**target)) == "ObjectNotFoundException"

    @check("Route 53 and EC2 answer a bad signature in their own error formats (botocore reads the code; EC2's is AuthFailure)")
    def _():
        assert error_of(lambda: client("route53", secret_key="x" * 40).list_hosted_zones()) == "SignatureDoesNotMatch"
        assert error_of(lambda: client("ec2", secret_key="x" * 40).describe_vpcs()) == "AuthFailure"

    @check("Resource Groups Tagging API GetResources lists listeners and rules with the balancers and target groups")
    def _():
        elb.add_tags(ResourceArns=[state["https"], state["lb"]["LoadBalancerArn"]], Tags=tags)
        found = client("resourcegroupstaggingapi").get_resources(TagFilters=[{"Key": "slipway:app", "Values": ["web"]}])
        arns = {m["ResourceARN"] for m in found["ResourceTagMappingList"]}
        assert {state["https"], state["lb"]["LoadBalancerArn"], state["cert"]} <= arns, arns

    @check("Least privilege: a web service's lifecycle as a user whose policy names only its resources; "
           "the same calls on other names are denied")
    def _():
        account, region = ACCOUNT, REGION
        elb_arn = f"arn:aws:elasticloadbalancing:{region}:{account}"
        statements = [
            {"Effect": "Allow", "Action": ["ec2:Describe*", "elasticloadbalancing:Describe*", "acm:ListCertificates",
                                           "acm:RequestCertificate", "route53:ListHostedZonesByName",
                                           "application-autoscaling:Describe*"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["ec2:CreateSecurityGroup"], "Resource": [f"arn:aws:ec2:{region}:{account}:vpc/{vpc}",
                                                                                    f"arn:aws:ec2:{region}:{account}:security-group/*"]},
            {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": f"arn:aws:ec2:{region}:{account}:security-group/*",
             "Condition": {"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}}},
            {"Effect": "Allow", "Action": ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
             "Resource": f"arn:aws:ec2:{region}:{account}:security-group/*"},
            {"Effect": "Allow", "Action": "elasticloadbalancing:*", "Resource": [
                f"{elb_arn}:loadbalancer/app/lp-*", f"{elb_arn}:targetgroup/lp-*", f"{elb_arn}:listener/app/lp-*",
                f"{elb_arn}:listener-rule/app/lp-*"]},
            {"Effect": "Allow", "Action": ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate",
                                           "acm:AddTagsToCertificate"], "Resource": f"arn:aws:acm:{region}:{account}:certificate/*"},
            {"Effect": "Allow", "Action": ["route53:GetHostedZone", "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
             "Resource": f"arn:aws:route53:::hostedzone/{state['zone']}"},
            {"Effect": "Allow", "Action": "route53:GetChange", "Resource": "arn:aws:route53:::change/*"},
            {"Effect": "Allow", "Action": ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:PutScalingPolicy",
                                           "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DeregisterScalableTarget",
                                           "application-autoscaling:TagResource"],
             "Resource": f"arn:aws:application-autoscaling:{region}:{account}:scalable-target/*"},
            {"Effect": "Allow", "Action": ["ecs:DescribeServices", "ecs:UpdateService"], "Resource": f"arn:aws:ecs:{region}:{account}:service/web/lp-*"},
            {"Effect": "Allow", "Action": ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
             "Resource": f"arn:aws:cloudwatch:{region}:{account}:alarm:TargetTracking-service/web/lp-*"},
        ]
        op = user("least-privilege", statements)
        uec2, uelb, uacm, ur53, uaas = op("ec2"), op("elbv2"), op("acm"), op("route53"), op("application-autoscaling")
        spec = [{"ResourceType": "security-group", "Tags": tags}]
        sg = uec2.create_security_group(GroupName="lp-lb", Description="lp", VpcId=vpc, TagSpecifications=spec)["GroupId"]
        uec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        lb = uelb.create_load_balancer(Name="lp-prod", Subnets=two, SecurityGroups=[sg], Tags=tags)["LoadBalancers"][0]["LoadBalancerArn"]
        uelb.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "30"}])
        tg = uelb.create_target_group(Name="lp-web", Protocol="HTTP", Port=8005, VpcId=vpc, TargetType="ip", Tags=tags)[
            "TargetGroups"][0]["TargetGroupArn"]
        uelb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "5"}])
        listener = uelb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, Tags=tags, DefaultActions=[
            {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])["Listeners"][0]["ListenerArn"]
        rule = uelb.create_rule(ListenerArn=listener, Priority=1, Tags=tags, Actions=[{"Type": "forward", "TargetGroupArn": tg}],
                                Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*"]}}])["Rules"][0]["RuleArn"]
        uelb.set_rule_priorities(RulePriorities=[{"RuleArn": rule, "Priority": 2}])
        uelb.describe_target_health(TargetGroupArn=tg)
        cert = uacm.request_certificate(DomainName="lp.web.example.org", ValidationMethod="DNS", Tags=tags)["CertificateArn"]
        record = uacm.describe_certificate(CertificateArn=cert)["Certificate"]["DomainValidationOptions"][0]["ResourceRecord"]
        ur53.list_hosted_zones_by_name(DNSName="web.example.org", MaxItems="1")
        ur53.get_hosted_zone(Id=state["zone"])
        change = ur53.change_resource_record_sets(HostedZoneId=state["zone"], ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
            "Name": record["Name"], "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": record["Value"]}]}}]})["ChangeInfo"]["Id"]
        ur53.get_change(Id=change)
        ecs.create_service(cluster="web", serviceName="lp-web", taskDefinition="web-api", desiredCount=1, launchType="FARGATE",
                           networkConfiguration={"awsvpcConfiguration": {"subnets": two, "securityGroups": [state["tasks_sg"]]}},
                           loadBalancers=[{"targetGroupArn": tg, "containerName": "api", "containerPort": 8005}])
        target = dict(ServiceNamespace="ecs", ResourceId="service/web/lp-web", ScalableDimension="ecs:service:DesiredCount")
        uaas.register_scalable_target(**target, MinCapacity=1, MaxCapacity=2, Tags={"slipway:app": "web"})
        uaas.put_scaling_policy(PolicyName="lp-cpu", PolicyType="TargetTrackingScaling", **target, TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 60.0, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})
        denied = {
            "CreateTargetGroup other-web": lambda: uelb.create_target_group(Name="other-web", Protocol="HTTP", Port=80, VpcId=vpc,
                                                                            TargetType="ip"),
            "DeleteTargetGroup web-tg": lambda: uelb.delete_target_group(TargetGroupArn=state["tg"]),
            "DeleteListener of web-a": lambda: uelb.delete_listener(ListenerArn=state["https"]),
            "ListResourceRecordSets of another zone": lambda: ur53.list_resource_record_sets(HostedZoneId=r53.create_hosted_zone(
                Name="other.example.org", CallerReference="lp")["HostedZone"]["Id"]),
            "RegisterScalableTarget of web-api": lambda: uaas.register_scalable_target(
                **{**target, "ResourceId": "service/web/web-api"}, MinCapacity=1, MaxCapacity=2),
            "AddTags on web-a": lambda: uelb.add_tags(ResourceArns=[state["lb"]["LoadBalancerArn"]], Tags=tags),
        }
        for name, call in denied.items():
            code = error_code(call)
            assert code == "AccessDenied", (name, code)
        untagged = user("least-privilege-no-tags", [s for s in statements if s.get("Condition") is None])
        assert error_code(lambda: untagged("ec2").create_security_group(
            GroupName="lp-x", Description="x", VpcId=vpc, TagSpecifications=spec)) == "UnauthorizedOperation"
        uaas.deregister_scalable_target(**target)
        ecs.update_service(cluster="web", service="lp-web", desiredCount=0)
        ecs.delete_service(cluster="web", service="lp-web")
        uelb.delete_rule(RuleArn=rule)
        uelb.delete_listener(ListenerArn=listener)
        # AWS lets go of a target group shortly after its last rule or listener (section 28).
        assert eventually(lambda: error_of(lambda: uelb.delete_target_group(TargetGroupArn=tg)) is None, 5)
        uelb.delete_load_balancer(LoadBalancerArn=lb)
        uacm.delete_certificate(CertificateArn=cert)
        assert eventually(lambda: error_of(lambda: uec2.delete_security_group(GroupId=sg)) is None, 5)

    @check("two responses' optional members are their own: one without ECS DescribeServices' TAGS does not take them "
           "out of another with them (patch 16)")
    def _():
        # In this process, as the server does: two responses served at once, one excluding the tags.
        sys.path.insert(0, HERE)
        import patches
        from moto.core.responses import never_return
        from moto.ecs.responses import DESCRIBE_SERVICES_TAGS, EC2ContainerServiceResponse
        patches.apply()
        with_tags, without = EC2ContainerServiceResponse(), EC2ContainerServiceResponse()
        with_tags._include_in_response(DESCRIBE_SERVICES_TAGS)
        without._exclude_from_response(DESCRIBE_SERVICES_TAGS)
        assert with_tags.RESPONSE_KEY_PATH_TO_TRANSFORMER[DESCRIBE_SERVICES_TAGS] is not never_return
        assert without.RESPONSE_KEY_PATH_TO_TRANSFORMER[DESCRIBE_SERVICES_TAGS] is never_return

    return {**state, "vpc": vpc, "two": two}


def tagging_checks(client, make_role):
    """Section 17 of patches.py: the tagging API lists ECR repositories and CodePipeline pipelines, log groups as AWS
    types them."""
    ecr, cp, logs, ecs = client("ecr"), client("codepipeline"), client("logs"), client("ecs")
    tagging = client("resourcegroupstaggingapi")
    app = lambda value: [{"Key": "slipway:app", "Value": value}]  # noqa: E731
    types = ["ecr:repository", "codepipeline:pipeline", "logs:log-group"]
    state = {}

    def found(**filters):
        """ARN -> tags of every resource GetResources lists for these filters, page by page."""
        got, token = {}, None
        while True:
            page = tagging.get_resources(**filters, **({"PaginationToken": token} if token else {}))
            for m in page["ResourceTagMappingList"]:
                assert m["ResourceARN"] not in got, m
                got[m["ResourceARN"]] = {t["Key"]: t["Value"] for t in m["Tags"]}
            token = page.get("PaginationToken")
            if not token:
                return got

    def listed_tags(arn):
        """The resource's tags as its own service's ListTagsForResource shows them."""
        if ":ecr:" in arn:
            return {t["Key"]: t["Value"] for t in ecr.list_tags_for_resource(resourceArn=arn)["tags"]}
        if ":codepipeline:" in arn:
            return {t["key"]: t["value"] for t in cp.list_tags_for_resource(resourceArn=arn)["tags"]}
        return logs.list_tags_for_resource(resourceArn=arn)["tags"]

    @check("Tagging API GetResources lists ECR repositories (ecr:repository), CodePipeline pipelines "
           "(codepipeline:pipeline) and log groups (logs:log-group) by TagFilters and ResourceTypeFilters, with the "
           "tags their services list (patch 17)")
    def _():
        role = make_role("tag-pipeline", "codepipeline.amazonaws.com")
        for name in ("a", "b"):
            state[f"repo-{name}"] = ecr.create_repository(
                repositoryName=f"tag-{name}-web", tags=app(name))["repository"]["repositoryArn"]
            cp.create_pipeline(pipeline={
                "name": f"tag-{name}", "roleArn": role, "artifactStore": {"type": "S3", "location": "tag-artifacts"},
                "stages": [{"name": stage, "actions": [{"name": stage, "configuration": conf, "actionTypeId": {
                    "category": stage, "owner": "AWS", "provider": provider, "version": "1"}}]}
                    for stage, provider, conf in (("Source", "S3", {"S3Bucket": "b", "S3ObjectKey": "k"}),
                                                  ("Build", "CodeBuild", {"ProjectName": "demo-dev-web"}))]},
                tags=[{"key": "slipway:app", "value": name}, {"key": "stage", "value": "dev"}])
            state[f"pipeline-{name}"] = cp.get_pipeline(name=f"tag-{name}")["metadata"]["pipelineArn"]
            logs.create_log_group(logGroupName=f"/ecs/tag-{name}-web", tags={"slipway:app": name})
            state[f"logs-{name}"] = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/tag-{name}-web"
        ecr.create_repository(repositoryName="tag-untagged")
        assert state["pipeline-a"] == f"arn:aws:codepipeline:{REGION}:{ACCOUNT}:tag-a", state["pipeline-a"]
        ours = {state[k] for k in ("repo-a", "pipeline-a", "logs-a")}
        got = found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=types)
        assert set(got) == ours, got
        assert all(got[arn] == listed_tags(arn) for arn in got), got
        assert got[state["pipeline-a"]] == {"slipway:app": "a", "stage": "dev"}, got
        # A service alone in ResourceTypeFilters, a key without values; the untagged repository is not listed.
        got = found(TagFilters=[{"Key": "slipway:app"}], ResourceTypeFilters=["ecr", "codepipeline"])
        assert set(got) == {state[k] for k in ("repo-a", "repo-b", "pipeline-a", "pipeline-b")}, got
        got = found(TagFilters=[{"Key": "slipway:app", "Values": ["a", "b"]}, {"Key": "stage"}])
        assert set(got) == {state["pipeline-a"], state["pipeline-b"]}, got
        assert found(ResourceTypeFilters=["logs:loggroup"]) == {}  # moto's old type, which AWS does not have
        assert set(found(ResourceTypeFilters=["logs"], TagFilters=[{"Key": "slipway:app", "Values": ["b"]}])) == \
            {state["logs-b"]}

    @check("Tagging API: an ECS task definition is listed as ecs:task-definition")
    def _():
        arn = ecs.register_task_definition(family="tag-a-web", containerDefinitions=[
            {"name": "web", "image": "nginx", "memory": 128}], tags=[{"key": "slipway:app", "value": "a"}])[
            "taskDefinition"]["taskDefinitionArn"]
        got = found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=["ecs:task-definition"])
        assert got == {arn: {"slipway:app": "a"}}, got

    @check("Tagging API: ECR and CodePipeline TagResource/UntagResource show in the next GetResources, and "
           "TagResources of the tagging API reaches them (patch 17)")
    def _():
        ecr.tag_resource(resourceArn=state["repo-a"], tags=[{"Key": "tier", "Value": "web"}])
        cp.untag_resource(resourceArn=state["pipeline-a"], tagKeys=["slipway:app"])
        got = found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=types)
        assert set(got) == {state["repo-a"], state["logs-a"]}, got
        assert got[state["repo-a"]] == {"slipway:app": "a", "tier": "web"}, got
        ecr.untag_resource(resourceArn=state["repo-a"], tagKeys=["tier"])
        cp.tag_resource(resourceArn=state["pipeline-a"], tags=[{"key": "slipway:app", "value": "a"}])
        got = found(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=types)
        assert got == {state["repo-a"]: {"slipway:app": "a"}, state["pipeline-a"]: {"slipway:app": "a", "stage": "dev"},
                       state["logs-a"]: {"slipway:app": "a"}}, got
        failed = tagging.tag_resources(ResourceARNList=[state["repo-b"], state["pipeline-b"]], Tags={"owner": "ops"})
        assert failed["FailedResourcesMap"] == {}, failed
        assert listed_tags(state["repo-b"])["owner"] == "ops" and listed_tags(state["pipeline-b"])["owner"] == "ops"
        tagging.untag_resources(ResourceARNList=[state["repo-b"], state["pipeline-b"]], TagKeys=["owner"])
        assert "owner" not in listed_tags(state["repo-b"]) and "owner" not in listed_tags(state["pipeline-b"])

    @check("Tagging API pages ECR, CodePipeline and log groups: ResourcesPerPage=1 gives one a page, each once, "
           "a PaginationToken on all but the last (patch 17)")
    def _():
        pages, token = [], None
        while True:
            page = tagging.get_resources(TagFilters=[{"Key": "slipway:app", "Values": ["a"]}], ResourceTypeFilters=types,
                                         ResourcesPerPage=1, **({"PaginationToken": token} if token else {}))
            pages.append([m["ResourceARN"] for m in page["ResourceTagMappingList"]])
            token = page.get("PaginationToken")
            if not token:
                break
        assert [len(p) for p in pages] == [1, 1, 1], pages
        assert {p[0] for p in pages} == {state[k] for k in ("repo-a", "pipeline-a", "logs-a")}, pages


def authorization_details_checks(client, iam, make_role):
    """Section 18 of patches.py: IAM GetAccountAuthorizationDetails in pages, its policies URL-encoded."""
    trust = lambda i: {"Version": "2012-10-17", "Statement": [{  # noqa: E731
        "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringLike": {"aws:SourceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:*/gaad+{i}%41"}}}]}
    inline = lambda i: {"Version": "2012-10-17", "Statement": [{  # noqa: E731
        "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": f"arn:aws:logs:*:*:log-group:/ecs/gaad+{i}:*"}]}

    @check("IAM GetAccountAuthorizationDetails(Filter=[Role], MaxItems=2) pages through every role, IsTruncated and "
           "Marker as AWS, the five new roles once each with their inline policies, tags and trust policy (patch 18)")
    def _():
        for i in range(5):
            iam.create_role(RoleName=f"gaad-{i}", AssumeRolePolicyDocument=json.dumps(trust(i)),
                            Tags=[{"Key": "slipway:app", "Value": f"gaad-{i}"}])
            iam.put_role_policy(RoleName=f"gaad-{i}", PolicyName=f"inline-{i}", PolicyDocument=json.dumps(inline(i)))
        roles = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
        pages, marker = [], None
        while True:
            page = iam.get_account_authorization_details(Filter=["Role"], MaxItems=2,
                                                         **({"Marker": marker} if marker else {}))
            pages.append(page["RoleDetailList"])
            assert page["UserDetailList"] == [] and page["Policies"] == [], page
            assert page["IsTruncated"] == ("Marker" in page), page
            if not page["IsTruncated"]:
                break
            marker = page["Marker"]
        assert len(pages) == -(-len(roles) // 2) and all(len(p) == 2 for p in pages[:-1]), [len(p) for p in pages]
        names = [r["RoleName"] for p in pages for r in p]
        assert sorted(names) == sorted(roles) and len(set(names)) == len(names), (names, roles)
        details = {r["RoleName"]: r for p in pages for r in p}
        for i in range(5):
            role = details[f"gaad-{i}"]
            assert role["RolePolicyList"] == [{"PolicyName": f"inline-{i}", "PolicyDocument": inline(i)}], role
            assert role["AssumeRolePolicyDocument"] == trust(i), role["AssumeRolePolicyDocument"]
            assert role["Tags"] == [{"Key": "slipway:app", "Value": f"gaad-{i}"}], role
        # Without Filter the same walk takes every kind, users first; MaxItems defaults to 100.
        whole = iam.get_account_authorization_details(Filter=["Role", "User"])
        assert not whole["IsTruncated"] and "Marker" not in whole, whole.keys()
        assert {r["RoleName"] for r in whole["RoleDetailList"]} == set(roles)
        first = iam.get_account_authorization_details(Filter=["Role", "User"], MaxItems=1)
        assert len(first["UserDetailList"]) == 1 and first["RoleDetailList"] == [] and first["IsTruncated"], first
        assert error_code(lambda: iam.get_account_authorization_details(Marker="not-a-marker")) == "ValidationError"

    @check("IAM GetAccountAuthorizationDetails sends every policy document URL-encoded (RFC 3986), the trust "
           "policy too, as AWS and GetRolePolicy do (patch 18)")
    def _():
        wire = client("iam")
        bodies = []
        wire.meta.events.register("after-call.iam.GetAccountAuthorizationDetails",
                                  lambda http_response, **_: bodies.append(http_response.text))
        wire.get_account_authorization_details(Filter=["Role"], MaxItems=1000)
        (body,) = bodies
        for element in ("AssumeRolePolicyDocument", "PolicyDocument"):
            documents = re.findall(f"<{element}>([^<]*)</{element}>", body)
            assert documents and all(d.startswith("%7B") and "{" not in d and "+" not in d for d in documents), \
                (element, documents[:2])
        raw = re.search(r"<RoleName>gaad-0</RoleName>.*?<AssumeRolePolicyDocument>([^<]*)<", body).group(1)
        assert json.loads(unquote(raw)) == trust(0), raw


def pipeline_event_checks(client, url, iam, make_role):
    """Sections 20-24 of patches.py: V2 declarations, Git pushes, execution modes, CodePipeline events
    delivered to SNS and API destinations, SNS email subscriptions, and their authorization."""
    cp, events, sns, sqs = client("codepipeline"), client("events"), client("sns"), client("sqs")
    role = make_role("evt-pipeline-role", "codepipeline.amazonaws.com")
    connection = f"arn:aws:codeconnections:{REGION}:{ACCOUNT}:connection/11111111-2222-3333-4444-555555555555"
    post(f"{url}/_slipway/simulate", {"prefix": "evt-", "stageSeconds": 0.2})

    def action(name, category, provider, conf, owner="AWS"):
        return {"name": name, "configuration": conf,
                "actionTypeId": {"category": category, "owner": owner, "provider": provider, "version": "1"}}

    def declaration(name, repository="acme/shop", branch="main", approval=False, source_conf=None, **fields):
        conf = {"ConnectionArn": connection, "FullRepositoryId": repository, "BranchName": branch, **(source_conf or {})}
        stages = [{"name": "Source", "actions": [action("Source", "Source", "CodeStarSourceConnection", conf)]},
                  {"name": "Build", "actions": [action("Build", "Build", "CodeBuild", {"ProjectName": "none"})]}]
        if approval:
            stages.append({"name": "Approve", "actions": [action("Approve", "Approval", "Manual", {})]})
        stages.append({"name": "Deploy", "actions": [action("Deploy", "Build", "CodeBuild", {"ProjectName": "none"})]})
        return {"name": name, "roleArn": role, "artifactStore": {"type": "S3", "location": "evt-artifacts"},
                "stages": stages, **fields}

    def trigger(**push):
        return [{"providerType": "CodeStarSourceConnection",
                 "gitConfiguration": {"sourceActionName": "Source", "push": [push]}}]

    def executions(name):
        return cp.list_pipeline_executions(pipelineName=name)["pipelineExecutionSummaries"]

    def status_of(name):
        return {e["pipelineExecutionId"]: e["status"] for e in executions(name)}

    @check("CodePipeline V2 fields round-trip (pipelineType, executionMode, triggers, variables); defaults V1 and "
           "SUPERSEDED; AWS's InvalidStructureException for triggers or QUEUED/PARALLEL on V1 and bad filters (patch 20)")
    def _():
        cp.create_pipeline(pipeline=declaration("evt-plain"))
        got = cp.get_pipeline(name="evt-plain")["pipeline"]
        assert (got["pipelineType"], got["executionMode"]) == ("V1", "SUPERSEDED"), got
        v2 = declaration("evt-v2", pipelineType="V2", executionMode="QUEUED",
                         variables=[{"name": "env", "defaultValue": "prod"}],
                         triggers=trigger(branches={"includes": ["main"]}, filePaths={"includes": ["services/a/**"]}))
        cp.create_pipeline(pipeline=v2)
        got = cp.get_pipeline(name="evt-v2")["pipeline"]
        for key in ("pipelineType", "executionMode", "triggers", "variables"):
            assert got[key] == v2[key], (key, got[key])
        got["executionMode"] = "PARALLEL"
        got.pop("triggers")
        assert cp.update_pipeline(pipeline=got)["pipeline"]["executionMode"] == "PARALLEL"
        got = cp.get_pipeline(name="evt-v2")["pipeline"]
        assert got["version"] == 2 and "triggers" not in got and got["executionMode"] == "PARALLEL", got
        summary = {p["name"]: p for p in cp.list_pipelines()["pipelines"]}["evt-v2"]
        assert (summary["pipelineType"], summary["executionMode"]) == ("V2", "PARALLEL"), summary
        def refused(**fields):
            return error_message(lambda: cp.create_pipeline(pipeline=declaration("evt-refused", **fields)))
        assert error_code(lambda: cp.create_pipeline(pipeline=declaration(
            "evt-refused", triggers=trigger(tags={"includes": ["v*"]})))) == "InvalidStructureException"
        assert refused(triggers=trigger(tags={"includes": ["v*"]})) == "Triggers on tag can only be used with V2 pipelines"
        assert "V2" in refused(executionMode="QUEUED") and "V2" in refused(pipelineType="V1", executionMode="PARALLEL")
        assert "valid filter combinations" in refused(pipelineType="V2", triggers=trigger(
            branches={"includes": ["main"]}, tags={"includes": ["v*"]}))
        wrong = trigger(branches={"includes": ["main"]})
        wrong[0]["gitConfiguration"]["sourceActionName"] = "Build"
        assert "CodeStarSourceConnection action" in refused(pipelineType="V2", triggers=wrong)
        assert error_of(lambda: cp.get_pipeline(name="evt-refused")) == "PipelineNotFoundException"

    @check("POST /_slipway/push: a monorepo's two V2 pipelines with filePaths services/a/** and services/b/**; a push "
           "touching only services/a starts only A, with the push's commit and a WebhookV2 trigger (patch 21)")
    def _():
        for service in ("a", "b"):
            cp.create_pipeline(pipeline=declaration(f"evt-mono-{service}", repository="acme/mono", pipelineType="V2",
                                                    triggers=trigger(branches={"includes": ["main"]},
                                                                     filePaths={"includes": [f"services/{service}/**"],
                                                                                "excludes": ["**/*.md"]})))
        commit = "a" * 40
        got = post(f"{url}/_slipway/push", {"repository": "acme/mono", "branch": "main", "commit": commit,
                                             "files": ["services/a/Sources/main.swift", "services/b/README.md"]})
        assert [s["pipeline"] for s in got["started"]] == ["evt-mono-a"], got
        assert got["skipped"] == [{"pipeline": "evt-mono-b", "reason":
                                   "no file matches services/b/** (excluding **/*.md)"}], got
        (run,) = executions("evt-mono-a")
        assert run["pipelineExecutionId"] == got["started"][0]["executionId"]
        assert run["trigger"] == {"triggerType": "WebhookV2", "triggerDetail": connection}, run
        assert run["sourceRevisions"][0]["revisionId"] == commit, run
        assert executions("evt-mono-b") == []
        got = post(f"{url}/_slipway/push", {"repository": "acme/mono", "branch": "feature/x",
                                             "files": ["services/a/main.swift"]})
        assert got["started"] == [] and "branch feature/x not in main" in got["skipped"][0]["reason"], got
        assert eventually(lambda: cp.get_pipeline_execution(pipelineName="evt-mono-a", pipelineExecutionId=run[
            "pipelineExecutionId"])["pipelineExecution"]["status"] == "Succeeded")
        revisions = cp.get_pipeline_execution(pipelineName="evt-mono-a", pipelineExecutionId=run[
            "pipelineExecutionId"])["pipelineExecution"]["artifactRevisions"]
        assert revisions[0]["revisionId"] == commit, revisions

    @check("POST /_slipway/push: a v* tags trigger starts production on a tag push and not on a branch push; the "
           "default trigger (no triggers) follows BranchName; a tag never starts a V1 pipeline (patch 21)")
    def _():
        cp.create_pipeline(pipeline=declaration("evt-rel-production", repository="acme/rel", pipelineType="V2",
                                                triggers=trigger(tags={"includes": ["v*"], "excludes": ["v*-rc*"]})))
        cp.create_pipeline(pipeline=declaration("evt-rel-staging", repository="acme/rel", pipelineType="V2"))
        cp.create_pipeline(pipeline=declaration("evt-rel-v1", repository="acme/rel"))
        got = post(f"{url}/_slipway/push", {"repository": "acme/rel", "tag": "v1.2.0", "commit": "b" * 40})
        assert [s["pipeline"] for s in got["started"]] == ["evt-rel-production"], got
        assert {s["pipeline"] for s in got["skipped"]} == {"evt-rel-staging", "evt-rel-v1"}, got
        assert executions("evt-rel-production")[0]["sourceRevisions"][0]["revisionId"] == "b" * 40
        got = post(f"{url}/_slipway/push", {"repository": "acme/rel", "tag": "v1.3.0-rc1"})
        assert got["started"] == [] and "excluded by v*-rc*" in got["skipped"][0]["reason"], got
        got = post(f"{url}/_slipway/push", {"repository": "acme/rel", "branch": "main", "files": ["x.swift"]})
        assert sorted(s["pipeline"] for s in got["started"]) == ["evt-rel-staging", "evt-rel-v1"], got
        assert got["skipped"] == [{"pipeline": "evt-rel-production", "reason": "the filter has no branches"}], got
        assert len(executions("evt-rel-production")) == 1

    @check("POST /_slipway/push: DetectChanges false is never started by a push (V1 and V2) (patch 21)")
    def _():
        cp.create_pipeline(pipeline=declaration("evt-dc-v2", repository="acme/dc", pipelineType="V2",
                                                source_conf={"DetectChanges": "false"}))
        cp.create_pipeline(pipeline=declaration("evt-dc-v1", repository="acme/dc", source_conf={"DetectChanges": "false"}))
        cp.create_pipeline(pipeline=declaration("evt-dc-on", repository="acme/dc"))
        got = post(f"{url}/_slipway/push", {"repository": "acme/dc", "branch": "main"})
        assert [s["pipeline"] for s in got["started"]] == ["evt-dc-on"], got
        assert {s["pipeline"]: s["reason"] for s in got["skipped"]} == {
            "evt-dc-v2": "DetectChanges is false on Source", "evt-dc-v1": "DetectChanges is false on Source"}, got
        assert executions("evt-dc-v2") == [] and executions("evt-dc-v1") == []

    def approve(name):
        def token():
            for stage in cp.get_pipeline_state(name=name)["stageStates"]:
                if stage["stageName"] == "Approve":
                    latest = stage["actionStates"][0].get("latestExecution") or {}
                    if latest.get("token") and latest.get("status") == "InProgress":
                        return latest["token"]
            return None
        found = eventually(token)
        assert found, f"no approval waiting in {name}"
        cp.put_approval_result(pipelineName=name, stageName="Approve", actionName="Approve",
                               result={"summary": "ok", "status": "Approved"}, token=found)

    def three_runs(name, mode):
        cp.create_pipeline(pipeline=declaration(name, repository=f"acme/{name}", approval=True, pipelineType="V2",
                                                executionMode=mode))
        first = cp.start_pipeline_execution(name=name)["pipelineExecutionId"]
        assert eventually(lambda: cp.get_pipeline_state(name=name)["stageStates"][2].get("latestExecution", {}).get(
            "pipelineExecutionId") == first)
        second = cp.start_pipeline_execution(name=name)["pipelineExecutionId"]
        settle(1.0)  # through Source and Build, then waiting for Approve
        third = cp.start_pipeline_execution(name=name)["pipelineExecutionId"]
        settle(1.0)
        return first, second, third

    def settle(seconds):
        """The simulated world moves on requests: keep asking for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            cp.list_pipelines()
            time.sleep(0.05)

    @check("QUEUED: runs wait (InProgress) for the stage another run holds and go through in order; SUPERSEDED: a "
           "newer run waiting for the same stage supersedes the older waiting one (patch 22)")
    def _():
        first, second, third = three_runs("evt-queued", "QUEUED")
        assert set(status_of("evt-queued").values()) == {"InProgress"}, status_of("evt-queued")
        assert executions("evt-queued")[0]["executionMode"] == "QUEUED"
        for _ in range(3):
            approve("evt-queued")
        assert eventually(lambda: set(status_of("evt-queued").values()) == {"Succeeded"}), status_of("evt-queued")
        first, second, third = three_runs("evt-superseded", "SUPERSEDED")
        statuses = status_of("evt-superseded")
        assert (statuses[first], statuses[second], statuses[third]) == ("InProgress", "Superseded", "InProgress"), statuses
        approve("evt-superseded")
        approve("evt-superseded")
        assert eventually(lambda: status_of("evt-superseded")[third] == "Succeeded"), status_of("evt-superseded")
        statuses = status_of("evt-superseded")
        assert (statuses[first], statuses[second]) == ("Succeeded", "Superseded"), statuses

    state = {}

    def topic_with_queue(name):
        topic = sns.create_topic(Name=name)["TopicArn"]
        sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                                                    "Action": "sns:Publish", "Resource": topic}]}))
        queue = sqs.create_queue(QueueName=name)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
        return topic, queue

    @check("A failed simulated run puts CodePipeline's events on the default bus: a FAILED rule gives exactly one SNS "
           "message (InputTransformer text) and one API destination delivery with the transformed body; a role "
           "without events:InvokeApiDestination is recorded as AccessDenied (patch 23)")
    def _():
        topic, queue = topic_with_queue("evt-alerts")
        conn = events.create_connection(Name="evt-hook", AuthorizationType="API_KEY", AuthParameters={
            "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret"}})
        assert events.describe_connection(Name="evt-hook")["ConnectionState"] == "AUTHORIZED"
        destination = events.create_api_destination(
            Name="evt-chat", ConnectionArn=conn["ConnectionArn"], HttpMethod="POST",
            InvocationEndpoint="https://chat.example.org/hooks/deploys")["ApiDestinationArn"]
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        invoker = iam.create_role(RoleName="evt-invoker", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.put_role_policy(RoleName="evt-invoker", PolicyName="invoke", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "events:InvokeApiDestination",
                                                    "Resource": f"{destination.rsplit('/', 1)[0]}/*"}]}))
        idle = iam.create_role(RoleName="evt-idle", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
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
        assert len(events.list_targets_by_rule(Rule="evt-failures")["Targets"]) == 3
        events.put_rule(Name="evt-action-failures", EventPattern=json.dumps({
            "source": ["aws.codepipeline"], "detail-type": ["CodePipeline Action Execution State Change"],
            "detail": {"state": ["FAILED"], "pipeline": ["evt-fail"]}}))
        events.put_targets(Rule="evt-action-failures", Targets=[{"Id": "sns", "Arn": topic, "InputPath": "$.detail"}])
        cp.create_pipeline(pipeline=declaration("evt-fail", repository="acme/fail"))
        http("DELETE", f"{url}/_slipway/deliveries")
        post(f"{url}/_slipway/script", {"pipeline": "evt-fail", "failStage": "Deploy", "message": "tasks failed"})
        run = cp.start_pipeline_execution(name="evt-fail")["pipelineExecutionId"]
        assert eventually(lambda: status_of("evt-fail")[run] == "Failed"), status_of("evt-fail")
        _, deliveries = http("GET", f"{url}/_slipway/deliveries")
        mine = [d for d in deliveries if d["rule"] == "evt-failures"]
        assert len(mine) == 3, deliveries
        by_kind = {(d["kind"], "failed" in d): d for d in mine}
        assert by_kind[("sns", False)]["body"] == '"Pipeline evt-fail is FAILED"', mine
        chat = by_kind[("api-destination", False)]
        assert (chat["method"], chat["endpoint"], chat["connection"], chat["body"]) == (
            "POST", "https://chat.example.org/hooks/deploys", "evt-hook", f"Pipeline evt-fail FAILED (execution {run})"), chat
        assert by_kind[("api-destination", True)]["failed"].startswith("AccessDenied"), mine
        (action_failed,) = [d for d in deliveries if d["rule"] == "evt-action-failures"]
        detail = json.loads(action_failed["body"])
        assert (detail["stage"], detail["action"], detail["type"]["category"]) == ("Deploy", "Deploy", "Build"), detail
        assert detail["execution-result"] == {"external-execution-summary": "tasks failed", "error-code": "JobFailed"}, detail
        bodies = []
        for _ in range(3):
            got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
            bodies += [m["Body"] for m in got]
        assert sorted(bodies, key=len)[0] == '"Pipeline evt-fail is FAILED"' and len(bodies) == 2, bodies
        state["topic"] = topic

    @check("EventBridge and SNS are authorized on rule, topic and API destination ARNs, with iam:PassRole for a "
           "target's RoleArn (patch 9)")
    def _():
        rule = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/evt-app-*"
        iam.create_user(UserName="evt-deployer")
        iam.put_user_policy(UserName="evt-deployer", PolicyName="p", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["events:PutRule", "events:PutTargets", "events:DescribeRule",
                                               "events:ListTargetsByRule"], "Resource": rule},
                {"Effect": "Allow", "Action": ["sns:CreateTopic", "sns:GetTopicAttributes", "sns:Subscribe"],
                 "Resource": f"arn:aws:sns:{REGION}:{ACCOUNT}:evt-app-*"},
                {"Effect": "Allow", "Action": "events:DescribeApiDestination",
                 "Resource": f"arn:aws:events:{REGION}:{ACCOUNT}:api-destination/evt-chat/*"}]}))
        k = iam.create_access_key(UserName="evt-deployer")["AccessKey"]
        ev = client("events", k["AccessKeyId"], k["SecretAccessKey"])
        ns = client("sns", k["AccessKeyId"], k["SecretAccessKey"])
        ev.put_rule(Name="evt-app-alerts", EventPattern=json.dumps({"source": ["aws.codepipeline"]}))
        assert error_code(lambda: ev.put_rule(Name="other", EventPattern=json.dumps({"source": ["x"]}))) == "AccessDenied"
        ev.describe_api_destination(Name="evt-chat")
        topic = ns.create_topic(Name="evt-app-topic")["TopicArn"]
        ns.get_topic_attributes(TopicArn=topic)
        assert error_code(lambda: ns.get_topic_attributes(TopicArn=state.get("topic", "x"))) == "AccessDenied"
        ev.put_targets(Rule="evt-app-alerts", Targets=[{"Id": "t", "Arn": topic}])
        role = iam.get_role(RoleName="evt-invoker")["Role"]["Arn"]
        assert error_code(lambda: ev.put_targets(Rule="evt-app-alerts", Targets=[
            {"Id": "r", "Arn": topic, "RoleArn": role}])) == "AccessDenied"
        iam.put_user_policy(UserName="evt-deployer", PolicyName="pass", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": role,
                                                    "Condition": {"StringEquals": {"iam:PassedToService": "events.amazonaws.com"}}}]}))
        ev.put_targets(Rule="evt-app-alerts", Targets=[{"Id": "r", "Arn": topic, "RoleArn": role}])

    @check("SNS email subscription: Subscribe says 'pending confirmation', ListSubscriptionsByTopic 'PendingConfirmation' "
           "until POST /_slipway/confirm-subscription, then the real ARN (patch 24)")
    def _():
        topic = sns.create_topic(Name="evt-mail")["TopicArn"]
        assert sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.org")["SubscriptionArn"] \
            == "pending confirmation"
        (listed,) = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        assert listed["SubscriptionArn"] == "PendingConfirmation" and listed["Endpoint"] == "ops@example.org", listed
        assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsPending"] == "1"
        req = urllib.request.Request(f"{url}/_slipway/confirm-subscription", method="POST",
                                     data=json.dumps({"topicArn": topic, "endpoint": "nobody@example.org"}).encode())
        try:
            urllib.request.urlopen(req, timeout=10)
            raise AssertionError("confirmed a subscription that does not exist")
        except urllib.error.HTTPError as e:
            assert e.code == 404
        arn = post(f"{url}/_slipway/confirm-subscription", {"topicArn": topic, "endpoint": "ops@example.org"})["subscriptionArn"]
        assert arn.startswith(f"{topic}:"), arn
        (listed,) = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        assert listed["SubscriptionArn"] == arn, listed
        assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "false"
        sns.unsubscribe(SubscriptionArn=arn)
        assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []


    @check("StartPipelineExecution with a COMMIT_ID sourceRevisions override runs that commit; an override of an "
           "action the first stage lacks is refused; a new run enters its free first stage at once (patch 25)")
    def _():
        cp.create_pipeline(pipeline=declaration("evt-commit", repository="acme/commit", pipelineType="V2"))
        commit = "c0ffee" * 6 + "abcd"
        started = cp.start_pipeline_execution(name="evt-commit", sourceRevisions=[
            {"actionName": "Source", "revisionType": "COMMIT_ID", "revisionValue": commit}])["pipelineExecutionId"]
        (summary,) = executions("evt-commit")
        assert summary["pipelineExecutionId"] == started and summary["sourceRevisions"][0]["revisionId"] == commit, summary
        state = cp.get_pipeline_state(name="evt-commit")["stageStates"][0]
        assert state["latestExecution"]["pipelineExecutionId"] == started, state
        assert error_code(lambda: cp.start_pipeline_execution(name="evt-commit", sourceRevisions=[
            {"actionName": "Build", "revisionType": "COMMIT_ID", "revisionValue": commit}])) == "ValidationException"


def raw_replies(boto_client):
    """The raw body of each reply of `boto_client`, newest last (botocore's before-parse event)."""
    bodies = []
    boto_client.meta.events.register("before-parse", lambda **kw: bodies.append(kw["response_dict"]["body"]))
    return bodies


def settling_checks(client, url, iam, make_role, web, env):
    """Sections 26-29 of patches.py: Lambda function states, ECS services draining and tasks stopping, what AWS
    refuses while resources settle or are in use, AWS's default VPC."""
    lam, ecs, ec2, elb, acm = client("lambda"), client("ecs"), client("ec2"), client("elbv2"), client("acm")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("bootstrap", "#!/bin/sh\n")
    code = zipped.getvalue()
    role = make_role("settle-fn", "lambda.amazonaws.com")

    def conflict(fn):
        """(message, x-amzn-ErrorType, HTTP status, raw body) of a refused call."""
        try:
            fn()
        except ClientError as e:
            meta = e.response["ResponseMetadata"]
            return (e.response["Error"]["Code"], e.response["Error"]["Message"], meta["HTTPHeaders"].get("x-amzn-errortype"),
                    meta["HTTPStatusCode"])
        raise AssertionError("call succeeded, expected ResourceConflictException")

    @check("POST /_slipway/settle: the windows (defaults on), unknown settings and negative values refused")
    def _():
        status, got = http("GET", f"{url}/_slipway/settle")
        assert status == 200 and got == {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0, "ecsDrainSeconds": 1.5,
                                         "ecsTaskStopSeconds": 1.5, "targetGroupReleaseSeconds": 1.0,
                                         "certificateReleaseSeconds": 1.0, "iamRoleAssumeSeconds": 0.0}, got
        assert post(f"{url}/_slipway/settle", {"ecsDrainSeconds": 1.5})["ecsDrainSeconds"] == 1.5
        for bad in ({"nope": 1}, {"ecsDrainSeconds": -1}, {"ecsDrainSeconds": "x"}):
            req = urllib.request.Request(f"{url}/_slipway/settle", method="POST", data=json.dumps(bad).encode())
            try:
                urllib.request.urlopen(req, timeout=10)
                raise AssertionError(f"{bad} accepted")
            except urllib.error.HTTPError as e:
                assert e.code == 400, (bad, e.code)

    @check("Lambda: Pending after CreateFunction (its reply too), updates and Invoke refused with HTTP 409 "
           "ResourceConflictException in Lambda's format, TagResource and DeleteFunction allowed; then Active")
    def _():
        bodies = raw_replies(lam)
        created = lam.create_function(FunctionName="settle-a", Runtime="provided.al2023", Handler="bootstrap", Role=role,
                                      Code={"ZipFile": code})
        assert (created["State"], created["StateReason"], created["StateReasonCode"]) == \
            ("Pending", "The function is being created.", "Creating"), created
        assert "LastUpdateStatus" not in created, created
        got = lam.get_function(FunctionName="settle-a")["Configuration"]
        assert got["State"] == "Pending" and got["StateReasonCode"] == "Creating", got
        assert lam.get_function_configuration(FunctionName="settle-a")["State"] == "Pending"
        pending = "The operation cannot be performed at this time. The function is currently in the following state: Pending"
        for call in (lambda: lam.update_function_configuration(FunctionName="settle-a", MemorySize=256),
                     lambda: lam.update_function_code(FunctionName="settle-a", ZipFile=code),
                     lambda: lam.publish_version(FunctionName="settle-a"),
                     lambda: lam.invoke(FunctionName="settle-a", Payload=b"{}")):
            assert conflict(call) == ("ResourceConflictException", pending, "ResourceConflictException", 409)
            assert json.loads(bodies[-1]) == {"Type": "User", "message": pending}, bodies[-1]
        lam.tag_resource(Resource=created["FunctionArn"], Tags={"slipway:app": "settle"})
        lam.create_function(FunctionName="settle-b", Runtime="provided.al2023", Handler="bootstrap", Role=role,
                            Code={"ZipFile": code})
        lam.delete_function(FunctionName="settle-b")
        assert eventually(lambda: lam.get_function(FunctionName="settle-a")["Configuration"]["State"] == "Active", 3)
        got = lam.get_function(FunctionName="settle-a")["Configuration"]
        assert got["LastUpdateStatus"] == "Successful" and "StateReason" not in got, got

    @check("Lambda: LastUpdateStatus InProgress after UpdateFunctionConfiguration/UpdateFunctionCode (their replies too); "
           "updates, PublishVersion and TagResource refused with AWS's in-progress message; 0 turns the windows off")
    def _():
        arn = lam.get_function(FunctionName="settle-a")["Configuration"]["FunctionArn"]
        updated = lam.update_function_configuration(FunctionName="settle-a", MemorySize=256)
        assert (updated["State"], updated["LastUpdateStatus"], updated["LastUpdateStatusReason"],
                updated["LastUpdateStatusReasonCode"]) == ("Active", "InProgress", "The function is being created.", "Creating")
        assert lam.get_function_configuration(FunctionName="settle-a")["LastUpdateStatus"] == "InProgress"
        busy = f"The operation cannot be performed at this time. An update is in progress for resource: {arn}"
        for call in (lambda: lam.update_function_code(FunctionName="settle-a", ZipFile=code),
                     lambda: lam.update_function_configuration(FunctionName="settle-a", Timeout=10),
                     lambda: lam.publish_version(FunctionName="settle-a"),
                     lambda: lam.tag_resource(Resource=arn, Tags={"x": "y"})):
            assert conflict(call) == ("ResourceConflictException", busy, "ResourceConflictException", 409)
        assert eventually(lambda: lam.get_function(FunctionName="settle-a")["Configuration"]["LastUpdateStatus"] == "Successful", 3)
        assert lam.update_function_code(FunctionName="settle-a", ZipFile=code)["LastUpdateStatus"] == "InProgress"
        assert eventually(lambda: error_of(lambda: lam.publish_version(FunctionName="settle-a")) is None, 3)
        post(f"{url}/_slipway/settle", {"lambdaPendingSeconds": 0, "lambdaUpdateSeconds": 0})
        try:
            fn = lam.create_function(FunctionName="settle-c", Runtime="provided.al2023", Handler="bootstrap", Role=role,
                                     Code={"ZipFile": code})
            assert fn["State"] == "Active", fn
            assert lam.update_function_configuration(FunctionName="settle-c", MemorySize=256)["LastUpdateStatus"] == "Successful"
            lam.update_function_code(FunctionName="settle-c", ZipFile=code)
        finally:
            post(f"{url}/_slipway/settle", {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0})

    def cluster():
        found = ecs.describe_clusters(clusters=["settle"])["clusters"][0]
        return {k: found[k] for k in ("status", "activeServicesCount", "runningTasksCount", "pendingTasksCount")}

    @check("ECS: DeleteService leaves the service DRAINING (desiredCount 0, not in ListServices), then INACTIVE; "
           "DeleteCluster ClusterContainsServicesException, then ClusterContainsTasksException while its tasks stop; "
           "CreateService of a DRAINING name refused, UpdateService ServiceNotActiveException; DescribeClusters counts")
    def _():
        ecs.create_cluster(clusterName="settle")
        ecs.register_task_definition(family="settle-td", containerDefinitions=[{"name": "a", "image": "nginx", "memory": 128}])
        ecs.create_service(cluster="settle", serviceName="svc", taskDefinition="settle-td", desiredCount=2)
        ecs.create_service(cluster="settle", serviceName="idle", taskDefinition="settle-td", desiredCount=0)
        assert cluster() == {"status": "ACTIVE", "activeServicesCount": 2, "runningTasksCount": 0, "pendingTasksCount": 2}
        ecs.update_service(cluster="settle", service="svc", desiredCount=2)
        assert cluster()["runningTasksCount"] == 2 and cluster()["pendingTasksCount"] == 0, cluster()
        ecs.delete_service(cluster="settle", service="idle")
        ecs.update_service(cluster="settle", service="svc", desiredCount=0)  # as Slipway deletes: scale to 0, then delete
        deleted = ecs.delete_service(cluster="settle", service="svc", force=True)["service"]
        assert deleted["status"] == "DRAINING" and deleted["desiredCount"] == 0, deleted
        described = ecs.describe_services(cluster="settle", services=["svc"])["services"][0]
        assert described["status"] == "DRAINING" and described["runningCount"] == 2, described
        assert ecs.list_services(cluster="settle")["serviceArns"] == []
        assert cluster() == {"status": "ACTIVE", "activeServicesCount": 0, "runningTasksCount": 2, "pendingTasksCount": 0}
        assert error_message(lambda: ecs.delete_cluster(cluster="settle")) == \
            "The Cluster cannot be deleted while Services are active."
        assert error_of(lambda: ecs.delete_cluster(cluster="settle")) == "ClusterContainsServicesException"
        assert error_message(lambda: ecs.create_service(cluster="settle", serviceName="svc", taskDefinition="settle-td",
                                                        desiredCount=1)) == "Unable to Start a service that is still Draining."
        assert error_of(lambda: ecs.update_service(cluster="settle", service="svc", desiredCount=1)) == "ServiceNotActiveException"
        assert ecs.delete_service(cluster="settle", service="svc", force=True)["service"]["status"] == "DRAINING"
        assert eventually(lambda: ecs.describe_services(cluster="settle", services=["svc"])["services"][0]["status"] == "INACTIVE", 4)
        assert error_of(lambda: ecs.delete_cluster(cluster="settle")) == "ClusterContainsTasksException"
        assert error_message(lambda: ecs.delete_cluster(cluster="settle")) == "The Cluster cannot be deleted while Tasks are active."
        assert cluster()["runningTasksCount"] == 2, cluster()
        assert eventually(lambda: cluster()["runningTasksCount"] == 0, 4), cluster()
        again = ecs.create_service(cluster="settle", serviceName="svc", taskDefinition="settle-td", desiredCount=1)["service"]
        assert again["status"] == "ACTIVE" and ecs.list_services(cluster="settle")["serviceArns"] == [again["serviceArn"]]
        ecs.update_service(cluster="settle", service="svc", desiredCount=0)
        ecs.delete_service(cluster="settle", service="svc")
        assert eventually(lambda: error_of(lambda: ecs.delete_cluster(cluster="settle")) is None, 8)
        assert cluster()["status"] == "INACTIVE"

    @check("ELB DeleteTargetGroup ResourceInUse for targetGroupReleaseSeconds after its listener goes; ACM InUseBy and "
           "DeleteCertificate ResourceInUseException for certificateReleaseSeconds after its HTTPS listener goes")
    def _():
        tg = elb.create_target_group(Name="settle-tg", Protocol="HTTP", Port=80, VpcId=web["vpc"], TargetType="ip")[
            "TargetGroups"][0]["TargetGroupArn"]
        lb = web["lb"]["LoadBalancerArn"]
        listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=8081, DefaultActions=[
            {"Type": "forward", "TargetGroupArn": tg}])["Listeners"][0]["ListenerArn"]
        assert error_of(lambda: elb.delete_target_group(TargetGroupArn=tg)) == "ResourceInUse"
        elb.delete_listener(ListenerArn=listener)
        assert error_message(lambda: elb.delete_target_group(TargetGroupArn=tg)) == \
            f"The target group '{tg}' is currently in use by a listener or a rule"
        assert eventually(lambda: error_of(lambda: elb.delete_target_group(TargetGroupArn=tg)) is None, 3)
        elb.delete_listener(ListenerArn=web["https"])
        assert acm.describe_certificate(CertificateArn=web["cert"])["Certificate"]["InUseBy"] == [lb]
        assert error_of(lambda: acm.delete_certificate(CertificateArn=web["cert"])) == "ResourceInUseException"
        assert eventually(lambda: acm.describe_certificate(CertificateArn=web["cert"])["Certificate"]["InUseBy"] == [], 3)
        acm.delete_certificate(CertificateArn=web["cert"])

    @check("IAM DeleteConflict: DeletePolicy attached or with versions, DeleteUser with access keys (AWS's messages)")
    def _():
        document = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
        arn = iam.create_policy(PolicyName="settle-p", PolicyDocument=document)["Policy"]["Arn"]
        iam.attach_role_policy(RoleName="settle-fn", PolicyArn=arn)
        assert error_message(lambda: iam.delete_policy(PolicyArn=arn)) == "Cannot delete a policy attached to entities."
        iam.detach_role_policy(RoleName="settle-fn", PolicyArn=arn)
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=document, SetAsDefault=True)
        assert error_code(lambda: iam.delete_policy(PolicyArn=arn)) == "DeleteConflict"
        assert error_message(lambda: iam.delete_policy(PolicyArn=arn)).startswith("This policy has more than one version.")
        iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
        iam.delete_policy(PolicyArn=arn)
        iam.create_user(UserName="settle-u")
        key = iam.create_access_key(UserName="settle-u")["AccessKey"]["AccessKeyId"]
        assert error_message(lambda: iam.delete_user(UserName="settle-u")) == "Cannot delete entity, must delete access keys first."
        iam.delete_access_key(UserName="settle-u", AccessKeyId=key)
        iam.delete_user(UserName="settle-u")

    @check("iamRoleAssumeSeconds (off by default): a fresh role refused by Lambda, CodeBuild and CodePipeline as AWS "
           "refuses it, then accepted")
    def _():
        post(f"{url}/_slipway/settle", {"iamRoleAssumeSeconds": 1.0})
        try:
            fresh = make_role("settle-fresh", "lambda.amazonaws.com")
            assert error_message(lambda: lam.create_function(
                FunctionName="settle-d", Runtime="provided.al2023", Handler="bootstrap", Role=fresh,
                Code={"ZipFile": code})) == "The role defined for the function cannot be assumed by Lambda."
            build = dict(name="settle-build", source={"type": "NO_SOURCE", "buildspec": "version: 0.2"},
                         artifacts={"type": "NO_ARTIFACTS"}, serviceRole=fresh,
                         environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                                      "computeType": "BUILD_GENERAL1_SMALL"})
            assert error_message(lambda: client("codebuild").create_project(**build)) == \
                f"CodeBuild is not authorized to perform: sts:AssumeRole on {fresh}"
            pipeline = {"name": "settle-pipe", "roleArn": fresh, "artifactStore": {"type": "S3", "location": "settle-bucket"},
                        "stages": [{"name": "Source", "actions": [{"name": "S", "actionTypeId": {
                            "category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                            "configuration": {"S3Bucket": "b", "S3ObjectKey": "k"}, "outputArtifacts": [{"name": "o"}]}]},
                            {"name": "Build", "actions": [{"name": "B", "actionTypeId": {
                                "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                                "configuration": {"ProjectName": "settle-build"}, "inputArtifacts": [{"name": "o"}]}]}]}
            assert error_message(lambda: client("codepipeline").create_pipeline(pipeline=pipeline)) == \
                f"CodePipeline is not authorized to perform AssumeRole on role {fresh}"
            time.sleep(1.0)
            client("codebuild").create_project(**build)
            lam.create_function(FunctionName="settle-d", Runtime="provided.al2023", Handler="bootstrap", Role=fresh,
                                Code={"ZipFile": code})
        finally:
            post(f"{url}/_slipway/settle", {"iamRoleAssumeSeconds": 0})

    @check("AWS's default VPC in every Region: an internet gateway attached and 0.0.0.0/0 to it in the main route table")
    def _():
        for region in (REGION, "eu-west-1"):
            regional = boto3.client("ec2", region_name=region, endpoint_url=url, aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                                    aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], config=NO_RETRY)
            vpc = regional.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
            gateways = regional.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]
            assert len(gateways) == 1 and gateways[0]["Attachments"] == [{"State": "available", "VpcId": vpc}], gateways
            main = regional.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                           {"Name": "association.main", "Values": ["true"]}])["RouteTables"]
            routes = {(r.get("DestinationCidrBlock"), r.get("GatewayId")) for r in main[0]["Routes"]}
            assert routes == {("172.31.0.0/16", "local"), ("0.0.0.0/0", gateways[0]["InternetGatewayId"])}, routes

    @check("make_network.py builds each kind of VPC through the server (signatures and model validation on): "
           "public, private, NAT gateway, VPC endpoints (ecr.api, ecr.dkr, logs, s3 gateway), one zone")
    def _():
        child = {**os.environ, **env, "AWS_DEFAULT_REGION": REGION}
        built = {}
        for kind in ("public", "private", "nat", "endpoints", "one-zone"):
            done = subprocess.run([sys.executable, os.path.join(HERE, "make_network.py"), kind], env=child,
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, (kind, done.stderr[-2000:])
            built[kind] = json.loads(done.stdout)
        def routes(subnet):
            tables = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["RouteTables"]
            return {(r.get("DestinationCidrBlock"), (r.get("GatewayId") or r.get("NatGatewayId") or "")[:4]) for r in tables[0]["Routes"]}
        assert ("0.0.0.0/0", "igw-") in routes(built["public"]["subnets"][0])
        assert {r[0] for r in routes(built["private"]["subnets"][0])} == {built["private"]["subnets"] and
                                                                       ec2.describe_vpcs(VpcIds=[built["private"]["vpc"]])["Vpcs"][0]["CidrBlock"]}
        assert ("0.0.0.0/0", "nat-") in routes(built["nat"]["subnets"][0])
        nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [built["nat"]["vpc"]]}])["NatGateways"]
        assert len(nats) == 1 and nats[0]["SubnetId"] == built["nat"]["public_subnets"][0], nats
        endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [built["endpoints"]["vpc"]]}])["VpcEndpoints"]
        assert sorted((e["ServiceName"].split(".", 3)[-1], e["VpcEndpointType"]) for e in endpoints) == \
            [("ecr.api", "Interface"), ("ecr.dkr", "Interface"), ("logs", "Interface"), ("s3", "Gateway")], endpoints
        igws = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [built["public"]["vpc"]]}])
        assert len(igws["InternetGateways"]) == 1


def stripping_checks(client, url):
    """Section 30 of patches.py: POST/GET/DELETE /_slipway/strip-replies."""
    iam, r53, ecs, ec2, lam, s3 = client("iam"), client("route53"), client("ecs"), client("ec2"), client("lambda"), client("s3")

    def control(method, payload=None):
        req = urllib.request.Request(f"{url}/_slipway/strip-replies", method=method,
                                     data=json.dumps(payload).encode() if payload is not None else None)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    @check("strip-replies required+keep: every required output member goes at every depth (rest-xml, query), kept "
           "paths and their ancestors stay, errors are whole; GET says what went; DELETE turns it off")
    def _():
        r53.create_hosted_zone(Name="strip.example.org", CallerReference="strip")
        missing = error_message(lambda: iam.get_role(RoleName="no-such-role"))
        status, got = control("POST", {"required": True, "keep": {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}})
        assert status == 200 and got["keep"] == {"Route53.ListHostedZonesByName": ["HostedZones[].Id"]}, got
        try:
            page = r53.list_hosted_zones_by_name(DNSName="strip.example.org")
            zone = page["HostedZones"][0]
            assert "Id" in zone and "Name" not in zone and "CallerReference" not in zone, zone
            assert "IsTruncated" not in page and "MaxItems" not in page and zone["Config"] == {"PrivateZone": False}, page
            roles = iam.list_roles()
            assert "Roles" not in roles and roles["IsTruncated"] is False, roles
            assert error_of(lambda: iam.get_role(RoleName="no-such-role")) == "NoSuchEntity"
            assert error_message(lambda: iam.get_role(RoleName="no-such-role")) == missing and missing
            status, report = control("GET")
            assert status == 200 and report["stripped"] == {
                "Route53.ListHostedZonesByName": ["HostedZones[].Name", "HostedZones[].CallerReference", "IsTruncated", "MaxItems"],
                "IAM.ListRoles": ["Roles"]}, report
        finally:
            assert control("DELETE") == (200, {"stripping": False})
        assert "Name" in r53.list_hosted_zones_by_name(DNSName="strip.example.org")["HostedZones"][0]
        assert "Roles" in iam.list_roles()
        assert "IAM.ListRoles" in control("GET")[1]["stripped"]  # the record stays until the next POST

    @check("strip-replies only: exactly the paths given, in JSON (ECS), rest-json (Lambda), query (IAM), EC2 and "
           "rest-xml (S3) replies, under any of a service's names; XML otherwise byte for byte")
    def _():
        ecs.create_cluster(clusterName="strip")
        raw = raw_replies(iam)
        iam.list_roles()
        before = raw[-1]
        status, got = control("POST", {"only": {
            "ecs.DescribeClusters": ["clusters[].clusterName"], "Lambda.GetFunctionConfiguration": ["FunctionName"],
            "IAM.ListRoles": ["Roles[].Arn", "IsTruncated"], "Amazon EC2.DescribeVpcs": ["Vpcs[].VpcId"],
            "S3.ListBuckets": ["Buckets[].Name"], "elbv2.DescribeLoadBalancers": ["LoadBalancers[].DNSName"]}})
        assert status == 200 and "ElasticLoadBalancingv2.DescribeLoadBalancers" in got["only"] and "ECS.DescribeClusters" in got["only"], got
        try:
            found = ecs.describe_clusters(clusters=["strip"])["clusters"][0]
            assert "clusterName" not in found and found["clusterArn"].endswith("/strip"), found
            assert "FunctionName" not in lam.get_function_configuration(FunctionName="settle-a")
            assert "FunctionName" in lam.get_function(FunctionName="settle-a")["Configuration"]  # another operation
            roles = iam.list_roles()
            assert roles["Roles"] and all("Arn" not in r and "RoleName" in r for r in roles["Roles"]) and "IsTruncated" not in roles
            after = raw[-1]
            unstamped = lambda b: re.sub(rb"<RequestId>[^<]*</RequestId>", b"", b)  # noqa: E731
            expected = re.sub(rb"<IsTruncated>[^<]*</IsTruncated>", b"", re.sub(rb"<Arn>[^<]*</Arn>", b"", before))
            assert unstamped(after) == unstamped(expected), (before[:300], after[:300])
            vpcs = ec2.describe_vpcs()["Vpcs"]
            assert vpcs and all("VpcId" not in v and "CidrBlock" in v for v in vpcs), vpcs[0]
            s3.create_bucket(Bucket="strip-bucket")
            buckets = s3.list_buckets()["Buckets"]
            assert buckets and all("Name" not in b and "CreationDate" in b for b in buckets), buckets
            assert control("GET")[1]["stripped"] == {
                "ECS.DescribeClusters": ["clusters[].clusterName"], "Lambda.GetFunctionConfiguration": ["FunctionName"],
                "IAM.ListRoles": ["Roles[].Arn", "IsTruncated"], "EC2.DescribeVpcs": ["Vpcs[].VpcId"],
                "S3.ListBuckets": ["Buckets[].Name"]}
        finally:
            control("DELETE")

    @check("strip-replies refuses an unknown service, operation or path, and a configuration that strips nothing")
    def _():
        for bad in ({"only": {"Nope.ListRoles": ["Roles"]}}, {"only": {"IAM.Nope": ["Roles"]}},
                    {"only": {"IAM.ListRoles": ["Roles[].Nope"]}}, {"only": {"IAM.ListRoles": ["Roles{}"]}},
                    {"keep": {"IAM.ListRoles": ["Roles"]}}, {"required": "yes"}, {"strip": True}):
            status, got = control("POST", bad)
            assert status == 400 and got.get("error"), (bad, status, got)
        assert "Roles" in iam.list_roles()


def clock_and_s3_checks(client, url):
    """Sections 31 and 32 of patches.py: the clock tests move, S3's conditional writes."""
    import email.utils
    import threading
    from datetime import datetime, timedelta, timezone
    s3 = client("s3")
    s3.create_bucket(Bucket="conditional-writes")

    def parse(iso):
        return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)

    def status_of(fn):
        try:
            fn()
        except ClientError as e:
            return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]
        return 200, None

    @check("clock: GET /_slipway/clock answers now; POST {advance} moves it, the Date header of every reply, "
           "S3's LastModified (HeadObject, GetObject, ListObjectsV2, Last-Modified) (patch 31)")
    def _():
        status, before = http("GET", f"{url}/_slipway/clock")
        assert status == 200 and set(before) == {"now"}, before
        assert abs(parse(before["now"]) - datetime.now(timezone.utc)) < timedelta(seconds=5), before
        s3.put_object(Bucket="conditional-writes", Key="before", Body=b"1")
        moved = post(f"{url}/_slipway/clock", {"advance": 3600})
        assert parse(moved["now"]) - parse(before["now"]) >= timedelta(seconds=3600), (before, moved)
        s3.put_object(Bucket="conditional-writes", Key="after", Body=b"2")
        head = s3.head_object(Bucket="conditional-writes", Key="after")
        got = s3.get_object(Bucket="conditional-writes", Key="after")
        listed = {o["Key"]: o["LastModified"] for o in s3.list_objects_v2(Bucket="conditional-writes")["Contents"]}
        now = parse(moved["now"])
        for when in (head["LastModified"], got["LastModified"], listed["after"],
                     email.utils.parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["last-modified"])):
            assert abs(when - now) < timedelta(seconds=5), (when, now)
        assert now - listed["before"] >= timedelta(seconds=3590), listed
        date = email.utils.parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["date"])
        assert abs(date - now) < timedelta(seconds=5), (date, now)
        with urllib.request.urlopen(f"{url}/_slipway/health", timeout=10) as r:
            assert abs(email.utils.parsedate_to_datetime(r.headers["Date"]) - now) < timedelta(seconds=5)
            assert len(r.headers.get_all("Date")) == 1
        req = urllib.request.Request(f"{url}/_slipway/clock", method="POST", data=json.dumps({"advance": -1}).encode())
        try:
            urllib.request.urlopen(req, timeout=10)
            raise AssertionError("a negative advance was taken")
        except urllib.error.HTTPError as e:
            assert e.code == 400, e.code

    @check("S3 conditional writes (moto's own, checked): If-None-Match * on an existing key and If-Match of another "
           "ETag 412 PreconditionFailed, If-Match on a missing key 404 NoSuchKey; DeleteObject If-Match likewise")
    def _():
        etag = s3.put_object(Bucket="conditional-writes", Key="k", Body=b"1")["ETag"]
        assert status_of(lambda: s3.put_object(Bucket="conditional-writes", Key="k", Body=b"2", IfNoneMatch="*")) \
            == (412, "PreconditionFailed")
        assert status_of(lambda: s3.put_object(Bucket="conditional-writes", Key="k", Body=b"2", IfMatch='"0000"')) \
            == (412, "PreconditionFailed")
        assert status_of(lambda: s3.put_object(Bucket="conditional-writes", Key="missing", Body=b"2", IfMatch=etag)) \
            == (404, "NoSuchKey")
        assert s3.get_object(Bucket="conditional-writes", Key="k")["Body"].read() == b"1"
        etag = s3.put_object(Bucket="conditional-writes", Key="k", Body=b"3", IfMatch=etag)["ETag"]
        s3.put_object(Bucket="conditional-writes", Key="new", Body=b"1", IfNoneMatch="*")
        assert status_of(lambda: s3.delete_object(Bucket="conditional-writes", Key="k", IfMatch='"0000"')) \
            == (412, "PreconditionFailed")
        assert status_of(lambda: s3.delete_object(Bucket="conditional-writes", Key="missing", IfMatch=etag)) \
            == (404, "NoSuchKey")
        s3.delete_object(Bucket="conditional-writes", Key="k", IfMatch=etag)
        assert error_of(lambda: s3.head_object(Bucket="conditional-writes", Key="k")) == "404"

    @check("S3 DeleteObject If-Match * deletes an object that exists, 404 NoSuchKey if none (patch 32)")
    def _():
        s3.put_object(Bucket="conditional-writes", Key="any", Body=b"1")
        assert s3.delete_object(Bucket="conditional-writes", Key="any", IfMatch="*")[
            "ResponseMetadata"]["HTTPStatusCode"] == 204
        assert error_of(lambda: s3.head_object(Bucket="conditional-writes", Key="any")) == "404"
        assert status_of(lambda: s3.delete_object(Bucket="conditional-writes", Key="any", IfMatch="*")) \
            == (404, "NoSuchKey")

    @check("S3 409 ConditionalRequestConflict: a conditional PutObject while another on the key is in progress "
           "(POST /_slipway/s3-hold holds the first); unconditional writes and other keys pass (patch 32)")
    def _():
        held = post(f"{url}/_slipway/s3-hold", {"bucket": "conditional-writes", "key": "lock", "seconds": 1.5})
        assert held == {"bucket": "conditional-writes", "key": "lock", "seconds": 1.5}, held
        assert http("GET", f"{url}/_slipway/s3-hold")[1] == [held]
        first = {}
        writer = threading.Thread(target=lambda: first.update(result=status_of(lambda: client("s3").put_object(
            Bucket="conditional-writes", Key="lock", Body=b"first", IfNoneMatch="*"))))
        writer.start()
        assert eventually(lambda: http("GET", f"{url}/_slipway/s3-hold")[1] == [], seconds=5)
        time.sleep(0.2)
        second = status_of(lambda: s3.put_object(Bucket="conditional-writes", Key="lock", Body=b"second",
                                                 IfNoneMatch="*"))
        third = status_of(lambda: s3.delete_object(Bucket="conditional-writes", Key="lock", IfMatch="*"))
        other = status_of(lambda: s3.put_object(Bucket="conditional-writes", Key="other", Body=b"x", IfNoneMatch="*"))
        writer.join(10)
        assert second == (409, "ConditionalRequestConflict"), second
        assert third == (409, "ConditionalRequestConflict"), third
        assert other == (200, None) and first["result"] == (200, None), (other, first)
        assert s3.get_object(Bucket="conditional-writes", Key="lock")["Body"].read() == b"first"
        assert status_of(lambda: s3.put_object(Bucket="conditional-writes", Key="lock", Body=b"again",
                                               IfNoneMatch="*")) == (412, "PreconditionFailed")
        assert http("DELETE", f"{url}/_slipway/s3-hold")[1] == {"cleared": True}


def main():
    tmp = tempfile.mkdtemp(prefix="slipway-emulator-")
    env_file = os.path.join(tmp, "env")
    log = open(os.path.join(tmp, "emulator.log"), "w")
    proc = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "server.py"), "--port", "0", "--env-file", env_file],
        stdout=subprocess.PIPE, stderr=log, text=True, env={**os.environ, "MOTO_ACM_VALIDATION_WAIT": "1"})
    ready = proc.stdout.readline().strip()
    assert ready.startswith("ready http://127.0.0.1:"), f"server said {ready!r}; log in {tmp}"
    env = read_env(env_file)
    url = env["AWS_ENDPOINT_URL"]
    key, secret = env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]

    def client(service, key_id=key, secret_key=secret, **config):
        return boto3.client(service, region_name=REGION, endpoint_url=url,
                            aws_access_key_id=key_id, aws_secret_access_key=secret_key,
                            config=NO_RETRY.merge(Config(**config)))

    iam, cb, cp = client("iam"), client("codebuild"), client("codepipeline")

    @check("env file has the five exports and the server's pid")
    def _():
        assert set(env) == {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
                            "AWS_ENDPOINT_URL", "SLIPWAY_EMULATOR_PID"}, env
        assert env["AWS_REGION"] == REGION and int(env["SLIPWAY_EMULATOR_PID"]) == proc.pid

    @check("control endpoints: health 200, unknown 404")
    def _():
        assert http("GET", f"{url}/_slipway/health")[0] == 200
        assert http("GET", f"{url}/_slipway/nope")[0] == 404

    @check("correct keys work (STS GetCallerIdentity as slipway-admin)")
    def _():
        arn = client("sts").get_caller_identity()["Arn"]
        assert arn == f"arn:aws:iam::{ACCOUNT}:user/slipway-admin", arn

    @check("wrong secret fails with SignatureDoesNotMatch (JSON and Query services)")
    def _():
        assert error_code(lambda: client("iam", secret_key="x" * 40).list_users()) \
            == "SignatureDoesNotMatch"
        assert error_code(lambda: client("codebuild", secret_key="x" * 40).list_projects()) \
            == "SignatureDoesNotMatch"

    @check("unknown access key fails with InvalidClientTokenId")
    def _():
        assert error_code(lambda: client("sts", key_id="AKIAUNKNOWN000000000").get_caller_identity()) \
            == "InvalidClientTokenId"

    def make_role(name, service):
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

    @check("signed Lambda GETs work (ListFunctions, GetFunction, GetFunctionConfiguration, ListTags)")
    def _():
        lam = client("lambda")
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as z:
            z.writestr("bootstrap", "#!/bin/sh\n")
        fn = lam.create_function(
            FunctionName="demo-deployer", Runtime="provided.al2023", Handler="bootstrap",
            Role=make_role("demo-deployer", "lambda.amazonaws.com"),
            Code={"ZipFile": zipped.getvalue()}, Tags={"slipway:app": "demo"})
        assert [f["FunctionName"] for f in lam.list_functions()["Functions"]] == ["demo-deployer"]
        assert lam.get_function(FunctionName="demo-deployer")["Configuration"]["Handler"] == "bootstrap"
        assert lam.get_function_configuration(FunctionName="demo-deployer")["Runtime"] == "provided.al2023"
        assert lam.list_tags(Resource=fn["FunctionArn"])["Tags"] == {"slipway:app": "demo"}

    project = "demo-dev-web"

    @check("CodeBuild CreateProject with CODEPIPELINE source/artifacts and no location")
    def _():
        got = cb.create_project(
            name=project, source={"type": "CODEPIPELINE", "buildspec": "buildspec.yml"},
            artifacts={"type": "CODEPIPELINE"},
            environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                         "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": True},
            serviceRole=make_role("demo-dev-web-build", "codebuild.amazonaws.com"))
        assert got["project"]["source"]["type"] == "CODEPIPELINE"

    @check("CodeBuild UpdateProject changes what BatchGetProjects returns; projectsNotFound")
    def _():
        cb.update_project(name=project, description="web service",
                          environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                                       "computeType": "BUILD_GENERAL1_MEDIUM", "privilegedMode": True},
                          tags=[{"key": "slipway:app", "value": "demo"}])
        got = cb.batch_get_projects(names=[project, "missing-project"])
        (p,) = got["projects"]
        assert p["environment"]["computeType"] == "BUILD_GENERAL1_MEDIUM", p
        assert p["description"] == "web service" and p["tags"] == [{"key": "slipway:app", "value": "demo"}]
        assert got["projectsNotFound"] == ["missing-project"], got
        assert error_code(lambda: cb.update_project(name="missing-project", description="x")) \
            == "ResourceNotFoundException"

    @check("CodeBuild StartBuild, ListBuildsForProject, BatchGetBuilds stable across calls")
    def _():
        build_id = cb.start_build(projectName=project)["build"]["id"]
        assert cb.list_builds_for_project(projectName=project)["ids"] == [build_id]
        first = cb.batch_get_builds(ids=[build_id])["builds"][0]
        second = cb.batch_get_builds(ids=[build_id])["builds"][0]
        assert first["buildStatus"] == "SUCCEEDED" and len(first["phases"]) == len(second["phases"])
        assert first["endTime"] == second["endTime"]

    pipeline = "demo-dev-web"

    @check("CodePipeline CreatePipeline with single-string service principal, GetPipelineState")
    def _():
        role = make_role("demo-dev-web-pipeline", "codepipeline.amazonaws.com")
        stage = lambda name, category, provider, conf: {  # noqa: E731
            "name": name, "actions": [{"name": name, "configuration": conf,
                "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"}}]}
        cp.create_pipeline(pipeline={
            "name": pipeline, "roleArn": role,
            "artifactStore": {"type": "S3", "location": "demo-artifacts"},
            "stages": [stage("Source", "Source", "S3", {"S3Bucket": "b", "S3ObjectKey": "k"}),
                       stage("Build", "Build", "CodeBuild", {"ProjectName": project}),
                       stage("Deploy", "Invoke", "Lambda", {"FunctionName": "demo-deployer"})]})
        state = cp.get_pipeline_state(name=pipeline)
        assert [s["stageName"] for s in state["stageStates"]] == ["Source", "Build", "Deploy"]
        assert "latestExecution" not in state["stageStates"][0] and state["pipelineVersion"] == 1
        run = cp.start_pipeline_execution(name=pipeline)["pipelineExecutionId"]
        state = cp.get_pipeline_state(name=pipeline)
        assert all(s["latestExecution"]["pipelineExecutionId"] == run for s in state["stageStates"])
        assert state["stageStates"][2]["actionStates"][0]["latestExecution"]["status"] == "Succeeded"
        assert cp.list_pipeline_executions(pipelineName=pipeline)["pipelineExecutionSummaries"][0][
            "pipelineExecutionId"] == run
        assert error_code(lambda: cp.get_pipeline_state(name="nope")) == "PipelineNotFoundException"

    @check("PutJobSuccessResult / PutJobFailureResult are recorded in /_slipway/job-results")
    def _():
        job = "11111111-2222-3333-4444-555555555555"
        cp.put_job_success_result(jobId=job, continuationToken="wait:1",
                                  executionDetails={"summary": "rolling out"})
        cp.put_job_success_result(jobId=job, executionDetails={"summary": "done"})
        cp.put_job_failure_result(jobId=job, failureDetails={"type": "JobFailed", "message": "rollout failed"})
        status, recorded = http("GET", f"{url}/_slipway/job-results")
        assert status == 200
        assert [(r["kind"], r["continuationToken"]) for r in recorded] == \
            [("success", "wait:1"), ("success", None), ("failure", None)], recorded
        assert recorded[2]["failureDetails"]["message"] == "rollout failed"
        assert recorded[0]["executionDetails"] == {"summary": "rolling out"}
        # Past the model's max 5000: model validation answers before the patch's own check.
        loose = client("codepipeline", parameter_validation=False)
        assert error_code(lambda: loose.put_job_failure_result(
            jobId=job, failureDetails={"type": "JobFailed", "message": "x" * 5001})) == "SlipwayModelViolation"

    @check("call log attributes calls to the access key, with service, action and status")
    def _():
        assert http("DELETE", f"{url}/_slipway/calls")[0] == 200
        cp.get_pipeline_state(name=pipeline)
        client("lambda").get_function(FunctionName="demo-deployer")
        client("sts").get_caller_identity()
        error_code(lambda: cb.batch_get_builds(ids=["no-colon"]))  # failing calls are logged too
        status, calls = http("GET", f"{url}/_slipway/calls?access_key={key}")
        got = [(c["service"], c["action"], c["status"]) for c in calls]
        assert got[:3] == [("codepipeline", "GetPipelineState", 200),
                           ("lambda", "GET /2015-03-31/functions/demo-deployer", 200),
                           ("sts", "GetCallerIdentity", 200)], got
        assert got[3] == ("codebuild", "BatchGetBuilds", 400), got
        assert all(c["access_key_id"] == key for c in calls)
        assert http("GET", f"{url}/_slipway/calls?access_key=AKIAOTHER")[1] == []

    @check("IAM is enforced: s3:ListAllMyBuckets-only user is denied iam:ListRoles and added ops")
    def _():
        iam.create_user(UserName="reader")
        iam.put_user_policy(UserName="reader", PolicyName="list-buckets", PolicyDocument=json.dumps(
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}))
        k = iam.create_access_key(UserName="reader")["AccessKey"]
        reader = lambda s: client(s, k["AccessKeyId"], k["SecretAccessKey"])  # noqa: E731
        reader("s3").list_buckets()
        assert error_code(lambda: reader("iam").list_roles()) == "AccessDenied"
        assert error_code(lambda: reader("codepipeline").get_pipeline_state(name=pipeline)) \
            == "AccessDenied"
        assert error_code(lambda: reader("codebuild").update_project(name=project)) == "AccessDenied"

    @check("IAM is enforced for the tagging API under IAM's prefix: tag:GetResources allows it, tagging:GetResources "
           "(moto's signing-name prefix) does not (patch 9)")
    def _():
        def tagger(name, action):
            iam.create_user(UserName=name)
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}))
            k = iam.create_access_key(UserName=name)["AccessKey"]
            return client("resourcegroupstaggingapi", k["AccessKeyId"], k["SecretAccessKey"])
        tagger("tag-reader", "tag:GetResources").get_resources()
        assert error_code(lambda: tagger("tagging-reader", "tagging:GetResources").get_resources()) == "AccessDenied"

    @check("ECS ListTaskDefinitionFamilies: status ACTIVE leaves out a family whose revisions are all INACTIVE, "
           "INACTIVE lists only it, familyPrefix is a prefix, maxResults pages (patch 19)")
    def _():
        ecs = client("ecs")
        container = [{"name": "app", "image": "nginx", "memory": 128}]
        for family in ("fam-a", "fam-b", "fam-c", "other"):
            ecs.register_task_definition(family=family, containerDefinitions=container)
        ecs.register_task_definition(family="fam-b", containerDefinitions=container)
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
        assert families(status="ACTIVE") == [["fam-a", "fam-c"]], families(status="ACTIVE")
        assert families(status="INACTIVE") == [["fam-b"]], families(status="INACTIVE")
        assert families(maxResults=2) == [["fam-a", "fam-b"], ["fam-c"]], families(maxResults=2)

    web = web_checks(client, url, iam)
    tagging_checks(client, make_role)
    authorization_details_checks(client, iam, make_role)
    pipeline_event_checks(client, url, iam, make_role)
    settling_checks(client, url, iam, make_role, web, env)
    stripping_checks(client, url)
    clock_and_s3_checks(client, url)

    @check("start.sh --latency-ms 300: every AWS call takes >= 300 ms, control calls do not; stop.sh")
    def _():
        env2 = os.path.join(tmp, "slow", "env")
        os.makedirs(os.path.dirname(env2))
        subprocess.run([os.path.join(HERE, "start.sh"), env2, "--latency-ms", "300"],
                       check=True, timeout=60, capture_output=True)
        slow = read_env(env2)
        sts = boto3.client("sts", region_name=REGION, endpoint_url=slow["AWS_ENDPOINT_URL"],
                           aws_access_key_id=slow["AWS_ACCESS_KEY_ID"],
                           aws_secret_access_key=slow["AWS_SECRET_ACCESS_KEY"], config=NO_RETRY)
        started = time.monotonic()
        sts.get_caller_identity()
        elapsed = time.monotonic() - started
        started = time.monotonic()
        http("GET", f"{slow['AWS_ENDPOINT_URL']}/_slipway/health")
        control = time.monotonic() - started
        subprocess.run([os.path.join(HERE, "stop.sh"), env2], check=True, timeout=30,
                       capture_output=True)
        assert elapsed >= 0.3, elapsed
        assert control < 0.3, control
        pid = int(slow["SLIPWAY_EMULATOR_PID"])
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read()

    @check("SIGTERM stops the server cleanly (exit 0)")
    def _():
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0

    if proc.poll() is None:
        proc.kill()
    failed = [name for name, err in results if err]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        print(f"emulator log: {log.name}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

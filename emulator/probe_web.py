"""What the emulator does with the calls Slipway's web services make: `.venv/bin/python emulator/probe_web.py`.

Starts server.py (authentication and model validation on, MOTO_ACM_VALIDATION_WAIT=2) and runs
a web service's whole lifecycle with boto3, the way Slipway will: security groups, an Application
Load Balancer, a target group of type ip, listeners on 80 and 443, host and path rules, a
DNS-validated ACM certificate in a Route 53 zone, an alias record, an ECS service attached to the
target group, target tracking scaling, tags, and the teardown. Each reply is checked for the
members botocore's model marks required (the generated Swift shapes make them non-optional), and
each behaviour AWS documents is printed as `same` or `DIFF` with what came back. It is a probe,
not a test: it exits 0 whatever it finds (emulator/tests has the checks that must pass).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "us-east-1"
findings = []


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            name, value = line.removeprefix("export ").strip().split("=", 1)
            env[name] = value.strip("'")
    return env


def missing_required(shape, value, path=""):
    """Paths of members the output shape requires that the reply lacks."""
    missing = []
    if shape is None or value is None:
        return missing
    if shape.type_name == "structure" and isinstance(value, dict):
        for name in shape.required_members:
            if name not in value:
                missing.append(f"{path}.{name}".lstrip("."))
        for name, member in shape.members.items():
            if name in value:
                missing += missing_required(member, value[name], f"{path}.{name}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            missing += missing_required(shape.member, item, f"{path}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            missing += missing_required(shape.value, item, f"{path}[{key}]")
    return missing


def note(same, what, got=""):
    findings.append((same, what))
    print(f"{'same' if same else 'DIFF'}  {what}" + (f"\n      got: {got}" if got and not same else ""))


def error_of(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def main():
    tmp = tempfile.mkdtemp(prefix="slipway-probe-")
    env_file = os.path.join(tmp, "env")
    log = open(os.path.join(tmp, "emulator.log"), "w")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--port", "0", "--env-file", env_file],
                            stdout=subprocess.PIPE, stderr=log, text=True,
                            env={**os.environ, "MOTO_ACM_VALIDATION_WAIT": "2"})
    ready = proc.stdout.readline().strip()
    assert ready.startswith("ready "), ready
    env = read_env(env_file)

    def client(service):
        c = boto3.client(service, region_name=REGION, endpoint_url=env["AWS_ENDPOINT_URL"],
                         aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                         config=Config(retries={"total_max_attempts": 1}))

        def check_reply(parsed, model, **_):
            if model.output_shape is not None and "Error" not in parsed:
                for path in missing_required(model.output_shape, parsed):
                    note(False, f"{service} {model.name}: reply has the model's required member {path}")
        c.meta.events.register("after-call", check_reply)
        return c
    client.endpoint = env["AWS_ENDPOINT_URL"]

    try:
        run(client)
    except Exception:  # noqa: BLE001 - a probe reports and goes on to the summary
        traceback.print_exc()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    diffs = [what for same, what in findings if not same]
    print(f"\n{len(findings) - len(diffs)} same as AWS, {len(diffs)} different; emulator log: {log.name}")
    return 0


def run(client):
    ec2, elb, acm, r53 = client("ec2"), client("elbv2"), client("acm"), client("route53")
    ecs, aas, tagging = client("ecs"), client("application-autoscaling"), client("resourcegroupstaggingapi")
    tags = [{"Key": "slipway:app", "Value": "demo"}, {"Key": "slipway:env", "Value": "prod"},
            {"Key": "slipway:service", "Value": "all"}]

    # --- EC2: the VPC, subnets, the load balancer's and the tasks' security groups
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    subnet_ids = [s["SubnetId"] for s in subnets[:2]]
    ec2.describe_subnets(SubnetIds=subnet_ids)
    spec = lambda name: [{"ResourceType": "security-group", "Tags": tags + [{"Key": "Name", "Value": name}]}]  # noqa: E731
    lb_sg = ec2.create_security_group(GroupName="demo-prod-lb", Description="demo prod load balancer", VpcId=vpc,
                                      TagSpecifications=spec("demo-prod-lb"))["GroupId"]
    task_sg = ec2.create_security_group(GroupName="demo-prod-tasks", Description="demo prod tasks", VpcId=vpc,
                                        TagSpecifications=spec("demo-prod-tasks"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=lb_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "anyone"}]}
        for p in (80, 443)])
    ec2.authorize_security_group_ingress(GroupId=task_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": lb_sg}]}])
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["demo-prod-lb"]},
                                                  {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
    note(len(found) == 1 and {t["Key"] for t in found[0].get("Tags", [])} >= {"slipway:app", "Name"},
         "EC2 CreateSecurityGroup keeps TagSpecifications; DescribeSecurityGroups filters group-name, vpc-id", found)
    by_tag = ec2.describe_security_groups(Filters=[{"Name": "tag:slipway:app", "Values": ["demo"]}])["SecurityGroups"]
    note({g["GroupId"] for g in by_tag} == {lb_sg, task_sg}, "EC2 DescribeSecurityGroups filter tag:slipway:app", by_tag)
    ec2.create_tags(Resources=[lb_sg], Tags=[{"Key": "slipway:env", "Value": "prod"}])
    code = error_of(lambda: ec2.authorize_security_group_ingress(GroupId=task_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": lb_sg}]}]))
    note(code == "InvalidPermission.Duplicate", "EC2 AuthorizeSecurityGroupIngress twice: InvalidPermission.Duplicate", code)

    # --- ELBv2: load balancer, attributes, target group
    lb = elb.create_load_balancer(Name="demo-prod", Subnets=subnet_ids, SecurityGroups=[lb_sg], Scheme="internet-facing",
                                  Type="application", IpAddressType="ipv4", Tags=tags)["LoadBalancers"][0]
    print("      CreateLoadBalancer:", json.dumps({k: lb.get(k) for k in ("LoadBalancerArn", "DNSName", "CanonicalHostedZoneId",
                                                                           "State", "Scheme", "VpcId")}, default=str))
    note(lb["CanonicalHostedZoneId"] == "Z35SXDOTRQ7X7K", "ELB CanonicalHostedZoneId is the Region's ALB zone (Z35SXDOTRQ7X7K)",
         lb["CanonicalHostedZoneId"])
    note(lb["DNSName"].startswith("demo-prod-") and lb["DNSName"].endswith(".us-east-1.elb.amazonaws.com"),
         "ELB DNSName {name}-{id}.{region}.elb.amazonaws.com", lb["DNSName"])
    note(lb["State"]["Code"] == "provisioning", "ELB CreateLoadBalancer State provisioning", lb["State"])
    internal = elb.create_load_balancer(Name="demo-int", Subnets=subnet_ids, SecurityGroups=[lb_sg], Scheme="internal",
                                        Type="application")["LoadBalancers"][0]
    note(internal["DNSName"].startswith("internal-demo-int-"), "ELB internal DNSName starts internal-", internal["DNSName"])
    elb.delete_load_balancer(LoadBalancerArn=internal["LoadBalancerArn"])
    code = error_of(lambda: elb.create_load_balancer(Name="demo-one-az", Subnets=subnet_ids[:1], SecurityGroups=[lb_sg]))
    note(code == "ValidationError", "ELB an ALB in one subnet/AZ: ValidationError", code)
    code = error_of(lambda: elb.describe_load_balancers(Names=["demo-prod", "nope"]))
    note(code == "LoadBalancerNotFound", "ELB DescribeLoadBalancers with a missing name: LoadBalancerNotFound", code)
    elb.describe_load_balancers(Names=["demo-prod"])
    lb_arn = lb["LoadBalancerArn"]
    elb.modify_load_balancer_attributes(LoadBalancerArn=lb_arn, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "60"}])
    attrs = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=lb_arn)["Attributes"]}
    note(attrs.get("idle_timeout.timeout_seconds") == "60", "ELB idle_timeout.timeout_seconds reads back", attrs)
    fresh = elb.create_load_balancer(Name="demo-fresh", Subnets=subnet_ids, SecurityGroups=[lb_sg])["LoadBalancers"][0]
    fresh_attrs = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(
        LoadBalancerArn=fresh["LoadBalancerArn"])["Attributes"]}
    note(fresh_attrs.get("idle_timeout.timeout_seconds") == "60", "ELB a new ALB's idle_timeout.timeout_seconds is 60", fresh_attrs)
    elb.delete_load_balancer(LoadBalancerArn=fresh["LoadBalancerArn"])

    tg = elb.create_target_group(Name="demo-prod-web", Protocol="HTTP", Port=8005, VpcId=vpc, TargetType="ip",
                                 HealthCheckPath="/healthz", HealthCheckIntervalSeconds=15, HealthCheckTimeoutSeconds=5,
                                 HealthyThresholdCount=2, UnhealthyThresholdCount=3, Matcher={"HttpCode": "200-399"},
                                 Tags=tags)["TargetGroups"][0]
    tg_arn = tg["TargetGroupArn"]
    print("      CreateTargetGroup:", json.dumps(tg, default=str))
    elb.modify_target_group(TargetGroupArn=tg_arn, HealthCheckPath="/health", Matcher={"HttpCode": "200"})
    got = elb.describe_target_groups(Names=["demo-prod-web"])["TargetGroups"][0]
    note(got["HealthCheckPath"] == "/health" and got["Matcher"]["HttpCode"] == "200", "ELB ModifyTargetGroup reads back", got)
    elb.modify_target_group_attributes(TargetGroupArn=tg_arn, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
    tattrs = {a["Key"]: a["Value"] for a in elb.describe_target_group_attributes(TargetGroupArn=tg_arn)["Attributes"]}
    note(tattrs.get("deregistration_delay.timeout_seconds") == "30", "ELB deregistration_delay.timeout_seconds reads back", tattrs)
    code = error_of(lambda: elb.modify_target_group_attributes(
        TargetGroupArn=tg_arn, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "3600"}]))
    note(code is None, "ELB deregistration_delay 3600 (the maximum) is accepted", code)
    elb.modify_target_group_attributes(TargetGroupArn=tg_arn, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])
    code = error_of(lambda: elb.describe_target_groups(LoadBalancerArn=lb_arn))
    note(code is None, "ELB DescribeTargetGroups(LoadBalancerArn) of a balancer with none: an empty list", code)

    # --- Route 53 zone and ACM certificate
    zone = r53.create_hosted_zone(Name="example.org", CallerReference=str(time.time()))["HostedZone"]
    zone_id = zone["Id"].split("/")[-1]
    r53.create_hosted_zone(Name="zzz.example.org", CallerReference=str(time.time()))
    by_name = r53.list_hosted_zones_by_name(DNSName="example.org", MaxItems="1")
    print("      ListHostedZonesByName:", json.dumps({k: v for k, v in by_name.items() if k != "ResponseMetadata"}, default=str))
    missing = r53.list_hosted_zones_by_name(DNSName="aaa.example.org", MaxItems="1")["HostedZones"]
    note([z["Name"] for z in missing] == ["zzz.example.org."], "Route 53 ListHostedZonesByName starts at DNSName in reversed-label "
         "order (the next zone, not none)", [z["Name"] for z in missing])
    r53.get_hosted_zone(Id=zone_id)

    cert_arn = acm.request_certificate(DomainName="example.org", SubjectAlternativeNames=["*.example.org"], ValidationMethod="DNS",
                                       IdempotencyToken="demoprod", Tags=tags)["CertificateArn"]
    again = acm.request_certificate(DomainName="example.org", SubjectAlternativeNames=["*.example.org"], ValidationMethod="DNS",
                                    IdempotencyToken="demoprod", Tags=tags)["CertificateArn"]
    note(again == cert_arn, "ACM RequestCertificate with the same IdempotencyToken: the same certificate", again)
    cert = acm.describe_certificate(CertificateArn=cert_arn)["Certificate"]
    print("      DescribeCertificate.DomainValidationOptions:", json.dumps(cert.get("DomainValidationOptions"), default=str))
    print("      SubjectAlternativeNames:", cert.get("SubjectAlternativeNames"), "Status:", cert["Status"], "IssuedAt" in cert)
    note([o["DomainName"] for o in cert.get("DomainValidationOptions", [])] == ["example.org", "*.example.org"],
         "ACM DomainValidationOptions in request order (domain, then SANs)", cert.get("DomainValidationOptions"))
    note(cert.get("SubjectAlternativeNames") == ["example.org", "*.example.org"], "ACM SubjectAlternativeNames: domain first",
         cert.get("SubjectAlternativeNames"))
    note("IssuedAt" not in cert, "ACM a PENDING_VALIDATION certificate has no IssuedAt", cert.get("IssuedAt"))
    time.sleep(2.5)
    status = acm.describe_certificate(CertificateArn=cert_arn)["Certificate"]["Status"]
    note(status == "PENDING_VALIDATION", "ACM stays PENDING_VALIDATION until its CNAME is in the zone", status)
    records = {(o["ResourceRecord"]["Name"], o["ResourceRecord"]["Value"]) for o in cert["DomainValidationOptions"]}
    change = r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": name, "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": value}]}}
        for name, value in records]})["ChangeInfo"]
    print("      ChangeResourceRecordSets.ChangeInfo:", json.dumps(change, default=str))
    note(change["Status"] == "PENDING", "Route 53 a change is PENDING first, then INSYNC (GetChange)", change["Status"])
    r53.get_change(Id=change["Id"])
    code = error_of(lambda: r53.get_change(Id="C0000000000000000000"))
    note(code == "NoSuchChange", "Route 53 GetChange of an unknown id: NoSuchChange", code)
    for _ in range(20):
        status = acm.describe_certificate(CertificateArn=cert_arn)["Certificate"]["Status"]
        if status == "ISSUED":
            break
        time.sleep(0.5)
    note(status == "ISSUED", "ACM ISSUED once the CNAME is in the zone (MOTO_ACM_VALIDATION_WAIT)", status)
    summaries = acm.list_certificates(CertificateStatuses=["ISSUED"])["CertificateSummaryList"]
    print("      ListCertificates[0]:", json.dumps(summaries[0] if summaries else None, default=str)[:400])
    print("      ListTagsForCertificate:", acm.list_tags_for_certificate(CertificateArn=cert_arn)["Tags"])
    acm.add_tags_to_certificate(CertificateArn=cert_arn, Tags=[{"Key": "slipway:service", "Value": "all"}])

    # --- listeners and rules
    http = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, Tags=tags, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])["Listeners"][0]
    code = error_of(lambda: elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]))
    note(code == "DuplicateListener", "ELB a second listener on port 80: DuplicateListener", code)
    https = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                                Certificates=[{"CertificateArn": cert_arn}], DefaultActions=[
                                    {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain",
                                                                                      "MessageBody": "not found"}}])["Listeners"][0]
    print("      CreateListener(HTTPS):", json.dumps(https, default=str))
    listeners = elb.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]
    note(sorted(lst["Port"] for lst in listeners) == [80, 443], "ELB DescribeListeners", listeners)
    elb.modify_listener(ListenerArn=http["ListenerArn"], DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_302"}}])
    forward = [{"Type": "forward", "TargetGroupArn": tg_arn}]
    rule = elb.create_rule(ListenerArn=https["ListenerArn"], Priority=10, Actions=forward, Tags=tags,
                           Conditions=[{"Field": "host-header", "HostHeaderConfig": {"Values": ["web.example.org"]}}])["Rules"][0]
    code = error_of(lambda: elb.create_rule(ListenerArn=https["ListenerArn"], Priority=10, Actions=forward,
                                            Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/x", "/x/*"]}}]))
    note(code == "PriorityInUse", "ELB CreateRule with a priority in use: PriorityInUse", code)
    path_rule = elb.create_rule(ListenerArn=https["ListenerArn"], Priority=20, Actions=forward,
                                Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api", "/api/*"]}}])["Rules"][0]
    rules = elb.describe_rules(ListenerArn=https["ListenerArn"])["Rules"]
    print("      DescribeRules:", json.dumps(rules, default=str)[:600])
    note([r["Priority"] for r in rules] == ["10", "20", "default"], "ELB DescribeRules priorities as strings, default last",
         [r["Priority"] for r in rules])
    elb.modify_rule(RuleArn=rule["RuleArn"], Conditions=[{"Field": "host-header", "HostHeaderConfig": {"Values": ["www.example.org"]}}])
    moved = elb.set_rule_priorities(RulePriorities=[{"RuleArn": rule["RuleArn"], "Priority": 30}])["Rules"]
    note(moved[0]["Priority"] == "30", "ELB SetRulePriorities", moved)
    code = error_of(lambda: elb.set_rule_priorities(RulePriorities=[{"RuleArn": path_rule["RuleArn"], "Priority": 30}]))
    note(code == "PriorityInUse", "ELB SetRulePriorities onto a priority in use: PriorityInUse", code)
    elb.add_tags(ResourceArns=[rule["RuleArn"], http["ListenerArn"]], Tags=[{"Key": "extra", "Value": "1"}])
    described = elb.describe_tags(ResourceArns=[lb_arn, tg_arn, rule["RuleArn"], http["ListenerArn"]])["TagDescriptions"]
    note(all({t["Key"] for t in d["Tags"]} >= {"slipway:app"} for d in described), "ELB tags on create, every kind", described)
    elb.remove_tags(ResourceArns=[rule["RuleArn"]], TagKeys=["extra"])
    code = error_of(lambda: acm.delete_certificate(CertificateArn=cert_arn))
    note(code == "ResourceInUseException", "ACM DeleteCertificate of a certificate a listener uses: ResourceInUseException", code)
    if code is not None:
        in_use = acm.describe_certificate(CertificateArn=cert_arn)["Certificate"]["InUseBy"]
        note(in_use == [lb_arn], "ACM InUseBy names the load balancer", in_use)
    code = error_of(lambda: elb.delete_target_group(TargetGroupArn=tg_arn))
    note(code == "ResourceInUse", "ELB DeleteTargetGroup while a rule forwards to it: ResourceInUse", code)
    got = elb.describe_target_groups(LoadBalancerArn=lb_arn)["TargetGroups"]
    note([g["TargetGroupArn"] for g in got] == [tg_arn], "ELB DescribeTargetGroups(LoadBalancerArn)", got)

    # --- Route 53 alias to the load balancer
    lb = elb.describe_load_balancers(Names=["demo-prod"])["LoadBalancers"][0]
    note(lb["State"]["Code"] == "active", "ELB active after provisioning", lb["State"])
    alias = {"HostedZoneId": lb["CanonicalHostedZoneId"], "DNSName": f"dualstack.{lb['DNSName']}", "EvaluateTargetHealth": True}
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": "web.example.org", "Type": "A", "AliasTarget": alias}}]})
    sets = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    print("      ListResourceRecordSets:", json.dumps(sets, default=str)[:900])
    a = next((s for s in sets if s["Type"] == "A"), None)
    note(a is not None and a["AliasTarget"]["DNSName"] == f"dualstack.{lb['DNSName']}.".lower(),
         "Route 53 alias DNSName read back lowercase with a trailing dot", a)
    code = error_of(lambda: r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "CREATE", "ResourceRecordSet": {"Name": "web.example.org", "Type": "A", "AliasTarget": alias}}]}))
    note(code == "InvalidChangeBatch", "Route 53 CREATE of a record that exists: InvalidChangeBatch", code)
    code = error_of(lambda: r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": "bad.example.org", "Type": "A", "AliasTarget": {
            "HostedZoneId": "Z2P70J7EXAMPLE", "DNSName": "nothing.example.com", "EvaluateTargetHealth": False}}}]}))
    note(code == "InvalidChangeBatch", "Route 53 an alias to no known target: InvalidChangeBatch", code)
    code = error_of(lambda: r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "DELETE", "ResourceRecordSet": {"Name": "web.example.org", "Type": "A", "AliasTarget": {
            **alias, "EvaluateTargetHealth": False}}}]}))
    note(code == "InvalidChangeBatch", "Route 53 DELETE with values that differ: InvalidChangeBatch", code)

    # --- ECS service on the target group (rollouts simulated, so that tasks register)
    urllib.request.urlopen(urllib.request.Request(f"{client.endpoint}/_slipway/simulate", method="POST", data=json.dumps(
        {"prefix": "demo-", "rolloutSeconds": 0.5}).encode()), timeout=10).read()
    ecs.create_cluster(clusterName="demo")
    ecs.register_task_definition(family="demo-prod-web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                                 memory="512", containerDefinitions=[{"name": "web", "image": "nginx", "essential": True,
                                                                     "portMappings": [{"containerPort": 8005}]}])
    network = {"awsvpcConfiguration": {"subnets": subnet_ids, "securityGroups": [task_sg], "assignPublicIp": "DISABLED"}}
    code = error_of(lambda: ecs.create_service(cluster="demo", serviceName="demo-prod-nolb", taskDefinition="demo-prod-web",
                                               desiredCount=1, launchType="FARGATE", networkConfiguration=network,
                                               healthCheckGracePeriodSeconds=60))
    note(code == "InvalidParameterException", "ECS healthCheckGracePeriodSeconds without a load balancer: InvalidParameterException", code)
    code = error_of(lambda: ecs.create_service(cluster="demo", serviceName="demo-prod-badport", taskDefinition="demo-prod-web",
                                               desiredCount=1, launchType="FARGATE", networkConfiguration=network,
                                               loadBalancers=[{"targetGroupArn": tg_arn, "containerName": "web", "containerPort": 9999}]))
    note(code == "InvalidParameterException", "ECS loadBalancers naming a port the container lacks: InvalidParameterException", code)
    svc = ecs.create_service(cluster="demo", serviceName="demo-prod-web", taskDefinition="demo-prod-web", desiredCount=2,
                             launchType="FARGATE", networkConfiguration=network, healthCheckGracePeriodSeconds=60,
                             loadBalancers=[{"targetGroupArn": tg_arn, "containerName": "web", "containerPort": 8005}])["service"]
    note(svc.get("loadBalancers") and svc.get("healthCheckGracePeriodSeconds") == 60,
         "ECS CreateService keeps loadBalancers and healthCheckGracePeriodSeconds",
         {k: svc.get(k) for k in ("loadBalancers", "healthCheckGracePeriodSeconds")})
    health = elb.describe_target_health(TargetGroupArn=tg_arn)["TargetHealthDescriptions"]
    print("      DescribeTargetHealth (rolling out):", json.dumps(health, default=str))
    time.sleep(0.6)
    health = elb.describe_target_health(TargetGroupArn=tg_arn)["TargetHealthDescriptions"]
    print("      DescribeTargetHealth (rolled out):", json.dumps(health, default=str))
    note(len(health) == 2 and all(h["TargetHealth"]["State"] == "healthy" for h in health),
         "ELB DescribeTargetHealth lists the service's tasks, healthy after the rollout", health)
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [lb_sg]}])["NetworkInterfaces"]
    note(len(enis) >= 2, "EC2 the load balancer has network interfaces in its security group", len(enis))
    code = error_of(lambda: ec2.delete_security_group(GroupId=lb_sg))
    note(code == "DependencyViolation", "EC2 DeleteSecurityGroup while a load balancer uses it: DependencyViolation", code)
    upd = ecs.update_service(cluster="demo", service="demo-prod-web", loadBalancers=[], healthCheckGracePeriodSeconds=0)["service"]
    note(upd.get("loadBalancers") == [], "ECS UpdateService loadBalancers [] detaches", upd.get("loadBalancers"))
    ecs.update_service(cluster="demo", service="demo-prod-web",
                       loadBalancers=[{"targetGroupArn": tg_arn, "containerName": "web", "containerPort": 8005}],
                       healthCheckGracePeriodSeconds=60)

    # --- Application Auto Scaling
    resource = "service/demo/demo-prod-web"
    target_arn = aas.register_scalable_target(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension="ecs:service:DesiredCount",
                                              MinCapacity=3, MaxCapacity=6, Tags={"slipway:app": "demo"}).get("ScalableTargetARN")
    targets = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource])["ScalableTargets"]
    print("      DescribeScalableTargets:", json.dumps(targets, default=str))
    count = ecs.describe_services(cluster="demo", services=["demo-prod-web"])["services"][0]["desiredCount"]
    note(count == 3, "AAS RegisterScalableTarget raises the desired count to MinCapacity", count)
    label = f"{lb_arn.split(':loadbalancer/')[1]}/{tg_arn.split(':')[-1]}"
    for name, metric, extra in (("cpu", "ECSServiceAverageCPUUtilization", {}), ("requests", "ALBRequestCountPerTarget", {"ResourceLabel": label})):
        aas.put_scaling_policy(PolicyName=f"demo-prod-web-{name}", ServiceNamespace="ecs", ResourceId=resource,
                               ScalableDimension="ecs:service:DesiredCount", PolicyType="TargetTrackingScaling",
                               TargetTrackingScalingPolicyConfiguration={"TargetValue": 70.0, "PredefinedMetricSpecification": {
                                   "PredefinedMetricType": metric, **extra}, "ScaleInCooldown": 60, "ScaleOutCooldown": 60})
    code = error_of(lambda: aas.put_scaling_policy(
        PolicyName="bad-label", ServiceNamespace="ecs", ResourceId=resource, ScalableDimension="ecs:service:DesiredCount",
        PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration={"TargetValue": 5.0, "PredefinedMetricSpecification": {
            "PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": "app/nope/123/targetgroup/nope/456"}}))
    note(code == "ValidationException", "AAS ALBRequestCountPerTarget with an unknown ResourceLabel: ValidationException", code)
    policies = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"]
    print("      DescribeScalingPolicies[0]:", json.dumps(policies[0] if policies else None, default=str)[:600])
    only = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource, PolicyNames=["demo-prod-web-cpu"])["ScalingPolicies"]
    note(len(only) == 1, "AAS DescribeScalingPolicies PolicyNames filter", [p["PolicyName"] for p in only])
    code = error_of(lambda: aas.put_scaling_policy(PolicyName="x", ServiceNamespace="ecs", ResourceId="service/demo/none",
                                                   ScalableDimension="ecs:service:DesiredCount", PolicyType="TargetTrackingScaling",
                                                   TargetTrackingScalingPolicyConfiguration={"TargetValue": 5.0, "PredefinedMetricSpecification": {
                                                       "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}))
    note(code == "ObjectNotFoundException", "AAS PutScalingPolicy without a scalable target: ObjectNotFoundException", code)
    code = error_of(lambda: aas.tag_resource(ResourceARN=target_arn or "x", Tags={"slipway:env": "prod"}))
    note(code is None, "AAS TagResource on the scalable target", code)
    code = error_of(lambda: aas.list_tags_for_resource(ResourceARN=target_arn or "x"))
    note(code is None, "AAS ListTagsForResource", code)

    # --- Resource Groups Tagging API
    found = tagging.get_resources(TagFilters=[{"Key": "slipway:app", "Values": ["demo"]}])["ResourceTagMappingList"]
    kinds = sorted({m["ResourceARN"].split(":")[2] + ":" + m["ResourceARN"].split(":")[5].split("/")[0] for m in found})
    print("      GetResources kinds:", kinds)
    for kind in ("acm:certificate", "ec2:security-group", "elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup",
                 "elasticloadbalancing:listener", "elasticloadbalancing:listener-rule"):
        note(kind in kinds, f"Tagging GetResources finds {kind}", kinds)

    # --- teardown, in Slipway's order
    aas.delete_scaling_policy(PolicyName="demo-prod-web-cpu", ServiceNamespace="ecs", ResourceId=resource,
                              ScalableDimension="ecs:service:DesiredCount")
    aas.deregister_scalable_target(ServiceNamespace="ecs", ResourceId=resource, ScalableDimension="ecs:service:DesiredCount")
    left = aas.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"]
    note(left == [], "AAS DeregisterScalableTarget deletes its policies", [p["PolicyName"] for p in left])
    code = error_of(lambda: aas.deregister_scalable_target(ServiceNamespace="ecs", ResourceId=resource,
                                                           ScalableDimension="ecs:service:DesiredCount"))
    note(code == "ObjectNotFoundException", "AAS DeregisterScalableTarget twice: ObjectNotFoundException", code)
    ecs.update_service(cluster="demo", service="demo-prod-web", desiredCount=0)
    status = ecs.delete_service(cluster="demo", service="demo-prod-web")["service"]["status"]
    note(status == "DRAINING", "ECS DeleteService: the service DRAINING until its tasks stop", status)
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "DELETE", "ResourceRecordSet": {"Name": "web.example.org", "Type": "A", "AliasTarget": alias}}]})
    for r in (rule, path_rule):
        elb.delete_rule(RuleArn=r["RuleArn"])
    for lst in (http, https):
        elb.delete_listener(ListenerArn=lst["ListenerArn"])
    code = error_of(lambda: elb.delete_target_group(TargetGroupArn=tg_arn))
    note(code == "ResourceInUse", "ELB DeleteTargetGroup right after its rules and listeners: ResourceInUse", code)
    code = error_of(lambda: acm.delete_certificate(CertificateArn=cert_arn))
    note(code == "ResourceInUseException", "ACM DeleteCertificate right after its HTTPS listener: ResourceInUseException", code)
    started = time.monotonic()
    while error_of(lambda: elb.delete_target_group(TargetGroupArn=tg_arn)) == "ResourceInUse" and time.monotonic() - started < 10:
        time.sleep(0.5)
    elb.delete_load_balancer(LoadBalancerArn=lb_arn)
    code = error_of(lambda: ec2.delete_security_group(GroupId=lb_sg))
    print("      DeleteSecurityGroup right after DeleteLoadBalancer:", code)
    started = time.monotonic()
    while error_of(lambda: acm.delete_certificate(CertificateArn=cert_arn)) == "ResourceInUseException" and time.monotonic() - started < 10:
        time.sleep(0.5)
    ec2.revoke_security_group_ingress(GroupId=task_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8005, "ToPort": 8005, "UserIdGroupPairs": [{"GroupId": lb_sg}]}])
    for group in (task_sg, lb_sg):
        started = time.monotonic()
        while error_of(lambda: ec2.delete_security_group(GroupId=group)) == "DependencyViolation" and time.monotonic() - started < 10:
            time.sleep(0.5)
        print(f"      DeleteSecurityGroup {group} after {time.monotonic() - started:.1f} s:",
              error_of(lambda: ec2.describe_security_groups(GroupIds=[group])))


if __name__ == "__main__":
    sys.exit(main())

"""What the benchmarks share: the local emulator, an IAM user per run, the emulator's call log,
the deployer zip and a generated slipway.yml.

    from common import Emulator            # with bench/ on sys.path
    with Emulator(work, latency_ms=0) as emulator:
        key, secret = emulator.new_user("bench-a")
        ...
        emulator.calls(key)                # (all calls, writes) made with that key so far

With rate_limits=True the runs talk to the emulator through emulator/fault_proxy.py --rate-limits
(AWS's request rate limits, scaled by rate_scale; no faults): run_environment() names the proxy,
emulator.throttled() is its count of throttled calls per API. The harness's own calls (users,
network, call log) go to the emulator directly and are never throttled.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request
import zipfile

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLIPWAY = os.path.join(ROOT, ".build", "debug", "slipway")
READ_PREFIXES = ("Get", "List", "Describe", "BatchGet", "Head", "Filter", "GET ", "HEAD ")


def build_kind(binary):
    """"release" or "debug", from where the binary was built (an installed one is a release build)."""
    return "debug" if "/debug/" in os.path.realpath(binary) else "release"


def is_write(action):
    return not action.startswith(READ_PREFIXES)


class Emulator:
    """The emulator started by emulator/start.sh (stopped on exit), with an admin boto3 session."""

    def __init__(self, work, latency_ms=0, rate_limits=False, rate_scale=1.0):
        self.work = work
        self.env_file = os.path.join(work, "env")
        self.latency_ms = latency_ms
        self.rate_limits = rate_limits
        self.rate_scale = rate_scale
        self.proxy = None

    def __enter__(self):
        subprocess.run(["bash", os.path.join(ROOT, "emulator/start.sh"), self.env_file, "--latency-ms", str(self.latency_ms)],
                       check=True, stdout=sys.stderr)
        try:
            admin = {}
            for line in open(self.env_file):
                key, _, value = line.removeprefix("export ").strip().partition("=")
                admin[key] = value.strip("'")
            self.pid = int(admin["SLIPWAY_EMULATOR_PID"])
            self.endpoint, self.region = admin["AWS_ENDPOINT_URL"], admin["AWS_REGION"]
            self.session = boto3.session.Session(aws_access_key_id=admin["AWS_ACCESS_KEY_ID"],
                                                 aws_secret_access_key=admin["AWS_SECRET_ACCESS_KEY"], region_name=self.region)
            self.run_endpoint = self.start_proxy() if self.rate_limits else self.endpoint
            self.iam = self.client("iam")
            self.warm_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_):
        self.stop()

    def start_proxy(self):
        """fault_proxy.py --rate-limits in front of the emulator; its endpoint."""
        port_file = os.path.join(self.work, "proxy-port")
        self.proxy = subprocess.Popen([sys.executable, os.path.join(ROOT, "emulator/fault_proxy.py"), "--upstream", self.endpoint,
                                       "--port-file", port_file, "--rate-limits", "--rate-scale", str(self.rate_scale)],
                                      stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            if self.proxy.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("emulator/fault_proxy.py did not start")
            time.sleep(0.05)
        with open(port_file) as handle:
            return "http://127.0.0.1:" + handle.read().strip()

    def throttled(self):
        """{"ecs:RegisterTaskDefinition": n, ...}: the calls the proxy has throttled so far ({} without rate limits)."""
        if self.proxy is None:
            return {}
        with urllib.request.urlopen(f"{self.run_endpoint}/_slipway/throttles") as reply:
            return json.load(reply)["throttled"]

    def stop(self):
        if self.proxy is not None:
            self.proxy.terminate()
            self.proxy.wait()
        subprocess.run(["bash", os.path.join(ROOT, "emulator/stop.sh"), self.env_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def client(self, service):
        return self.session.client(service, endpoint_url=self.endpoint)

    # One cheap read per service Slipway calls.
    WARM_UP = [("sts", "get_caller_identity", {}), ("iam", "list_roles", {"MaxItems": 1}), ("s3", "list_buckets", {}),
               ("ecr", "describe_repositories", {}), ("ecs", "list_clusters", {}), ("logs", "describe_log_groups", {"limit": 1}),
               ("codebuild", "list_projects", {}), ("codepipeline", "list_pipelines", {}), ("lambda", "list_functions", {}),
               ("resourcegroupstaggingapi", "get_resources", {}), ("application-autoscaling", "describe_scalable_targets",
                                                                   {"ServiceNamespace": "ecs"}),
               ("elbv2", "describe_load_balancers", {}), ("acm", "list_certificates", {}), ("route53", "list_hosted_zones", {}),
               ("ec2", "describe_vpcs", {})]

    def warm_up(self):
        """A read of each service, all at once, before anything is measured: moto imports a service's
        code and the emulator loads its model on the first request, which real AWS never makes anyone wait for."""
        import concurrent.futures
        def read(entry):
            service, operation, arguments = entry
            getattr(self.client(service), operation)(**arguments)
        with concurrent.futures.ThreadPoolExecutor(len(self.WARM_UP)) as pool:
            list(pool.map(read, self.WARM_UP))

    def network(self):
        """Two default subnets and the default VPC's default security group."""
        ec2 = self.client("ec2")
        subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s.get("DefaultForAz")][:2]
        vpc = ec2.describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
        groups = [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"] if g["VpcId"] == vpc and g["GroupName"] == "default"]
        return subnets, groups

    def new_user(self, name):
        """An IAM user allowed everything, so that the call log can count one run's calls by its key."""
        self.iam.create_user(UserName=name)
        self.iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = self.iam.create_access_key(UserName=name)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def records(self, key):
        """The call log of one access key: dicts with service, action, method, path, status."""
        with urllib.request.urlopen(f"{self.endpoint}/_slipway/calls?access_key={key}") as reply:
            return json.load(reply)

    def calls(self, key):
        """(calls, writes) made so far with one access key."""
        records = self.records(key)
        return len(records), sum(1 for r in records if is_write(r["action"]))

    def cpu_seconds(self):
        """User + system CPU time the emulator process has used so far (from /proc)."""
        fields = open(f"/proc/{self.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self):
        for line in open(f"/proc/{self.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def run_environment(self, key, secret, deployer_zip):
        """The environment a child process needs to talk to the emulator (or the proxy) as that key."""
        return {**os.environ, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_ENDPOINT_URL": self.run_endpoint,
                "AWS_REGION": self.region, "SLIPWAY_DEPLOYER_ZIP": deployer_zip, "NO_COLOR": "1"}


def deployer_zip(work):
    """The built deployer zip, or a stand-in (the emulator does not run it)."""
    built = os.path.join(ROOT, ".build", "slipway-deployer", "slipway-deployer.zip")
    if os.path.exists(built):
        return built
    stand_in = os.path.join(work, "stand-in.zip")
    with zipfile.ZipFile(stand_in, "w") as archive:
        archive.writestr("bootstrap", "#!/bin/sh\n")
    return stand_in


def slipway_yml(app, region, subnets, groups, services, environments="  production:\n    branch: main\n", service_extra="", top_extra=""):
    """A slipway.yml of `services` services (svc0, svc1, …), each `repo: svcN`, `port: 8000` and `service_extra`;
    `top_extra` goes before `environments` (a `load_balancer`)."""
    body = "".join(f"  svc{i}:\n    repo: svc{i}\n    port: 8000\n{service_extra}" for i in range(services))
    return (f"app: {app}\nsource:\n  owner: org\n  connection: arn:aws:codeconnections:{region}:123456789012:connection/x\n"
            f"cluster:\n  name: {app}\n  subnets: [{', '.join(subnets)}]\n  security_groups: [{', '.join(groups)}]\n"
            f"{top_extra}environments:\n{environments}services:\n{body}")


def web_slipway_yml(app, region, subnets, groups, services, domain):
    """The same stack with every service a web service (`http: true`) behind the load balancer of
    the one environment, which has `domain`."""
    return slipway_yml(app, region, subnets, groups, services,
                       environments=f"  production:\n    branch: main\n    domain: {domain}\n",
                       service_extra="    http: true\n", top_extra=f"load_balancer:\n  subnets: [{', '.join(subnets)}]\n")

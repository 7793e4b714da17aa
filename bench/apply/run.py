"""Apply benchmark: `slipway apply` next to a sequential boto3 script (the original scripts' way)
creating the same resources, against the local emulator with a real region's round trip added
to every call (100 ms by default), for stacks of 1, 10 and 50 services.

Usage: .venv/bin/python bench/apply/run.py [--latency-ms 100] [--sizes 1,10,50]
Prints one table: wall time and AWS calls of each apply, and of a no-change apply and plan.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SLIPWAY = os.path.join(ROOT, ".build", "debug", "slipway")

parser = argparse.ArgumentParser()
parser.add_argument("--latency-ms", type=int, default=100)
parser.add_argument("--sizes", default="1,10,50")
args = parser.parse_args()
work = tempfile.mkdtemp(prefix="slipway-bench-")
env_file = os.path.join(work, "env")
subprocess.run(["bash", os.path.join(ROOT, "emulator/start.sh"), env_file, "--latency-ms", str(args.latency_ms)], check=True, stdout=sys.stderr)
try:
    admin = {}
    for line in open(env_file):
        key, _, value = line.removeprefix("export ").strip().partition("=")
        admin[key] = value
    endpoint, region = admin["AWS_ENDPOINT_URL"], admin["AWS_REGION"]
    session = boto3.session.Session(aws_access_key_id=admin["AWS_ACCESS_KEY_ID"], aws_secret_access_key=admin["AWS_SECRET_ACCESS_KEY"], region_name=region)
    ec2 = session.client("ec2", endpoint_url=endpoint)
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s.get("DefaultForAz")][:2]
    vpc = ec2.describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
    groups = [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"] if g["VpcId"] == vpc and g["GroupName"] == "default"]
    iam = session.client("iam", endpoint_url=endpoint)

    deployer_zip = os.path.join(ROOT, ".build", "slipway-deployer", "slipway-deployer.zip")
    if not os.path.exists(deployer_zip):
        deployer_zip = os.path.join(work, "stand-in.zip")
        with zipfile.ZipFile(deployer_zip, "w") as archive:
            archive.writestr("bootstrap", "#!/bin/sh\n")

    def new_user(name):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def calls(key):
        with urllib.request.urlopen(f"{endpoint}/_slipway/calls?access_key={key}") as reply:
            records = json.load(reply)
        writes = [r for r in records if not r["action"].startswith(("Get", "List", "Describe", "BatchGet", "Head", "Filter", "GET ", "HEAD "))]
        return len(records), len(writes)

    def run(command, key, secret, cwd):
        environment = {**os.environ, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_ENDPOINT_URL": endpoint,
                       "AWS_REGION": region, "SLIPWAY_DEPLOYER_ZIP": deployer_zip, "NO_COLOR": "1"}
        before = calls(key)
        started = time.monotonic()
        result = subprocess.run(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.monotonic() - started
        if result.returncode not in (0, 2):
            sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
        after = calls(key)
        return elapsed, after[0] - before[0], after[1] - before[1]

    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        app = f"b{size}x{int(time.time()) % 100000}"
        folder = os.path.join(work, app)
        os.makedirs(folder)
        services = "".join(f"  svc{i}:\n    repo: svc{i}\n    port: 8000\n" for i in range(size))
        open(os.path.join(folder, "slipway.yml"), "w").write(
            f"app: {app}\nsource:\n  owner: org\n  connection: arn:aws:codeconnections:{region}:123456789012:connection/x\n"
            f"cluster:\n  name: {app}\n  subnets: [{', '.join(subnets)}]\n  security_groups: [{', '.join(groups)}]\n"
            f"environments:\n  production:\n    branch: main\nservices:\n{services}")
        key, secret = new_user(f"bench-{app}")
        apply = run([SLIPWAY, "apply", "--auto-approve"], key, secret, folder)
        again = run([SLIPWAY, "apply", "--auto-approve"], key, secret, folder)
        plan = run([SLIPWAY, "plan"], key, secret, folder)
        base_key, base_secret = new_user(f"base-{app}")
        baseline = run([sys.executable, os.path.join(ROOT, "bench/apply/baseline_boto3.py"), "base" + app[1:], str(size), "production",
                        ",".join(subnets), ",".join(groups), deployer_zip], base_key, base_secret, folder)
        rows.append((size, apply, again, plan, baseline))

    print(f"\nApply benchmark: emulator with {args.latency_ms} ms added to every call; slipway debug build, parallelism 8.\n")
    print(f"{'services':>8} | {'slipway apply':>20} | {'no-change apply':>22} | {'no-change plan':>15} | {'boto3 baseline':>20} | {'speed-up':>8}")
    print("-" * 110)
    for size, apply, again, plan, baseline in rows:
        print(f"{size:>8} | {apply[0]:>7.2f} s {apply[1]:>5} calls | {again[0]:>6.2f} s {again[1]:>4} calls {again[2]:>2} writes | {plan[0]:>9.2f} s"
              f"   | {baseline[0]:>7.2f} s {baseline[1]:>5} calls | {baseline[0] / apply[0]:>7.1f}x")
finally:
    subprocess.run(["bash", os.path.join(ROOT, "emulator/stop.sh"), env_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

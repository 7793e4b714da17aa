"""Load benchmark: Slipway on stacks of 10, 30 and 100 services × 3 environments against the local
emulator: time, AWS calls and peak memory of `plan` on an empty account, `apply --auto-approve`,
a no-change `plan` and `status`, and how they grow from the smallest size to the largest.

Usage: .venv/bin/python bench/load/run.py [--sizes 10,30,100] [--environments 3] [--latency-ms 0]
                                          [--parallelism N] [--slipway PATH] [--rate-limits [--rate-scale F]]

With --rate-limits the runs go through emulator/fault_proxy.py --rate-limits (AWS's request rate
limits, emulator/rate_limits.py): each command's throttled calls are counted, and the report ends
with the no-change plan's calls by service and per resource next to the figures from before the
plan read through listings (BEFORE, from BENCHMARKS.md).

Each size gets its own app and IAM user, so the emulator's call log counts exactly that run's
calls. Peak memory is the slipway child's ru_maxrss (os.wait4); CPU times are the child's
rusage and the emulator's /proc/PID/stat, so one can see which side is the bottleneck. The
run fails loudly when apply does not succeed, when the first plan does not list the expected
resources, or when the plan after apply is not empty.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import SLIPWAY, Emulator, build_kind, deployer_zip as find_deployer_zip, is_write, slipway_yml  # noqa: E402

# Per service and environment: build, pipeline and task execution roles, CodeBuild project, task
# definition, ECS service, pipeline, log group. Per service: the ECR repository. Once: artifact
# bucket, cluster, deployer role, deployer Lambda.
PER_SERVICE_ENVIRONMENT = collections.Counter({"iam-role": 3, "codebuild-project": 1, "task-definition": 1, "ecs-service": 1,
                                               "pipeline": 1, "log-group": 1})
PER_SERVICE = collections.Counter({"ecr-repository": 1})
SHARED = collections.Counter({"s3-bucket": 1, "ecs-cluster": 1, "iam-role": 1, "lambda-function": 1})
ENVIRONMENT_NAMES = ["development", "staging", "production"]

# The no-change plan of 100 services × 3 environments before batched reads and listings
# (BENCHMARKS.md, "load", run 2: 2,504 resources): calls, IAM calls, calls per resource.
BEFORE = {"services": 100, "calls": 4210, "iam": 1802, "per_resource": 1.7, "seconds_no_latency": 33.0}


def expected_resources(services, environments):
    expected = collections.Counter(SHARED)
    for kind, n in PER_SERVICE.items():
        expected[kind] += n * services
    for kind, n in PER_SERVICE_ENVIRONMENT.items():
        expected[kind] += n * services * environments
    return expected


def environments_yml(count):
    """development, staging, production (with approval), then env3, env4, …"""
    names = (ENVIRONMENT_NAMES + [f"env{i}" for i in range(len(ENVIRONMENT_NAMES), count)])[:count]
    text = ""
    for name in names:
        text += f"  {name}:\n    branch: {'main' if name == 'production' else name}\n"
        if name == "production":
            text += "    approval: true\n"
    return names, text


class Failure(SystemExit):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,30,100", help="services per stack (default 10,30,100)")
    parser.add_argument("--environments", type=int, default=3, help="environments per stack (default 3)")
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every emulator call (default 0)")
    parser.add_argument("--parallelism", type=int, default=None, help="slipway's --parallelism (default: its own)")
    parser.add_argument("--slipway", default=SLIPWAY, help="the binary (copied first, so a rebuild mid-run cannot change it)")
    parser.add_argument("--rate-limits", action="store_true", help="throttle as AWS does (emulator/rate_limits.py)")
    parser.add_argument("--rate-scale", type=float, default=1.0, help="multiply every rate limit's burst and rate")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    work = tempfile.mkdtemp(prefix="slipway-load-")
    # A snapshot of the binary: another build may relink .build/debug/slipway while this runs.
    slipway = os.path.join(work, "slipway")
    shutil.copy2(args.slipway, slipway)
    environment_names, environments_text = environments_yml(args.environments)
    started_all = time.monotonic()
    rows = []
    with Emulator(work, latency_ms=args.latency_ms, rate_limits=args.rate_limits, rate_scale=args.rate_scale) as emulator:
        subnets, groups = emulator.network()
        deployer_zip = find_deployer_zip(work)

        def run(label, command, key, secret, folder, expect_codes):
            """Run slipway, return its measurements; fail loudly on an unexpected exit status."""
            before = len(emulator.records(key))
            throttled_before = collections.Counter(emulator.throttled())
            emulator_cpu = emulator.cpu_seconds()
            out_path, err_path = (os.path.join(folder, f"{label}.{s}") for s in ("out", "err"))
            with open(out_path, "w") as out, open(err_path, "w") as err:
                started = time.monotonic()
                child = subprocess.Popen(command, cwd=folder, env=emulator.run_environment(key, secret, deployer_zip),
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=err)
                _, status, usage = os.wait4(child.pid, 0)
                elapsed = time.monotonic() - started
                child.returncode = os.waitstatus_to_exitcode(status)
            emulator_cpu = emulator.cpu_seconds() - emulator_cpu
            throttled = collections.Counter(emulator.throttled())
            throttled.subtract(throttled_before)
            records = emulator.records(key)[before:]
            if child.returncode not in expect_codes:
                tail = open(err_path).read()[-4000:]
                raise Failure(f"{label}: `{' '.join(command[1:])}` exited {child.returncode}, expected {expect_codes} "
                              f"(output in {folder}):\n{tail}")
            # Reads answered 400/404 are "not found" (expected before apply); anything else that failed
            # (a write refused, a 5xx, throttling) would have been retried or would have failed the run.
            errors = collections.Counter(f"{r['action']} {r['status']}" for r in records
                                         if r.get("status", 200) >= 500 or r.get("status") == 429
                                         or (r.get("status", 200) >= 400 and is_write(r["action"])))
            not_found = sum(1 for r in records if r.get("status", 200) in (400, 404) and not is_write(r["action"]))
            return {"seconds": elapsed, "calls": len(records), "writes": sum(1 for r in records if is_write(r["action"])),
                    "maxrss_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime, "emulator_cpu": emulator_cpu,
                    "errors": errors, "not_found": not_found, "code": child.returncode, "out": out_path, "err": err_path,
                    "by_action": collections.Counter(r["action"] for r in records),
                    "by_service": collections.Counter(r.get("service", "?") for r in records),
                    "throttled": +throttled}

        for size in sizes:
            app = f"l{size}x{int(time.time()) % 100000}"
            folder = os.path.join(work, app)
            os.makedirs(folder)
            open(os.path.join(folder, "slipway.yml"), "w").write(slipway_yml(
                app, emulator.region, subnets, groups, size, environments=environments_text,
                service_extra="    environments:\n      production:\n        count: 2\n" if "production" in environment_names else ""))
            key, secret = emulator.new_user(f"load-{app}")
            print(f"[{time.monotonic() - started_all:7.1f} s] {app}: {size} services × {args.environments} environments", file=sys.stderr)
            parallelism = ["--parallelism", str(args.parallelism)] if args.parallelism else []

            first = run("plan-empty", [slipway, "plan", "--detailed-exitcode", "--output", "json", *parallelism], key, secret, folder, (2,))
            changes = json.load(open(first["out"]))["changes"]
            kinds = collections.Counter(c["kind"] for c in changes)
            actions = collections.Counter(c["action"] for c in changes)
            expected = expected_resources(size, args.environments)
            if kinds != expected or set(actions) != {"create"}:
                raise Failure(f"{app}: the plan on an empty account lists {dict(kinds)} ({dict(actions)}), "
                              f"expected {dict(expected)}, all create")
            print(f"[{time.monotonic() - started_all:7.1f} s]   plan: {len(changes)} creates in {first['seconds']:.1f} s", file=sys.stderr)

            apply = run("apply", [slipway, "apply", "--auto-approve", *parallelism], key, secret, folder, (0,))
            summary = [line for line in open(apply["err"]) if line.startswith("Apply complete:")]
            if summary != [f"Apply complete: {len(changes)} resources changed.\n"]:
                raise Failure(f"{app}: apply exited 0 but its summary is {summary!r}, expected {len(changes)} resources changed")
            print(f"[{time.monotonic() - started_all:7.1f} s]   apply: {apply['calls']} calls in {apply['seconds']:.1f} s", file=sys.stderr)

            again = run("plan-no-change", [slipway, "plan", "--detailed-exitcode", *parallelism], key, secret, folder, (0,))
            if again["writes"]:
                raise Failure(f"{app}: the no-change plan made {again['writes']} write calls")
            print(f"[{time.monotonic() - started_all:7.1f} s]   no-change plan: {again['calls']} calls in {again['seconds']:.1f} s", file=sys.stderr)

            status = run("status", [slipway, "status"], key, secret, folder, (0, 1, 2))
            if status["writes"]:
                raise Failure(f"{app}: status made {status['writes']} write calls")
            print(f"[{time.monotonic() - started_all:7.1f} s]   status: {status['calls']} calls in {status['seconds']:.1f} s", file=sys.stderr)

            live = check_live(emulator, app, size, environment_names)
            rows.append((size, len(changes), first, apply, again, live, status))

    print_report(args, rows, time.monotonic() - started_all)


def check_live(emulator, app, services, environments):
    """Count what exists in the emulator after apply, independently of slipway; fail on a mismatch."""
    pipelines = [p["name"] for p in emulator.client("codepipeline").get_paginator("list_pipelines").paginate()
                 .build_full_result()["pipelines"] if p["name"].startswith(f"{app}-")]
    projects = [p for p in emulator.client("codebuild").get_paginator("list_projects").paginate().build_full_result()["projects"]
                if p.startswith(f"{app}-")]
    ecs_services = emulator.client("ecs").get_paginator("list_services").paginate(cluster=app).build_full_result()["serviceArns"]
    found = {"pipelines": len(pipelines), "codebuild projects": len(projects), "ECS services": len(ecs_services)}
    want = services * len(environments)
    if any(n != want for n in found.values()):
        raise Failure(f"{app}: after apply the emulator has {found}, expected {want} of each")
    codepipeline = emulator.client("codepipeline")
    approvals = sum(1 for name in pipelines if name.startswith(f"{app}-production-")
                    if any(a["actionTypeId"]["category"] == "Approval"
                           for s in codepipeline.get_pipeline(name=name)["pipeline"]["stages"] for a in s["actions"]))
    if "production" in environments and approvals != services:
        raise Failure(f"{app}: {approvals} production pipelines have an approval action, expected {services}")
    # The deployer role's inline policy lists every task execution role for iam:PassRole; AWS allows
    # 10,240 characters (whitespace excluded) of inline policies per role.
    iam = emulator.client("iam")
    names = [r["RoleName"] for r in iam.get_paginator("list_roles").paginate().build_full_result()["Roles"] if r["RoleName"].startswith(app)]
    policy_chars = 0
    for role in (n for n in names if "deployer" in n):
        for policy in iam.list_role_policies(RoleName=role)["PolicyNames"]:
            document = iam.get_role_policy(RoleName=role, PolicyName=policy)["PolicyDocument"]
            policy_chars += len(json.dumps(document, separators=(",", ":")))
    if len(names) != 3 * want + 1:
        raise Failure(f"{app}: after apply the emulator has {len(names)} roles of the app, expected {3 * want + 1}")
    return {**found, "roles": len(names), "deployer_policy_chars": policy_chars, "emulator_rss_kib": emulator.rss_kib()}


def ratio(a, b):
    return f"{b / a:.1f}×" if a else "n/a"


def print_report(args, rows, total):
    mib = 1024
    limits = f", AWS's rate limits (scale {args.rate_scale:g})" if args.rate_limits else ""
    print(f"\nLoad benchmark: {args.environments} environments, emulator latency {args.latency_ms} ms{limits}, slipway {build_kind(args.slipway)} build, "
          f"--parallelism {args.parallelism or 'its default'}; total {total:.0f} s.\n")
    header = (f"{'services':>8} | {'resources':>9} | {'plan, empty account':>30} | {'apply --auto-approve':>40} | "
              f"{'no-change plan':>30}")
    print(header)
    print("-" * len(header))
    for size, resources, first, apply, again, _, _ in rows:
        print(f"{size:>8} | {resources:>9} | {first['seconds']:>6.1f} s {first['calls']:>6} calls {first['maxrss_kib'] / mib:>4.0f} MiB | "
              f"{apply['seconds']:>6.1f} s {apply['calls']:>6} calls {apply['writes']:>5} writes {apply['maxrss_kib'] / mib:>4.0f} MiB | "
              f"{again['seconds']:>6.1f} s {again['calls']:>6} calls {again['maxrss_kib'] / mib:>4.0f} MiB")
    print("\nCPU seconds (user + system) of slipway and of the emulator during each command:\n")
    print(f"{'services':>8} | {'plan, empty: slipway / emulator':>32} | {'apply: slipway / emulator':>27} | {'no-change plan: slipway / emulator':>35}")
    for size, _, first, apply, again, _, _ in rows:
        print(f"{size:>8} | {first['cpu']:>12.1f} / {first['emulator_cpu']:>7.1f} s{'':>8} | {apply['cpu']:>8.1f} / {apply['emulator_cpu']:>7.1f} s{'':>6} | "
              f"{again['cpu']:>15.1f} / {again['emulator_cpu']:>7.1f} s")
    if len(rows) > 1:
        (s0, r0, f0, a0, n0, _, t0), (s1, r1, f1, a1, n1, _, t1) = rows[0], rows[-1]
        print(f"\nGrowth {s0} → {s1} services ({s1 / s0:.0f}× services, {r1 / r0:.1f}× resources):")
        for name, x, y in (("plan, empty account", f0, f1), ("apply", a0, a1), ("no-change plan", n0, n1), ("status", t0, t1)):
            print(f"  {name:<20} time {ratio(x['seconds'], y['seconds']):>6}   calls {ratio(x['calls'], y['calls']):>6}   "
                  f"peak memory {ratio(x['maxrss_kib'], y['maxrss_kib']):>6}   emulator CPU {ratio(x['emulator_cpu'], y['emulator_cpu']):>6}")
    print("\nChecks: every first plan listed exactly the expected creates; every apply exited 0 with that many changes; "
          "every plan after it exited 0 (no changes) with 0 writes; the emulator holds the expected pipelines, projects, services.")
    for size, _, first, apply, again, live, _ in rows:
        shown = {k: v for k, v in live.items() if k != "emulator_rss_kib"}
        print(f"  {size:>3} services: {shown}")
        print(f"      not-found reads: plan on the empty account {first['not_found']}, apply {apply['not_found']}, "
              f"no-change plan {again['not_found']}; failed writes, 5xx or throttling: plan {dict(first['errors']) or 0}, "
              f"apply {dict(apply['errors']) or 0}, no-change plan {dict(again['errors']) or 0}")
    print(f"  emulator resident memory at the end: {rows[-1][5]['emulator_rss_kib'] / mib:.0f} MiB")
    if args.rate_limits:
        print("\nThrottled calls (answered with the service's throttling error, then retried by slipway):")
        for size, _, first, apply, again, _, status in rows:
            for label, result in (("plan, empty", first), ("apply", apply), ("no-change plan", again), ("status", status)):
                shown = ", ".join(f"{api} {n}" for api, n in result["throttled"].most_common()) or "none"
                print(f"  {size:>3} services, {label}: {sum(result['throttled'].values())} ({shown})")
    print(f"\nNo-change plan, calls by service and per resource (before: {BEFORE['services']} services, "
          f"{BEFORE['calls']} calls, {BEFORE['iam']} to IAM, {BEFORE['per_resource']} a resource):")
    for size, resources, _, _, again, _, _ in rows:
        by_service = ", ".join(f"{name} {n}" for name, n in again["by_service"].most_common())
        print(f"  {size:>3} services, {resources} resources: {again['calls']} calls in {again['seconds']:.1f} s, "
              f"{again['calls'] / resources:.2f} a resource, {again['by_service'].get('iam', 0)} to IAM ({by_service})")
    print(f"\nStatus next to the no-change plan ({args.environments} environments; CodePipeline calls per pipeline):")
    for size, _, _, _, again, _, status in rows:
        pipelines = size * args.environments
        codepipeline = status["by_service"].get("codepipeline", 0)
        by_action = ", ".join(f"{a} {n}" for a, n in sorted(status["by_action"].items(), key=lambda i: -i[1]))
        print(f"  {size:>3} services: status {status['seconds']:>5.1f} s {status['calls']:>5} calls, {codepipeline / pipelines:.2f} CodePipeline "
              f"calls a pipeline; no-change plan {again['seconds']:>5.1f} s {again['calls']:>5} calls")
        print(f"      status by action: {by_action}")
    largest = rows[-1]
    print(f"\nCalls by action, {largest[0]} services:")
    for label, result in (("plan, empty", largest[2]), ("apply", largest[3]), ("no-change plan", largest[4]), ("status", largest[6])):
        print(f"  {label}: " + ", ".join(f"{a} {n}" for a, n in sorted(result["by_action"].items(), key=lambda i: -i[1])))


if __name__ == "__main__":
    main()

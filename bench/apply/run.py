"""Apply benchmark: `slipway apply` next to a sequential boto3 script (the original scripts' way)
creating the same resources, against the local emulator with a real region's round trip added
to every call (100 ms by default), for stacks of 1, 10 and 50 services.

Usage: .venv/bin/python bench/apply/run.py [--latency-ms 100] [--sizes 1,10,50] [--web] [--rate-limits [--rate-scale F]]
Prints one table: wall time and AWS calls of each apply, and of a no-change apply and plan. With
--web each size also runs as a web stack (every service `http: true`, the environment with a
domain whose hosted zone the benchmark makes first), reported beside the plain one with the
certificate's issuance (its create step, which waits for ACM) on its own line. With
--rate-limits the calls go through emulator/fault_proxy.py --rate-limits (AWS's request rate
limits, every burst and rate times F), and the calls it throttled are printed per API.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import re  # noqa: E402
from common import ROOT, SLIPWAY, Emulator, build_kind, deployer_zip as find_deployer_zip, slipway_yml, web_slipway_yml  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--latency-ms", type=int, default=100)
parser.add_argument("--sizes", default="1,10,50")
parser.add_argument("--web", action="store_true", help="also apply each size as a web stack (load balancer, domain)")
parser.add_argument("--rate-limits", action="store_true", help="throttle as AWS does (emulator/rate_limits.py)")
parser.add_argument("--rate-scale", type=float, default=1.0, help="multiply every rate limit's burst and rate")
parser.add_argument("--parallelism", type=int, default=None, help="slipway's --parallelism (default: its own)")
parser.add_argument("--lock-repeats", type=int, default=3, help="no-change applies with and without the lock, alternating, per size")
parser.add_argument("--slipway", default=SLIPWAY, help="the binary (default: the debug build)")
args = parser.parse_args()
SLIPWAY = args.slipway
work = tempfile.mkdtemp(prefix="slipway-bench-")
with Emulator(work, latency_ms=args.latency_ms, rate_limits=args.rate_limits, rate_scale=args.rate_scale) as emulator:
    region = emulator.region
    subnets, groups = emulator.network()
    deployer_zip = find_deployer_zip(work)

    throttled = []   # (run, {api: throttled calls during it})

    def run(label, command, key, secret, cwd):
        before = emulator.calls(key)
        throttles_before = emulator.throttled()
        emulator_cpu = emulator.cpu_seconds()
        started = time.monotonic()
        result = subprocess.run(command, cwd=cwd, env=emulator.run_environment(key, secret, deployer_zip),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.monotonic() - started
        emulator_share = (emulator.cpu_seconds() - emulator_cpu) / elapsed if elapsed else 0.0
        if result.returncode not in (0, 2):
            sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
        after = emulator.calls(key)
        during = {api: n - throttles_before.get(api, 0) for api, n in emulator.throttled().items() if n > throttles_before.get(api, 0)}
        throttled.append((label, os.path.basename(cwd), during))
        # The certificate's create step, as apply's progress reports it: the request, the records, ACM's wait.
        certificate = re.search(r"created certificate \S+ \(([0-9.]+) s\)", result.stderr)
        return (elapsed, after[0] - before[0], after[1] - before[1], float(certificate.group(1)) if certificate else 0.0,
                emulator_share)

    def median(runs):
        return statistics.median(r[0] for r in runs)

    def deep(seconds):
        """Round trips deep: wall time ÷ the latency added to every call."""
        return seconds * 1000 / args.latency_ms if args.latency_ms else float("nan")

    width = ["--parallelism", str(args.parallelism)] if args.parallelism else []

    rows = []
    lock_rows = []   # (size, [no-change apply with the lock], [the same with --no-lock])
    web_rows = []   # (size, web apply, web no-change apply, web no-change plan, the plain stack's apply)
    for size in [int(s) for s in args.sizes.split(",")]:
        app = f"b{size}x{int(time.time()) % 100000}"
        folder = os.path.join(work, app)
        os.makedirs(folder)
        open(os.path.join(folder, "slipway.yml"), "w").write(slipway_yml(app, region, subnets, groups, size))
        key, secret = emulator.new_user(f"bench-{app}")
        apply = run("apply", [SLIPWAY, "apply", "--auto-approve", *width], key, secret, folder)
        again = run("no-change apply", [SLIPWAY, "apply", "--auto-approve", *width], key, secret, folder)
        plan = run("no-change plan", [SLIPWAY, "plan"], key, secret, folder)
        # What the app's lock adds: the same no-change apply with and without it, alternating, so both see the same emulator.
        locked, unlocked = [], []
        for _ in range(args.lock_repeats):
            locked.append(run("no-change apply", [SLIPWAY, "apply", "--auto-approve", *width], key, secret, folder))
            unlocked.append(run("no-change apply --no-lock", [SLIPWAY, "apply", "--auto-approve", "--no-lock", *width], key, secret, folder))
        lock_rows.append((size, locked, unlocked))
        base_key, base_secret = emulator.new_user(f"base-{app}")
        baseline = run("boto3 baseline", [sys.executable, os.path.join(ROOT, "bench/apply/baseline_boto3.py"), "base" + app[1:], str(size), "production",
                        ",".join(subnets), ",".join(groups), deployer_zip], base_key, base_secret, folder)
        rows.append((size, apply, again, plan, baseline))
        if args.web:
            web_app = f"w{size}x{int(time.time()) % 100000}"
            web_folder = os.path.join(work, web_app)
            os.makedirs(web_folder)
            domain = f"{web_app}.example.org"
            emulator.client("route53").create_hosted_zone(Name=domain, CallerReference=web_app)
            open(os.path.join(web_folder, "slipway.yml"), "w").write(web_slipway_yml(web_app, region, subnets, groups, size, domain))
            web_key, web_secret = emulator.new_user(f"bench-{web_app}")
            web_apply = run("web apply", [SLIPWAY, "apply", "--auto-approve"], web_key, web_secret, web_folder)
            web_again = run("web no-change apply", [SLIPWAY, "apply", "--auto-approve"], web_key, web_secret, web_folder)
            web_plan = run("web no-change plan", [SLIPWAY, "plan"], web_key, web_secret, web_folder)
            web_rows.append((size, web_apply, web_again, web_plan, apply))

    shown_width = args.parallelism or "its default"
    print(f"\nApply benchmark: emulator with {args.latency_ms} ms added to every call; slipway {build_kind(SLIPWAY)} build, --parallelism {shown_width}.")
    print("deep = round trips deep (wall time ÷ latency); emulator = its CPU share of the wall time (near 100 % it sets the pace).\n")
    print(f"{'services':>8} | {'slipway apply':>38} | {'no-change apply':>22} | {'no-change plan':>15} | {'boto3 baseline':>30} | {'speed-up':>8}")
    print("-" * 140)
    for size, apply, again, plan, baseline in rows:
        print(f"{size:>8} | {apply[0]:>7.2f} s {apply[1]:>5} calls {deep(apply[0]):>5.1f} deep {apply[4]:>4.0%} emulator | "
              f"{again[0]:>6.2f} s {again[1]:>4} calls {again[2]:>2} writes | {plan[0]:>9.2f} s   | "
              f"{baseline[0]:>7.2f} s {baseline[1]:>5} calls {deep(baseline[0]):>6.1f} deep | {baseline[0] / apply[0]:>7.1f}x")
    if lock_rows:
        print(f"\nThe app's lock on the critical path: no-change applies with it and with --no-lock, {args.lock_repeats} of each alternating, medians.\n")
        print(f"{'services':>8} | {'with the lock':>30} | {'--no-lock':>30} | {'the lock adds':>26}")
        print("-" * 104)
        for size, locked, unlocked in lock_rows:
            with_lock, without = median(locked), median(unlocked)
            calls = statistics.median(r[1] for r in locked) - statistics.median(r[1] for r in unlocked)
            print(f"{size:>8} | {with_lock:>7.2f} s {deep(with_lock):>5.1f} deep {statistics.median(r[1] for r in locked):>5.0f} calls | "
                  f"{without:>7.2f} s {deep(without):>5.1f} deep {statistics.median(r[1] for r in unlocked):>5.0f} calls | "
                  f"{deep(with_lock) - deep(without):>+5.1f} deep {calls:>+4.0f} calls")
    if web_rows:
        print(f"\nWeb stack: every service `http: true`, one environment with a domain (load balancer, security groups, listeners,"
              f"\ncertificate, a target group, rule and record per service), next to the plain stack of the same size.\n")
        print(f"{'services':>8} | {'web apply':>20} | {'certificate':>11} | {'apply without it':>16} | {'plain apply':>11} | {'ratio':>5}"
              f" | {'no-change apply':>22} | {'no-change plan':>14}")
        print("-" * 130)
        for size, apply, again, plan, plain in web_rows:
            without = apply[0] - apply[3]
            print(f"{size:>8} | {apply[0]:>7.2f} s {apply[1]:>5} calls | {apply[3]:>9.2f} s | {without:>14.2f} s | {plain[0]:>9.2f} s |"
                  f" {without / plain[0]:>4.2f}x | {again[0]:>6.2f} s {again[1]:>4} calls {again[2]:>2} writes | {plan[0]:>12.2f} s")
    if args.rate_limits:
        print(f"\nThrottled by AWS's rate limits (emulator/rate_limits.py, scale {args.rate_scale:g}), per run and API:\n")
        for label, app, during in throttled:
            apis = ", ".join(f"{api} {n}" for api, n in sorted(during.items(), key=lambda item: -item[1]))
            print(f"{app:>12} {label:<16} {sum(during.values()):>5}{'  ' + apis if apis else ''}")

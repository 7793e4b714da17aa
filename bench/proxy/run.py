"""Proxy benchmark: N concurrent clients calling the emulator directly and through
emulator/fault_proxy.py (no faults), so that one sees what the proxy itself costs.

Usage: .venv/bin/python bench/proxy/run.py [--clients 64] [--calls 20] [--latency-ms 0]
                                           [--mode keepalive,fresh] [--proxy PATH] [--rate-limits]

Each client is a thread with its own HTTP connection (`keepalive`: one connection for all its
calls, as an SDK's pool does; `fresh`: a new connection per call, the worst case for a listen
backlog). All clients start together, as Slipway's 64 reads do, and each makes --calls signed
ECS ListClusters calls (JSON protocol, SigV4 with botocore's signer). Printed per target: calls
a second over the whole run, p50, p99 and max latency, and how many calls took over a second
(the mark of a dropped SYN, retried after 1 s, then 3, 7 and 15 s), and the slowest first call
(which includes connecting).
"""
import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import ROOT, Emulator  # noqa: E402

BODY = b"{}"


def signed_headers(endpoint, credentials, region):
    request = AWSRequest(method="POST", url=endpoint + "/", data=BODY, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListClusters"})
    SigV4Auth(credentials, "ecs", region).add_auth(request)
    return dict(request.headers.items())


def run_clients(endpoint, credentials, region, clients, calls, fresh):
    """(wall seconds, latencies, first calls' latencies, failures) of clients × calls concurrent calls."""
    parts = urllib.parse.urlsplit(endpoint)
    latencies, firsts, failures, lock = [], [], [], threading.Lock()
    start = threading.Barrier(clients + 1)

    def client():
        connection = None
        mine, errors = [], []
        start.wait()
        for _ in range(calls):
            headers = signed_headers(endpoint, credentials, region)
            began = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
                connection.request("POST", "/", body=BODY, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
            except OSError as error:
                errors.append(repr(error))
                connection.close()
                connection = None
            mine.append(time.monotonic() - began)
            if fresh and connection is not None:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            firsts.append(mine[0])
            failures.extend(errors)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    return time.monotonic() - began, latencies, firsts, failures


def start_proxy(work, upstream, proxy, extra):
    port_file = os.path.join(work, f"proxy-port-{time.monotonic_ns()}")
    process = subprocess.Popen([sys.executable, proxy, "--upstream", upstream, "--port-file", port_file, "--rate", "0", *extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not os.path.exists(port_file):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit(f"{proxy} did not start")
        time.sleep(0.05)
    return process, "http://127.0.0.1:" + open(port_file).read().strip()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--calls", type=int, default=20, help="calls per client")
    parser.add_argument("--latency-ms", type=int, default=0, help="added by the emulator to every call")
    parser.add_argument("--mode", default="keepalive,fresh")
    parser.add_argument("--proxy", default=os.path.join(ROOT, "emulator", "fault_proxy.py"),
                        help="the proxy to measure (e.g. an older copy, for a before/after)")
    parser.add_argument("--rate-limits", action="store_true", help="run the proxy with --rate-limits")
    parser.add_argument("--skip-direct", action="store_true")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="slipway-bench-proxy-")
    with Emulator(work, latency_ms=args.latency_ms) as emulator:
        key, secret = emulator.new_user(f"bench-proxy-{int(time.time()) % 100000}")
        credentials = Credentials(key, secret)
        proxy, proxy_endpoint = start_proxy(work, emulator.endpoint, args.proxy, ["--rate-limits"] if args.rate_limits else [])
        try:
            # The emulator's first ECS call creates moto's backend and loads the model: not measured.
            run_clients(emulator.endpoint, credentials, emulator.region, 1, 1, False)
            rows = []
            for mode in args.mode.split(","):
                targets = ([] if args.skip_direct else [("direct", emulator.endpoint)]) + [("proxy", proxy_endpoint)]
                for name, endpoint in targets:
                    cpu = emulator.cpu_seconds()
                    wall, latencies, firsts, failures = run_clients(endpoint, credentials, emulator.region, args.clients, args.calls, mode == "fresh")
                    rows.append((mode, name, wall, latencies, firsts, failures, emulator.cpu_seconds() - cpu))
        finally:
            proxy.terminate()
            proxy.wait()

    print(f"\nProxy benchmark: {args.clients} clients × {args.calls} ECS ListClusters, emulator latency {args.latency_ms} ms, "
          f"proxy {os.path.relpath(args.proxy, ROOT)}{' --rate-limits' if args.rate_limits else ''}\n")
    print(f"{'connections':>11} | {'target':>6} | {'calls/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} | {'> 1 s':>5} | "
          f"{'failed':>6} | {'1st max ms':>10} | emulator CPU s")
    print("-" * 110)
    for mode, name, wall, latencies, firsts, failures, cpu in rows:
        print(f"{mode:>11} | {name:>6} | {len(latencies) / wall:>7.1f} | {statistics.median(latencies) * 1000:>7.1f} | "
              f"{percentile(latencies, 99) * 1000:>7.1f} | {max(latencies) * 1000:>7.1f} | {sum(1 for x in latencies if x > 1):>5} | "
              f"{len(failures):>6} | {max(firsts) * 1000:>10.1f} | {cpu:.1f}")
        if failures:
            print(f"{'':>14}failures: {sorted(set(map(str, failures)))[:5]}")


if __name__ == "__main__":
    main()

"""AWS's request rate limits as token buckets, for `fault_proxy.py --rate-limits` (stdlib only).

AWS throttles each account per Region with token buckets: a bucket holds at most `burst` tokens,
each request takes one, and `rate` tokens a second flow back in. Actions are grouped into buckets
the way each service documents them (ECS's "cluster read actions", EC2's "mutating actions",
ELB's categories plus its account-wide bucket, one bucket per API for CloudWatch Logs and ACM, a
single bucket for all of Route 53). A request that finds a bucket empty is refused with that
service's own throttling error, in its own protocol and status, and never reaches the emulator.

TABLE below is the one place the figures live, each with its source: the AWS page it comes from,
or "guess" where AWS publishes none (then: reads 40 burst / 10 a second, writes 20 / 5, modelled
on ELB's published non-mutating and mutating buckets). Where AWS publishes only a per-second rate,
the burst is that rate (one second's worth). `scale` multiplies every burst and rate (0.1: an
account ten times stricter); a burst never goes below one token.

    limiter = Limiter(scale=1.0)                      # clock=time.monotonic
    request = describe(method, path, query, headers, body)
    if request and not limiter.allow(request):
        status, headers, body = throttle_reply(request)
"""

import json
import re
import threading
import time
import urllib.parse
import uuid

ECS = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html"
FARGATE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/throttling.html#fargate-throttling-runtask"
EC2 = "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html"
ELB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html"
LAMBDA = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests"
ACM = "https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html#api-rate-limits"
ROUTE53 = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests"
# CloudWatch Logs and ECR publish requests per second per API: on their quota pages, and as Service
# Quotas defaults (`aws service-quotas list-aws-default-service-quotas --service-code logs`); the
# quota codes below are from such a listing (gruntwork-io/terraform-aws-utilities, docs/quotas.md, 2024).
LOGS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html"
ECR = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html"
S3 = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html"
GUESS = "guess"

READ_PREFIXES = ("Get", "List", "Describe", "BatchGet", "Head", "Search", "Lookup", "Simulate", "Filter", "Test")

# (service, bucket, burst, rate per second, actions, source)
#
# service is the SigV4 signing name. actions: a tuple of operation names; "Prefix*" (every
# operation starting with Prefix); "reads" or "writes" (the rest, by READ_PREFIXES); "*" (the
# rest); "+all": a bucket every request of the service takes from as well; or "+Name1,Name2": a
# bucket those operations take from as well as their own. The first match wins, in this order:
# a name, a prefix, reads/writes, "*".
TABLE = [
    # Amazon ECS: categories, per account and Region.
    ("ecs", "cluster-modify", 20, 1, ("CreateCluster", "DeleteCluster", "PutClusterCapacityProviders", "UpdateCluster",
                                      "UpdateClusterSettings"), ECS),
    ("ecs", "cluster-read", 50, 20, ("DescribeClusters", "ListClusters"), ECS),
    ("ecs", "task-definition-modify", 20, 1, ("DeregisterTaskDefinition", "RegisterTaskDefinition"), ECS),
    ("ecs", "task-definition-read", 50, 20, ("DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies"), ECS),
    ("ecs", "task-definition-delete", 5, 1, ("DeleteTaskDefinitions",), ECS),
    ("ecs", "capacity-provider-modify", 10, 1, ("CreateCapacityProvider", "DeleteCapacityProvider", "UpdateCapacityProvider"), ECS),
    ("ecs", "capacity-provider-read", 50, 20, ("DescribeCapacityProviders",), ECS),
    ("ecs", "tag-modify", 20, 10, ("TagResource", "UntagResource"), ECS),
    ("ecs", "tag-read", 50, 20, ("ListTagsForResource",), ECS),
    ("ecs", "setting-modify", 10, 1, ("DeleteAccountSetting", "PutAccountSetting", "PutAccountSettingDefault"), ECS),
    ("ecs", "setting-read", 50, 20, ("ListAccountSettings",), ECS),
    ("ecs", "cluster-resource-modify", 100, 40, ("DeleteAttributes", "DeregisterContainerInstance", "ExecuteCommand",
                                                 "PutAttributes", "RunTask", "StartTask", "StopTask", "UpdateContainerAgent",
                                                 "UpdateContainerInstancesState"), ECS),
    ("ecs", "cluster-resource-read", 100, 20, ("DescribeContainerInstances", "DescribeTasks", "ListAttributes",
                                               "ListContainerInstances", "ListTasks"), ECS),
    ("ecs", "agent-modify", 200, 120, ("RegisterContainerInstance", "SubmitAttachmentStateChanges", "SubmitContainerStateChange",
                                       "SubmitTaskStateChange"), ECS),
    ("ecs", "service-modify", 50, 5, ("CreateService", "DeleteService", "UpdateService"), ECS),
    ("ecs", "service-read", 100, 20, ("DescribeServices", "ListServices"), ECS),
    ("ecs", "service-deployment", 50, 20, ("DescribeServiceDeployments", "ListServiceDeployments"), ECS),
    ("ecs", "service-revision", 50, 20, ("DescribeServiceRevisions",), ECS),
    ("ecs", "task-protection", 200, 80, ("UpdateTaskProtection", "GetTaskProtection"), ECS),
    ("ecs", "cluster-service-resource-read", 10, 1, ("ListServicesByNamespace",), ECS),
    # Fargate throttles RunTask calls separately, on top of the cluster resource bucket: 20 calls a
    # second, burst and sustained (each launches up to 10 tasks). Slipway's tasks are all Fargate's, so
    # every RunTask takes from it (the request's launch type is not read). Fargate's task-launch bucket
    # (100 tasks, 20 a second) counts tasks, not calls, and is not modelled.
    ("ecs", "fargate-run-task", 20, 20, "+RunTask", FARGATE),
    ("ecs", "other-reads", 40, 10, "reads", GUESS),    # e.g. DescribeTaskSets: in no published category
    ("ecs", "other-writes", 20, 1, "writes", GUESS),   # e.g. CreateTaskSet: as strict as the strictest category

    # Amazon EC2: request token buckets (each API has its own bucket of its category's size).
    # Resource token buckets (RunInstances' instances, …) are not modelled: Slipway launches none.
    ("ec2", "unfiltered-non-mutating", 50, 10, ("DescribeInstances", "DescribeInstanceStatus", "DescribeNetworkInterfaces",
                                                "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
                                                "DescribeVolumes"), EC2),   # only without a filter or pagination (see _ec2)
    ("ec2", "resource-intensive", 50, 5, ("AcceptVpcPeeringConnection", "AuthorizeSecurityGroupIngress", "CancelSpotInstanceRequests",
                                          "CreateKeyPair", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
                                          "RejectVpcPeeringConnection", "RevokeSecurityGroupIngress", "RequestSpotInstances"), EC2),
    # "Uncategorized actions" with their own sizes: the ones a deploy tool may call (the page lists ~100).
    ("ec2", "CreateTags", 100, 10, ("CreateTags",), EC2),
    ("ec2", "DeleteTags", 100, 10, ("DeleteTags",), EC2),
    ("ec2", "CreateNetworkInterface", 100, 5, ("CreateNetworkInterface",), EC2),
    ("ec2", "DeleteNetworkInterface", 100, 5, ("DeleteNetworkInterface",), EC2),
    ("ec2", "ModifyNetworkInterfaceAttribute", 100, 5, ("ModifyNetworkInterfaceAttribute",), EC2),
    ("ec2", "CreateVpcEndpoint", 4, 0.3, ("CreateVpcEndpoint",), EC2),
    ("ec2", "DeleteVpcEndpoints", 4, 0.3, ("DeleteVpcEndpoints",), EC2),
    ("ec2", "CreateNatGateway", 10, 1, ("CreateNatGateway",), EC2),
    ("ec2", "DeleteNatGateway", 10, 1, ("DeleteNatGateway",), EC2),
    ("ec2", "CreateDefaultVpc", 1, 1, ("CreateDefaultVpc",), EC2),
    ("ec2", "CreateDefaultSubnet", 1, 1, ("CreateDefaultSubnet",), EC2),
    ("ec2", "DescribeSecurityGroupReferences", 20, 5, ("DescribeSecurityGroupReferences",), EC2),
    ("ec2", "DescribeStaleSecurityGroups", 20, 5, ("DescribeStaleSecurityGroups",), EC2),
    ("ec2", "non-mutating", 100, 20, ("Describe*", "List*", "Search*", "Get*"), EC2),
    ("ec2", "mutating", 50, 5, "*", EC2),

    # Elastic Load Balancing (API version 2): categories, and one account-wide bucket shared by all.
    ("elasticloadbalancing", "account", 40, 10, "+all", ELB),
    ("elasticloadbalancing", "resource-intensive", 10, 0.2, ("CreateLoadBalancer", "SetSubnets"), ELB),
    ("elasticloadbalancing", "registration", 20, 4, ("RegisterTargets", "DeregisterTargets"), ELB),
    ("elasticloadbalancing", "trust-store-create", 10, 0.2, ("CreateTrustStore",), ELB),
    ("elasticloadbalancing", "trust-store-modify", 10, 0.2, ("AddTrustStoreRevocations", "DeleteSharedTrustStoreAssociation",
                                                             "DeleteTrustStore", "ModifyTrustStore", "RemoveTrustStoreRevocations"), ELB),
    ("elasticloadbalancing", "trust-store-get", 20, 4, ("GetResourcePolicy", "GetTrustStoreCaCertificatesBundle",
                                                        "GetTrustStoreRevocationContent"), ELB),
    ("elasticloadbalancing", "non-mutating", 40, 10, ("Describe*",), ELB),
    ("elasticloadbalancing", "mutating", 20, 3, "*", ELB),

    # AWS Lambda: GetFunction and GetPolicy have their own rates; the rest of the control plane shares
    # one ("15 requests per second across all APIs"). Invocations: 10 × the concurrency quota (1,000).
    ("lambda", "GetFunction", 100, 100, ("GetFunction",), LAMBDA),
    ("lambda", "GetPolicy", 15, 15, ("GetPolicy",), LAMBDA),
    ("lambda", "invocations", 10000, 10000, ("Invoke", "InvokeAsync", "InvokeWithResponseStream"), LAMBDA),
    ("lambda", "control-plane", 15, 15, "*", LAMBDA),

    # AWS Certificate Manager: requests per second, per API.
    ("acm", "AddTagsToCertificate", 5, 5, ("AddTagsToCertificate",), ACM),
    ("acm", "DeleteCertificate", 10, 10, ("DeleteCertificate",), ACM),
    ("acm", "DescribeCertificate", 10, 10, ("DescribeCertificate",), ACM),
    ("acm", "ExportCertificate", 10, 10, ("ExportCertificate",), ACM),
    ("acm", "GetAccountConfiguration", 1, 1, ("GetAccountConfiguration",), ACM),
    ("acm", "GetCertificate", 10, 10, ("GetCertificate",), ACM),
    ("acm", "ImportCertificate", 1, 1, ("ImportCertificate",), ACM),
    ("acm", "ListCertificates", 8, 8, ("ListCertificates",), ACM),
    ("acm", "ListTagsForCertificate", 10, 10, ("ListTagsForCertificate",), ACM),
    ("acm", "PutAccountConfiguration", 1, 1, ("PutAccountConfiguration",), ACM),
    ("acm", "RemoveTagsFromCertificate", 5, 5, ("RemoveTagsFromCertificate",), ACM),
    ("acm", "RenewCertificate", 5, 5, ("RenewCertificate",), ACM),
    ("acm", "RequestCertificate", 5, 5, ("RequestCertificate",), ACM),
    ("acm", "ResendValidationEmail", 1, 1, ("ResendValidationEmail",), ACM),
    ("acm", "UpdateCertificateOptions", 5, 5, ("UpdateCertificateOptions",), ACM),
    ("acm", "other", 5, 5, "*", GUESS),

    # Amazon Route 53: "five requests per second per AWS account", all requests together.
    ("route53", "all", 5, 5, "*", ROUTE53),

    # Amazon CloudWatch Logs: transactions per second, per API.
    ("logs", "CreateLogGroup", 10, 10, ("CreateLogGroup",), LOGS + " (Service Quotas L-D2832119)"),
    ("logs", "DeleteLogGroup", 10, 10, ("DeleteLogGroup",), LOGS + " (Service Quotas L-07A912D5)"),
    ("logs", "DescribeLogGroups", 5, 5, ("DescribeLogGroups",), LOGS + " (Service Quotas L-4284EEDE)"),
    ("logs", "CreateLogStream", 50, 50, ("CreateLogStream",), LOGS + " (Service Quotas L-76507CEF)"),
    ("logs", "DeleteLogStream", 15, 15, ("DeleteLogStream",), LOGS + " (Service Quotas L-C029A21C)"),
    ("logs", "DescribeLogStreams", 25, 25, ("DescribeLogStreams",), LOGS + " (Service Quotas L-3F243AD0)"),
    ("logs", "PutLogEvents", 5000, 5000, ("PutLogEvents",), LOGS + " (Service Quotas L-7E1FAE88, us-east-1)"),
    ("logs", "GetLogEvents", 10, 10, ("GetLogEvents",), LOGS),
    ("logs", "FilterLogEvents", 5, 5, ("FilterLogEvents",), LOGS),
    # Tag reads: 5 a second by the account's Service Quotas (not on the page), as aws-nuke found:
    # https://github.com/ekristen/aws-nuke/pull/617
    ("logs", "ListTagsForResource", 5, 5, ("ListTagsForResource",), "Service Quotas default, via aws-nuke PR 617"),
    ("logs", "ListTagsLogGroup", 5, 5, ("ListTagsLogGroup",), GUESS),             # as ListTagsForResource
    ("logs", "other", 5, 5, "*", GUESS),   # PutRetentionPolicy, TagResource, …: the lowest published rate

    # Amazon ECR: requests per second, per API.
    ("ecr", "BatchCheckLayerAvailability", 1000, 1000, ("BatchCheckLayerAvailability",), ECR + " (L-B9173138)"),
    ("ecr", "BatchGetImage", 2000, 2000, ("BatchGetImage",), ECR + " (L-16E70933)"),
    ("ecr", "CompleteLayerUpload", 100, 100, ("CompleteLayerUpload",), ECR + " (L-44194860)"),
    ("ecr", "GetAuthorizationToken", 500, 500, ("GetAuthorizationToken",), ECR + " (L-55A41110)"),
    ("ecr", "GetDownloadUrlForLayer", 3000, 3000, ("GetDownloadUrlForLayer",), ECR + " (L-A60A366D)"),
    ("ecr", "InitiateLayerUpload", 100, 100, ("InitiateLayerUpload",), ECR + " (L-95B28F8D)"),
    ("ecr", "PutImage", 10, 10, ("PutImage",), ECR + " (L-AD52DFB2)"),
    ("ecr", "UploadLayerPart", 500, 500, ("UploadLayerPart",), ECR + " (L-A1670B10)"),
    ("ecr", "reads", 40, 10, "reads", GUESS),     # DescribeRepositories, GetLifecyclePolicy, ListTagsForResource, …
    ("ecr", "writes", 20, 5, "writes", GUESS),    # CreateRepository, PutLifecyclePolicy, TagResource, …

    # Amazon S3: per partitioned prefix, modelled as one prefix per bucket (the strictest reading).
    ("s3", "reads", 5500, 5500, "reads", S3),     # GET and HEAD
    ("s3", "writes", 3500, 3500, "writes", S3),   # PUT, COPY, POST and DELETE

    # No published request rates: guesses.
    ("iam", "reads", 40, 10, "reads", GUESS),
    ("iam", "writes", 20, 5, "writes", GUESS),
    ("sts", "all", 100, 50, "*", GUESS),
    # Application Auto Scaling's quotas page lists no request rates; the Tagging API's neither.
    ("application-autoscaling", "reads", 40, 10, "reads", GUESS),
    ("application-autoscaling", "writes", 20, 5, "writes", GUESS),
    ("tagging", "reads", 40, 10, "reads", GUESS),      # GetResources, GetTagKeys, GetTagValues
    ("tagging", "writes", 20, 5, "writes", GUESS),     # TagResources, UntagResources
    ("codebuild", "reads", 40, 10, "reads", GUESS),
    ("codebuild", "writes", 20, 5, "writes", GUESS),
    ("codepipeline", "reads", 40, 10, "reads", GUESS),
    ("codepipeline", "writes", 20, 5, "writes", GUESS),
    ("codeconnections", "reads", 40, 10, "reads", GUESS),
    ("codeconnections", "writes", 20, 5, "writes", GUESS),
    ("codestar-connections", "reads", 40, 10, "reads", GUESS),
    ("codestar-connections", "writes", 20, 5, "writes", GUESS),
]

# Services limited per account (not per Region): IAM and Route 53 are global.
GLOBAL_SERVICES = {"iam", "route53"}
# EC2 evaluates "each API individually": its categories give a bucket's size, and every API has a
# bucket of its own. Elsewhere the APIs of a category share one bucket.
PER_API_SERVICES = {"ec2"}

# Each service's throttling error: (code, HTTP status, message).
THROTTLE_ERRORS = {
    "ecs": ("ThrottlingException", 400, "Rate exceeded"),
    "logs": ("ThrottlingException", 400, "Rate exceeded"),
    "ecr": ("ThrottlingException", 400, "Rate exceeded"),
    "acm": ("ThrottlingException", 400, "Rate exceeded"),
    "codebuild": ("ThrottlingException", 400, "Rate exceeded"),
    "codepipeline": ("ThrottlingException", 400, "Rate exceeded"),
    "codeconnections": ("ThrottlingException", 400, "Rate exceeded"),
    "codestar-connections": ("ThrottlingException", 400, "Rate exceeded"),
    "lambda": ("TooManyRequestsException", 429, "Rate exceeded"),
    "iam": ("Throttling", 400, "Rate exceeded"),
    "sts": ("Throttling", 400, "Rate exceeded"),
    # ELB's page names ThrottlingException, but its Query replies carry Throttling (what the SDKs report:
    # "Error Code: Throttling", https://github.com/spinnaker/spinnaker/issues/1975).
    "elasticloadbalancing": ("Throttling", 400, "Rate exceeded"),
    "route53": ("Throttling", 400, "Rate exceeded"),
    "application-autoscaling": ("ThrottlingException", 400, "Rate exceeded"),   # guess: its model names none
    "tagging": ("ThrottledException", 400, "Rate exceeded"),                    # its model's throttling error
    "ec2": ("RequestLimitExceeded", 503, "Request limit exceeded."),
    "s3": ("SlowDown", 503, "Please reduce your request rate."),
}

QUERY_NAMESPACES = {
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
    "elasticloadbalancing": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
}

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")


class TokenBucket:
    """`burst` tokens at most, `rate` a second flowing back in (continuously), full at the start."""

    def __init__(self, burst, rate, now):
        self.burst = float(burst)
        self.rate = float(rate)
        self.tokens = self.burst
        self.updated = now

    def refill(self, now):
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.updated) * self.rate)
        self.updated = now

    def has_token(self, now):
        self.refill(now)
        return self.tokens >= 1.0

    def take(self):
        self.tokens -= 1.0


class Request:
    """What the limiter needs of a request: who, where, which API, and how it is spoken."""

    def __init__(self, access_key, region, service, operation, protocol, resource="", unfiltered=False, version=""):
        self.access_key = access_key
        self.region = region
        self.service = service
        self.operation = operation    # the model's name, or "METHOD /path/{…}" for REST calls
        self.protocol = protocol      # json, query, ec2, rest-json, rest-xml, cbor
        self.resource = resource      # the S3 bucket (S3's limits are per prefix)
        self.unfiltered = unfiltered  # EC2: a Describe call without a filter or pagination
        self.version = version        # Query API version (ELB v1 and v2 have separate buckets)

    @property
    def api(self):
        return f"{self.service}:{self.operation}"


class Limiter:
    """The token buckets of every account, Region and bucket, created full on first use.

    All access keys are one account (moto puts every IAM user in 123456789012) unless `per_key`,
    when each access key is an account of its own. `clock` is injectable for tests; `advance`
    moves it forward (the proxy's POST /_slipway/throttles/advance)."""

    def __init__(self, scale=1.0, per_key=False, clock=time.monotonic, table=None):
        if not scale > 0:
            raise ValueError("scale must be above 0")
        self.scale = scale
        self.per_key = per_key
        self.clock = clock
        self.offset = 0.0
        self.lock = threading.Lock()
        self.buckets = {}
        self.throttled = {}
        self.throttled_buckets = {}
        self.allowed = 0
        self.rules = compile_table(TABLE if table is None else table)

    def now(self):
        return self.clock() + self.offset

    def advance(self, seconds):
        with self.lock:
            self.offset += seconds

    def bucket_names(self, request):
        """The buckets this request takes a token from (empty: not limited)."""
        rules = self.rules.get(request.service)
        if rules is None:
            return []
        operation = request.operation
        names = list(rules["all"]) + list(rules["also"].get(operation, []))
        if request.service == "ec2" and operation in rules["names"] and rules["names"][operation] == "unfiltered-non-mutating" \
                and not request.unfiltered:
            names.append("non-mutating")
        elif operation in rules["names"]:
            names.append(rules["names"][operation])
        else:
            for prefix, name in rules["prefixes"]:
                if operation.startswith(prefix):
                    names.append(name)
                    break
            else:
                is_read = operation.startswith(READ_PREFIXES) or operation.startswith(("GET ", "HEAD "))
                name = rules["reads"] if is_read else rules["writes"]
                if name is None:
                    name = rules["*"]
                if name is not None:
                    names.append(name)
        return names

    def allow(self, request):
        """Take a token from each of the request's buckets, or from none and count it throttled."""
        names = self.bucket_names(request)
        if not names:
            return True
        account = request.access_key if self.per_key else "account"
        region = "global" if request.service in GLOBAL_SERVICES else request.region
        scope = request.version if request.service == "elasticloadbalancing" else request.resource
        api = request.operation if request.service in PER_API_SERVICES else ""
        with self.lock:
            now = self.now()
            buckets = []
            for name in names:
                key = (account, region, request.service, scope, api, name)
                bucket = self.buckets.get(key)
                if bucket is None:
                    burst, rate = self.rules[request.service]["sizes"][name]
                    bucket = self.buckets[key] = TokenBucket(max(1.0, burst * self.scale), rate * self.scale, now)
                buckets.append((name, bucket))
            empty = [name for name, bucket in buckets if not bucket.has_token(now)]
            if empty:
                self.throttled[request.api] = self.throttled.get(request.api, 0) + 1
                for name in empty:
                    label = f"{request.service}:{name}"
                    self.throttled_buckets[label] = self.throttled_buckets.get(label, 0) + 1
                return False
            for _, bucket in buckets:
                bucket.take()
            self.allowed += 1
            return True

    def report(self):
        with self.lock:
            return {"scale": self.scale, "per_key": self.per_key, "allowed": self.allowed,
                    "throttled_total": sum(self.throttled.values()),
                    "throttled": dict(sorted(self.throttled.items())),
                    "throttled_buckets": dict(sorted(self.throttled_buckets.items()))}

    def reset(self):
        """Every bucket full again and the counts at zero."""
        with self.lock:
            self.buckets.clear()
            self.throttled.clear()
            self.throttled_buckets.clear()
            self.allowed = 0


def compile_table(table):
    rules = {}
    for service, name, burst, rate, actions, _source in table:
        rule = rules.setdefault(service, {"names": {}, "prefixes": [], "reads": None, "writes": None, "*": None,
                                          "all": [], "also": {}, "sizes": {}})
        if name in rule["sizes"]:
            raise ValueError(f"{service}: bucket {name} twice")
        rule["sizes"][name] = (burst, rate)
        if actions == "+all":
            rule["all"].append(name)
        elif isinstance(actions, str) and actions.startswith("+"):
            for action in actions[1:].split(","):
                rule["also"].setdefault(action.strip(), []).append(name)
        elif actions in ("reads", "writes", "*"):
            rule[actions] = name
        else:
            for action in actions:
                if action.endswith("*"):
                    rule["prefixes"].append((action[:-1], name))
                elif action in rule["names"]:
                    raise ValueError(f"{service}: {action} in two buckets")
                else:
                    rule["names"][action] = name
    return rules


# MARK: - Reading a request

def describe(method, path, headers, body):
    """The Request for an HTTP request, or None when it is not a signed AWS call.

    `path` includes the query string; `headers` is a mapping with case-insensitive get (an
    http.client message or a dict with canonical names)."""
    split = urllib.parse.urlsplit(path)
    query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
    authorization = headers.get("Authorization") or ""
    match = _CREDENTIAL.search(authorization) or _CREDENTIAL.search(
        "Credential=" + query.get("X-Amz-Credential", [""])[0])
    if not match:
        return None
    access_key, region, service = match.groups()
    target = headers.get("X-Amz-Target")
    content_type = headers.get("Content-Type") or ""
    if target:
        return Request(access_key, region, service, target.rsplit(".", 1)[-1], "json")
    cbor = re.fullmatch(r"/service/[^/]+/operation/([^/]+)", split.path)
    if cbor and "cbor" in content_type:
        return Request(access_key, region, service, cbor.group(1), "cbor")
    if service in ("iam", "sts", "ec2", "elasticloadbalancing"):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True) \
            if "x-www-form-urlencoded" in content_type else {}
        form = form or query
        action = form.get("Action", [""])[0]
        unfiltered = not any(name.startswith("Filter.") or name in ("MaxResults", "NextToken") for name in form)
        return Request(access_key, region, service, action, "ec2" if service == "ec2" else "query",
                       unfiltered=unfiltered, version=form.get("Version", [""])[0])
    if service == "lambda":
        return Request(access_key, region, service, _lambda_operation(method, split.path), "rest-json")
    if service == "s3":
        return Request(access_key, region, service, _s3_operation(method, split.path, split.query), "rest-xml",
                       resource=_s3_bucket(split.path, headers.get("Host") or ""))
    if service == "route53":
        return Request(access_key, region, service, f"{method} {_template(split.path, ROUTE53_LABELS)}", "rest-xml")
    return Request(access_key, region, service, f"{method} {split.path}", "json")


LAMBDA_LABELS = {"functions", "aliases", "event-source-mappings", "tags", "layers", "policy", "provisioned-concurrency"}
ROUTE53_LABELS = {"hostedzone", "change", "healthcheck", "delegationset", "trafficpolicy", "trafficpolicyinstance",
                  "hostedzonecount", "tags", "healthcheckcount"}


def _template(path, labels):
    """/2015-03-31/functions/web/policy/s1 → /2015-03-31/functions/{}/policy/{} (names out)."""
    parts = path.split("/")
    return "/".join("{}" if i > 0 and parts[i - 1] in labels and part else part for i, part in enumerate(parts))


def _lambda_operation(method, path):
    parts = [part for part in path.split("/") if part]
    if len(parts) >= 3 and parts[1] == "functions":
        rest = parts[3:]
        if method == "GET" and not rest:
            return "GetFunction"
        if method == "GET" and rest == ["policy"]:
            return "GetPolicy"
        if method == "POST" and rest == ["invocations"]:
            return "Invoke"
        if method == "POST" and rest == ["invoke-async"]:
            return "InvokeAsync"
        if method == "POST" and rest == ["response-streaming-invocations"]:
            return "InvokeWithResponseStream"
    return f"{method} {_template(path, LAMBDA_LABELS)}"


def _s3_bucket(path, host):
    host = host.split(":")[0]
    if ".s3." in host or host.endswith(".s3.amazonaws.com"):
        return host.split(".s3.")[0]
    return path.lstrip("/").split("/", 1)[0]


def _s3_operation(method, path, query):
    parts = path.lstrip("/").split("/", 1)
    shape = "/" if not parts[0] else "/{Bucket}" if len(parts) == 1 or not parts[1] else "/{Bucket}/{Key}"
    subresources = sorted(name for name in urllib.parse.parse_qs(query, keep_blank_values=True)
                          if not name.lower().startswith("x-amz-"))
    return f"{method} {shape}" + (f"?{'&'.join(subresources)}" if subresources else "")


# MARK: - The throttling reply

def throttle_reply(request):
    """(status, headers as a list of pairs, body) of the service's own throttling error."""
    code, status, message = THROTTLE_ERRORS.get(request.service, ("ThrottlingException", 400, "Rate exceeded"))
    request_id = str(uuid.uuid4())
    if request.protocol == "json":
        body = json.dumps({"__type": code, "message": message}).encode()
        version = "1.0" if request.service in ("codestar-connections", "codeconnections") else "1.1"
        return status, [("Content-Type", f"application/x-amz-json-{version}"), ("x-amzn-RequestId", request_id),
                        ("x-amzn-ErrorType", code)], body
    if request.protocol == "cbor":
        return status, [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
                        ("x-amzn-RequestId", request_id)], cbor_map({"__type": code, "message": message})
    if request.protocol == "rest-json":
        body = {"Type": "User", "message": message}
        if request.service == "lambda":
            body["Reason"] = "CallerRateLimitExceeded"
        return status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code),
                        ("x-amzn-RequestId", request_id)], json.dumps(body).encode()
    if request.service == "ec2":
        body = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>" \
               f"<Message>{message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>"
        return status, [("Content-Type", "text/xml;charset=UTF-8")], body.encode()
    if request.service == "s3":
        body = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>" \
               f"<RequestId>{request_id}</RequestId><HostId>{uuid.uuid4().hex}</HostId></Error>"
        return status, [("Content-Type", "application/xml"), ("x-amz-request-id", request_id)], body.encode()
    if request.service == "route53":
        namespace = "https://route53.amazonaws.com/doc/2013-04-01/"
    else:
        namespace = QUERY_NAMESPACES.get(request.service, "")
    body = f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"{namespace}\"><Error><Type>Sender</Type>" \
           f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    return status, [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)], body.encode()


def cbor_map(values):
    """A CBOR (RFC 8949) map of text strings to text strings: all an error body needs."""
    def head(major, length):
        if length < 24:
            return bytes([major << 5 | length])
        if length < 256:
            return bytes([major << 5 | 24, length])
        return bytes([major << 5 | 25]) + length.to_bytes(2, "big")

    out = head(5, len(values))
    for key, value in values.items():
        for text in (key, value):
            data = text.encode()
            out += head(3, len(data)) + data
    return out


def table_rows():
    """(service, bucket, burst, rate, actions, source) for documentation, in TABLE's order."""
    return [(service, name, burst, rate, actions if isinstance(actions, str) else ", ".join(actions), source)
            for service, name, burst, rate, actions, source in TABLE]


if __name__ == "__main__":
    for row in table_rows():
        print(" | ".join(str(cell) for cell in row))

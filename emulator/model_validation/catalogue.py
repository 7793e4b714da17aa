"""What model validation judges: the botocore models checked, the paths exempt, the model patterns
left unchecked, and a `Violation` (one broken rule of one request)."""

from typing import NamedTuple

BOTOCORE_VERSION = "1.44.8"

# The botocore models checked: what Slipway calls, and what upcoming work will.
SERVICES = (
    "ecr", "ecs", "logs", "codebuild", "codepipeline",
    "codeconnections", "codestar-connections",  # GetConnection, under both names
    "acm", "application-autoscaling",            # json: web services' certificates, scaling
    "resourcegroupstaggingapi",                  # json: GetResources by tag
    "events",                                    # json 1.1 (AWSEvents.*): rules, targets, API destinations
    "sns",                                       # query: topics and subscriptions
    "iam", "sts", "elbv2",                       # query (elbv2: signed as elasticloadbalancing)
    "lambda",                                    # rest-json
    "s3", "route53",                             # rest-xml
    "ec2",                                       # ec2
)

# Requests no AWS model describes: (path prefix, why). The only place exemptions live.
EXEMPT_PATHS = (
    ("/_slipway/", "the harness's own control endpoints (slipway_emulator.middleware.Middleware._control)"),
    ("/moto-api", "moto's own API (reset, state, recorder, dashboard)"),
    ("/favicon.ico", "a browser's request to moto's dashboard"),
    ("/latest/meta-data/", "moto's EC2 instance metadata service (IMDS, no service model)"),
    ("/latest/api/", "moto's IMDSv2 token endpoint (no service model)"),
)

# Model patterns validation cannot check, with the reason: pattern -> reason. Every
# pattern of every model in SERVICES either compiles after `translate_java_regex` or
# is listed here (model_validation_tests/test_catalogue.py checks both ways). With botocore 1.44.8 all
# of them compile: the Java-only constructs they use (\p{L}, \p{N}, \p{Z},
# \p{ASCII}, `-` next to a class escape) are translated.
UNCHECKABLE_PATTERNS = {}

CODE = "SlipwayModelViolation"


HARNESS_ERROR = "harness-error"  # a Violation's kind when validation itself failed (never expected)


class Violation(NamedTuple):
    service: str    # the model's serviceId: "ECR", "IAM", "CloudWatch Logs"
    operation: str  # "CreateRepository", or "?" when it could not be told
    member: str     # "repositoryName", "tags[0].key", "X-Amz-Target", "credential scope"
    rule: str       # "length 300 is over the model's max 256"
    protocol: str   # the model's protocol, for the error's format: json, query, ...
    kind: str = "model"  # "model": the request breaks the model; HARNESS_ERROR: the validator crashed on it

    @property
    def message(self):
        where = f"{self.member}: " if self.member else ""
        return f"{self.service} {self.operation}: {where}{self.rule}"

    def as_dict(self):
        return {"service": self.service, "operation": self.operation, "member": self.member,
                "rule": self.rule, "protocol": self.protocol, "message": self.message, "kind": self.kind}


def exemption(path):
    """Why `path` is not validated, or None."""
    for prefix, reason in EXEMPT_PATHS:
        if path.startswith(prefix):
            return reason
    return None

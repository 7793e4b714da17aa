"""Checks a request against botocore's service model, as AWS would and moto does not.

Models: the `service-2.json` files of botocore 1.44.8 (pinned, with boto3, in
emulator/install.sh; `BOTOCORE_VERSION` in catalogue.py), loaded with botocore's own
`Loader` and `ServiceModel`, each once, lazily, on the first request for it.

One job: `validate(method, path, query, headers, body)` returns the list of
`Violation`s of one request (empty when it is fine or not ours to judge).
`slipway_emulator.middleware.Middleware` calls it for every request the emulator serves and answers
any violation with an HTTP 400 `SlipwayModelViolation` in the protocol's format.
(`identify()`, the same look-ups without the checks, names a request's model and operation for
reply_stripping.py.)

What is checked, for the services in `SERVICES`:
  1. Signing: the SigV4 credential scope's service is the model's `signingName`
     (or `endpointPrefix` when it has none); its region is an AWS region, and
     for a global service (IAM, Route 53: `isRegionalized: false` in botocore's
     endpoints.json) the region that service is signed for (us-east-1 in aws).
  2. The operation: JSON by `X-Amz-Target` = `{targetPrefix}.{Operation}` and
     `Content-Type: application/x-amz-json-{jsonVersion}`; Query and EC2 by the
     `Action` parameter, with `Version` = the model's `apiVersion` and a
     form-urlencoded body; REST by method and `http.requestUri` (labels, greedy
     labels, query literals such as `?tagging` or `?list-type=2`).
  3. The input against the operation's input shape: unknown members, required
     members, types, `min`/`max` (string length, list and map counts, blob size,
     number range), `enum`, `pattern` (Java regexes, translated; see
     `UNCHECKABLE_PATTERNS`) and unions (exactly one member set). Query lists are
     `Name.member.N` (flattened `Name.N`; EC2 always `Name.N`, with EC2's
     `queryName`/`locationName` rule), maps `Name.entry.N.key/value`. REST
     members come from their `location` (uri, querystring, header, headers
     prefix) and the rest from the body: JSON for rest-json, XML for rest-xml,
     or the payload member. Blob and string payloads (S3 PutObject) are not read.

Not judged (empty list): the paths in `EXEMPT_PATHS`; requests for services not
in `SERVICES`; requests that name no service at all (unsigned and no target);
CodeBuild's and CodePipeline's CBOR protocol (smithy-rpc-v2-cbor: Slipway and
boto3 speak their JSON protocol).

Values are echoed in messages only for enum and pattern violations, never for a
member the model marks `sensitive` (or inside one) nor one named like a secret.

`python emulator/model_validation --summary` loads every model and prints
the services, their operations and patterns, and the patterns left unchecked.

The modules, one job each: catalogue (what is judged, and a Violation), shapes (the
models and what is looked up in them), validator (ModelValidator: finding the
operation, the signing scope), json_input, query_input and rest_input (a
request's input read as its shape), values (scalars on the wire, where violations
go), constraints (the model's rules on the input), java_regex (the models'
patterns in Python), wsgi (a WSGI request's path and headers).
"""

from .catalogue import (BOTOCORE_VERSION, CODE, EXEMPT_PATHS, HARNESS_ERROR, SERVICES, UNCHECKABLE_PATTERNS,
                        Violation, exemption)
from .java_regex import UncheckablePattern, translate_java_regex
from .shapes import local as _local
from .validator import ModelValidator, default_validator, validate
from .wsgi import environ_headers, raw_path

__all__ = ["BOTOCORE_VERSION", "CODE", "EXEMPT_PATHS", "HARNESS_ERROR", "SERVICES", "UNCHECKABLE_PATTERNS",
           "Violation", "exemption", "UncheckablePattern", "translate_java_regex", "ModelValidator",
           "default_validator", "validate", "environ_headers", "raw_path", "_local"]

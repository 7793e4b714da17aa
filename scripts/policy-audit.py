#!/usr/bin/env python3
"""Audit IAM policies with parliament (PyPI), failing on any finding the allow-list does not justify.

Usage: .venv/bin/python scripts/policy-audit.py POLICIES.json [--allow scripts/policy-audit-allow.txt]

POLICIES.json is a list of {"label": "build/policy", "document": "<policy JSON text>"}; the label
names what the policy is for (role kind / policy or trust), without the app's own names, so the
allow-list can match it. Parliament runs through its Python API with its community auditors too
(the `parliament` command line also appends every policy it reads to /tmp/parliament.log).

The allow-list has one entry per line, `LABEL-GLOB ISSUE [DETAIL-SUBSTRING]`, each under a block of
`#` comment lines that says why the finding is acceptable (consecutive entries share the block
above them; a blank line ends it). DETAIL-SUBSTRING is matched against the finding's detail and the
actions it names. Exit status: 0 when every
finding is justified and every entry is used; 1 otherwise, with one line per problem on stdout.
Every finding goes to stderr as a JSON line whatever the outcome.
"""

import fnmatch
import json
import sys
from pathlib import Path

import parliament
from parliament import analyze_policy_string, enhance_finding, override_config


def read_allow_list(path):
    entries, comment, problems = [], [], []
    with open(path) as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line:
                comment = []
                continue
            if line.startswith("#"):
                comment.append(line.lstrip("# "))
                continue
            parts = line.split(None, 2)
            if len(parts) < 2:
                problems.append(f"{path}:{number}: an entry is LABEL-GLOB ISSUE [DETAIL-SUBSTRING]")
            elif not comment:
                problems.append(f"{path}:{number}: '{line}' needs a comment above it saying why it is acceptable")
            else:
                entries.append({"line": number, "label": parts[0], "issue": parts[1],
                                "detail": parts[2] if len(parts) > 2 else "", "why": " ".join(comment), "used": 0})
            # Consecutive entries share the comment above them; a blank line ends it.
    return entries, problems


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    allow_path = "scripts/policy-audit-allow.txt"
    if "--allow" in argv:
        allow_path = argv[argv.index("--allow") + 1]
    with open(argv[1]) as handle:
        policies = json.load(handle)
    entries, problems = read_allow_list(allow_path)
    # The community auditors' findings are described in their own config (as the CLI loads it).
    override_config(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml")

    findings = 0
    for policy in policies:
        analyzed = analyze_policy_string(policy["document"], policy["label"], include_community_auditors=True)
        for finding in analyzed.findings:
            finding = enhance_finding(finding)
            findings += 1
            # What an allow-list entry's DETAIL-SUBSTRING is matched against: parliament's detail, and
            # the actions the community auditors name in the location instead.
            detail = json.dumps({"detail": finding.detail, "actions": finding.location.get("actions", [])},
                                sort_keys=True, default=str)
            record = {"label": policy["label"], "issue": finding.issue, "severity": finding.severity,
                      "title": finding.title, "detail": finding.detail, "location": finding.location}
            print(json.dumps(record, sort_keys=True, default=str), file=sys.stderr)
            matches = [e for e in entries if fnmatch.fnmatchcase(policy["label"], e["label"])
                       and e["issue"] == finding.issue and e["detail"] in detail]
            for entry in matches:
                entry["used"] += 1
            if not matches:
                problems.append(f"{policy['label']}: {finding.issue} ({finding.severity}) {finding.title}: {detail} "
                                f"-- fix the policy, or justify it in {allow_path}")
    for entry in entries:
        if not entry["used"]:
            problems.append(f"{allow_path}:{entry['line']}: '{entry['label']} {entry['issue']}' matches no finding any more; remove it")

    for problem in problems:
        print(problem)
    justified = sum(1 for e in entries if e["used"])
    print(f"{len(policies)} policies, {findings} findings, {justified} allow-list entries used, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

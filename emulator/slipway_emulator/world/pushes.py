"""Git pushes (POST /_slipway/push) that start pipelines by their triggers or BranchName."""

import hashlib
import re
import threading

from moto.codepipeline.models import codepipeline_backends

from slipway_emulator.world.state import WORLD


# ==========================================================================
# 21. Missing: Git pushes. Nothing pushes to a repository here, so POST
#     /_slipway/push {"repository": "owner/name", "branch": "main",
#     "files": [...], "commit": sha} (or "tag": "v1.2.0" instead of
#     "branch"; optional "region", default every Region) starts what the
#     push would start on AWS, through StartPipelineExecution (so simulated
#     runs run it), among the account's pipelines whose source action is a
#     CodeStarSourceConnection of that FullRepositoryId (or GitHub version 1
#     of that Owner/Repo):
#       - V2 with a trigger on the action: when one of its push filters
#         matches: a branch push a filter with `branches` (includes, if any,
#         match; no exclude matches) and, when it has `filePaths`, a changed
#         file that an include matches and no exclude does; a tag push a
#         filter with `tags`. Patterns are AWS's globs: `*` and `?` within a
#         path segment, `**` across segments, `[...]`, `{a,b}`, `\` escapes.
#       - otherwise (V1, or V2 without a trigger on the action): a push to
#         the action's BranchName, unless DetectChanges is "false" (GitHub
#         version 1: Branch, unless PollForSourceChanges is "false"); a tag
#         push starts nothing.
#     The run reports the push's commit (sourceRevisions, artifactRevisions)
#     and its trigger: WebhookV2 (connections; triggerDetail the connection
#     ARN) or PollForSourceChanges (GitHub version 1).
#     Answer: {"started": [{"pipeline", "executionId"}], "skipped":
#     [{"pipeline", "reason"}]}.
# ==========================================================================
PUSH = threading.local()   # the push StartPipelineExecution is starting a run for


def _glob_regex(pattern):
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if pattern.startswith("**", i):
            if pattern.startswith("**/", i):
                out.append("(?:.*/)?")
                i += 3
            else:
                out.append(".*")
                i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
                i = end
        elif c == "{":
            end = pattern.find("}", i)
            if end < 0:
                out.append(re.escape(c))
            else:
                out.append("(?:" + "|".join(_glob_regex(p) for p in pattern[i + 1:end].split(",")) + ")")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def glob_match(pattern, value):
    """AWS's trigger filter globs (CodePipeline "Working with glob patterns in syntax")."""
    return re.fullmatch(_glob_regex(pattern), value) is not None


def _criteria_match(criteria, value):
    """(matched, why not): includes (if any) must match, and no exclude; excludes win."""
    excludes = [p for p in criteria.get("excludes") or [] if glob_match(p, value)]
    if excludes:
        return False, f"excluded by {excludes[0]}"
    includes = criteria.get("includes")
    if includes and not any(glob_match(p, value) for p in includes):
        return False, f"not in {', '.join(includes)}"
    return True, None


def _push_filter_match(push_filter, push):
    """None when the filter starts a run for the push, else why not."""
    if push.get("tag") is not None:
        if not push_filter.get("tags"):
            return "the filter has no tags"
        ok, why = _criteria_match(push_filter["tags"], push["tag"])
        return None if ok else f"tag {push['tag']} {why}"
    if not push_filter.get("branches"):
        return "the filter has no branches"
    ok, why = _criteria_match(push_filter["branches"], push["branch"])
    if not ok:
        return f"branch {push['branch']} {why}"
    paths = push_filter.get("filePaths")
    if paths:
        files = push.get("files") or []
        if not any(_criteria_match(paths, f)[0] for f in files):
            return f"no file matches {', '.join(paths.get('includes') or ['*'])}" + (
                f" (excluding {', '.join(paths['excludes'])})" if paths.get("excludes") else "")
    return None


def _source_of(action, repository):
    """The source action's kind if it follows `repository`: "connection", "github" or None."""
    type_id, conf = action.get("actionTypeId") or {}, action.get("configuration") or {}
    if type_id.get("category") != "Source":
        return None
    if type_id.get("provider") == "CodeStarSourceConnection" and conf.get("FullRepositoryId") == repository:
        return "connection"
    if (type_id.get("provider") == "GitHub" and str(type_id.get("version")) == "1"
            and f"{conf.get('Owner')}/{conf.get('Repo')}" == repository):
        return "github"
    return None


def _push_decision(declaration, action, kind, push):
    """(starts, reason) for one source action of a pipeline."""
    conf = action.get("configuration") or {}
    triggers = [t for t in declaration.get("triggers") or []
                if (t.get("gitConfiguration") or {}).get("sourceActionName") == action["name"]]
    if declaration.get("pipelineType") == "V2" and triggers:
        filters = (triggers[0].get("gitConfiguration") or {}).get("push") or []
        if not filters:
            return False, f"the trigger on {action['name']} has no push filter"
        reasons = [_push_filter_match(f, push) for f in filters]
        if None in reasons:
            return True, None
        return False, "; ".join(reasons)
    if push.get("tag") is not None:
        return False, f"a tag push starts only a V2 pipeline with a tags trigger ({action['name']} has none)"
    if kind == "github":
        if str(conf.get("PollForSourceChanges", "true")).lower() == "false":
            return False, f"PollForSourceChanges is false on {action['name']}"
        branch = conf.get("Branch")
    else:
        if str(conf.get("DetectChanges", "true")).lower() == "false":
            return False, f"DetectChanges is false on {action['name']}"
        branch = conf.get("BranchName")
    if branch != push["branch"]:
        return False, f"{action['name']} follows branch {branch}, not {push['branch']}"
    return True, None


def _push_trigger(action, kind):
    if kind == "github":
        return {"triggerType": "PollForSourceChanges", "triggerDetail": ""}
    return {"triggerType": "WebhookV2", "triggerDetail": (action.get("configuration") or {}).get("ConnectionArn", "")}


def _codepipeline_regions(account, region=None):
    if not dict.__contains__(codepipeline_backends, account):
        return []
    regions = [region] if region else list(dict.keys(codepipeline_backends[account]))
    return [codepipeline_backends[account][r] for r in regions if r in dict.keys(codepipeline_backends[account])]


def simulate_push(body, account="123456789012"):
    """POST /_slipway/push."""
    repository = body.get("repository")
    if not repository or (body.get("branch") is None) == (body.get("tag") is None):
        raise ValueError("give a repository and either a branch or a tag")
    push = {"repository": repository, "branch": body.get("branch"), "tag": body.get("tag"),
            "files": list(body.get("files") or [])}
    ref = push["branch"] if push["tag"] is None else f"refs/tags/{push['tag']}"
    push["commit"] = body.get("commit") or hashlib.sha1(f"{repository}@{ref}#{next(WORLD.push_counter)}".encode()).hexdigest()
    started, skipped = [], []
    for backend in _codepipeline_regions(account, body.get("region")):
        for name, pipeline in list(backend.pipelines.items()):
            declaration = pipeline.pipeline
            actions = [(a, k) for s in declaration.get("stages") or [] for a in s.get("actions") or []
                       for k in [_source_of(a, repository)] if k]
            if not actions:
                continue
            reasons, chosen = [], None
            for action, kind in actions:
                starts, reason = _push_decision(declaration, action, kind, push)
                if starts:
                    chosen = (action, kind)
                    break
                reasons.append(reason)
            if chosen is None:
                skipped.append({"pipeline": name, "reason": "; ".join(reasons)})
                continue
            PUSH.current = {**push, "trigger": _push_trigger(*chosen)}
            try:
                execution_id = backend.start_pipeline_execution(name, None)
            finally:
                PUSH.current = None
            started.append({"pipeline": name, "executionId": execution_id})
    return {"started": started, "skipped": skipped}


def record_trigger(execution):
    """What started the execution: a push (section 21) or StartPipelineExecution; and the pipeline's mode."""
    push = getattr(PUSH, "current", None)
    if push is not None:
        execution._push = push
    execution._trigger = push["trigger"] if push is not None else None


def trigger_and_mode(execution, result):
    if getattr(execution, "_trigger", None):
        result["trigger"] = dict(execution._trigger)
    run = getattr(execution, "_sim", None)
    if run is not None:
        result["executionMode"] = run.mode

"""CodeBuild: UpdateProject, BatchGetProjects' projectsNotFound, stable BatchGetBuilds, CODEPIPELINE sources."""

import json

from moto.codebuild import models as codebuild_models
from moto.codebuild import responses as codebuild_responses
from moto.codebuild.exceptions import InvalidInputException
from moto.codebuild.exceptions import ResourceNotFoundException as CodeBuildNotFound
from moto.core.responses import ActionResult
from moto.core.utils import unix_time
from moto.utilities.utils import get_partition

from slipway_emulator.world.state import WORLD


# --------------------------------------------------------------------------
# 2. Quirk: moto's CodeBuild validation demands a `location` for CODEPIPELINE
#    sources and artifacts; AWS does not (the pipeline supplies them).
# --------------------------------------------------------------------------
_SOURCE_TYPES = {"BITBUCKET", "CODECOMMIT", "CODEPIPELINE", "GITHUB",
                 "GITHUB_ENTERPRISE", "NO_SOURCE", "S3"}


def _validate_source(source):
    if source["type"] not in _SOURCE_TYPES:
        raise InvalidInputException("Invalid type provided: Project source type")
    if source["type"] not in ("CODEPIPELINE", "NO_SOURCE") and not source.get("location"):
        raise InvalidInputException("Project source location is required")


def _validate_artifacts(artifacts):
    kind = artifacts["type"]
    if kind not in ("CODEPIPELINE", "S3", "NO_ARTIFACTS"):
        raise InvalidInputException("Invalid type provided: Artifact type")
    if kind == "NO_ARTIFACTS" and "location" in artifacts:
        raise InvalidInputException(
            "Invalid artifacts: artifact type NO_ARTIFACTS should have null location")
    if kind == "S3" and not artifacts.get("location"):
        raise InvalidInputException("Project artifacts location is required")


# --------------------------------------------------------------------------
# 3a. Missing: CodeBuild UpdateProject (moto has Create/BatchGet/Delete only).
#     Every field given replaces the stored one, as in AWS.
# --------------------------------------------------------------------------
def _codebuild_update_project(self):
    body = json.loads(self.body or "{}")
    name = body.get("name", "")
    project = self.codebuild_backend.codebuild_projects.get(name)
    if project is None:
        raise CodeBuildNotFound(
            f"Project cannot be found: arn:{get_partition(self.region)}:codebuild:"
            f"{self.region}:{self.current_account}:project/{name}")
    if "source" in body:
        _validate_source(body["source"])
    if "artifacts" in body:
        _validate_artifacts(body["artifacts"])
    if "environment" in body:
        codebuild_responses._validate_required_params_environment(body["environment"])
    if "serviceRole" in body:
        codebuild_responses._validate_required_params_service_role(
            self.current_account, self.region, body["serviceRole"])
        project.service_role = body["serviceRole"]
    meta = project.project_metadata
    for key, value in body.items():
        if key == "name":
            continue
        if key == "badgeEnabled":
            meta["badge"] = {"badgeEnabled": bool(value)}
        else:
            meta[key] = value
    if "tags" in body:
        project.tags = body["tags"]
    meta["lastModifiedDate"] = unix_time()
    return ActionResult({"project": meta})


# 4a. Broken: BatchGetProjects never reports `projectsNotFound`.
def _codebuild_batch_get_projects(self):
    names = self._get_param("names") or []
    found = self.codebuild_backend.batch_get_projects(names)
    found_keys = {p["name"] for p in found} | {p["arn"] for p in found}
    missing = [n for n in names if n not in found_keys]
    return ActionResult({"projects": found, "projectsNotFound": missing})


# 4b. Broken: BatchGetBuilds appends nine phases and re-rolls endTime on every
#     call; complete each build once (it then reads back the same each time).
_original_batch_get_builds = codebuild_models.CodeBuildBackend.batch_get_builds


def _batch_get_builds(self, ids):
    pending = [b["id"] for h in self.build_metadata_history.values() for b in h
               if b["id"] in ids and b.get("currentPhase") != "COMPLETED" and b["id"] not in WORLD.simulated_builds]
    _original_batch_get_builds(self, pending)
    return [b for h in self.build_metadata_history.values() for b in h if b["id"] in ids]

"""Resource Groups Tagging API over ECR repositories, CodePipeline pipelines and log groups."""

from moto.codepipeline.models import codepipeline_backends
from moto.core.resource_tagging import TaggableResourcesMixin
from moto.core.resource_tagging import TaggedResource
from moto.core.resource_tagging import iter_taggable_backends
from moto.ecr.models import ecr_backends


class _EcrRepositoryTagging(TaggableResourcesMixin):
    """An ECR backend as the tagging API walks it: its repositories, `ecr:repository`."""
    SERVICE_NAMESPACE = "ecr"

    def __init__(self, backend):
        self.backend, self.partition = backend, backend.partition

    def iter_tagged_resources(self):
        for repository in list(self.backend.repositories.values()):
            yield TaggedResource(arn=repository.arn, resource_type="ecr:repository",
                                 tags=self.backend.tagger.get_tag_dict_for_resource(repository.arn))

    def tag_resource(self, arn, tags):
        self.backend.tag_resource(arn, [{"Key": key, "Value": value} for key, value in tags.items()])

    def untag_resource(self, arn, tag_keys):
        self.backend.untag_resource(arn, tag_keys)


class _CodePipelineTagging(TaggableResourcesMixin):
    """A CodePipeline backend as the tagging API walks it: its pipelines, `codepipeline:pipeline`
    (arn:{partition}:codepipeline:{region}:{account}:{name})."""
    SERVICE_NAMESPACE = "codepipeline"

    def __init__(self, backend):
        self.backend, self.partition = backend, backend.partition

    def iter_tagged_resources(self):
        for pipeline in list(self.backend.pipelines.values()):
            yield TaggedResource(arn=pipeline._arn, resource_type="codepipeline:pipeline",
                                 tags=dict(sorted(pipeline.tags.items())))  # ListTagsForResource's order

    def tag_resource(self, arn, tags):
        self.backend.tag_resource(arn, [{"key": key, "value": value} for key, value in tags.items()])

    def untag_resource(self, arn, tag_keys):
        self.backend.untag_resource(arn, tag_keys)


_TAGGING_ADAPTERS = ((ecr_backends, _EcrRepositoryTagging), (codepipeline_backends, _CodePipelineTagging))


def _iter_taggable_backends(account_id, region_name):
    """moto's taggable backends, then the adapters of the ECR and CodePipeline backends in use
    (none is created here: a service never called has nothing to list)."""
    yield from iter_taggable_backends(account_id, region_name)
    for backends, adapter in _TAGGING_ADAPTERS:
        if dict.__contains__(backends, account_id) and region_name in dict.keys(backends[account_id]):
            yield adapter(backends[account_id][region_name])


def _logs_iter_tagged_resources(self):
    for group in list(self.groups.values()):
        yield TaggedResource(arn=group.arn, tags=self.tagger.get_tag_dict_for_resource(group.arn),
                             resource_type="logs:log-group")

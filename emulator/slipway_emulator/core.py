"""moto's core: each response writes its optional members into its own copy (thread safety)."""

from moto.core.responses import never_return


# --------------------------------------------------------------------------
# 16. moto keeps the optional members of a response (ECS DescribeServices'
#     `include: [TAGS]`) in RESPONSE_KEY_PATH_TO_TRANSFORMER, a class attribute
#     that _include_in_response/_exclude_from_response write into: concurrent
#     requests of one service race on it. Each response writes into its own copy.
# --------------------------------------------------------------------------
def _own_transformers(response):
    if "RESPONSE_KEY_PATH_TO_TRANSFORMER" not in response.__dict__:
        response.RESPONSE_KEY_PATH_TO_TRANSFORMER = dict(type(response).RESPONSE_KEY_PATH_TO_TRANSFORMER)
    return response.RESPONSE_KEY_PATH_TO_TRANSFORMER


def _include_in_own_response(self, response_key_path):
    _own_transformers(self)[response_key_path] = lambda x: x


def _exclude_from_own_response(self, response_key_path):
    _own_transformers(self)[response_key_path] = never_return

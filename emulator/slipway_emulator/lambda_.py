"""Lambda function states: Pending after CreateFunction, InProgress after an update, 409 meanwhile."""

import json
from urllib.parse import unquote

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaBackend
from moto.awslambda.models import LambdaFunction
from moto.awslambda.responses import LambdaResponse

from slipway_emulator.clock import CLOCK
from slipway_emulator.world.state import WORLD


_LAMBDA_REASON = "The function is being created."
_PENDING_MESSAGE = "The operation cannot be performed at this time. The function is currently in the following state: Pending"
_IN_PROGRESS_MESSAGE = "The operation cannot be performed at this time. An update is in progress for resource: {arn}"


class _LambdaConflict(LambdaClientError):
    """Lambda's HTTP 409 ResourceConflictException, in Lambda's own error format."""
    code = 409

    def __init__(self, message):
        super().__init__("ResourceConflictException", message)
        self.description = json.dumps({"Type": "User", "message": message})


def _lambda_phase(fn):
    """'Pending', 'InProgress' or None (Active and Successful) for a function, as of now."""
    now = CLOCK.time()
    if now < getattr(fn, "_slipway_pending_until", 0.0):
        return "Pending"
    if now < getattr(fn, "_slipway_update_until", 0.0):
        return "InProgress"
    return None


def _lambda_get_configuration(self, on_create=False):
    config = _original_lambda_get_configuration(self, on_create)
    phase = _lambda_phase(self)
    if phase == "Pending":
        config.update(State="Pending", StateReason=_LAMBDA_REASON, StateReasonCode="Creating")
        if not on_create:
            config["LastUpdateStatus"] = "InProgress"
    elif phase == "InProgress":
        config.update(State="Active", LastUpdateStatus="InProgress", LastUpdateStatusReason=_LAMBDA_REASON,
                      LastUpdateStatusReasonCode="Creating")
    return config


def _lambda_backend_create_function(self, spec):
    fn = _original_lambda_backend_create_function(self, spec)
    fn._slipway_pending_until = CLOCK.time() + WORLD.settle["lambdaPendingSeconds"]
    return fn


def _lambda_updating(original):
    def update(self, updated_spec):
        if not (isinstance(updated_spec, dict) and updated_spec.get("DryRun")):
            self._slipway_update_until = CLOCK.time() + WORLD.settle["lambdaUpdateSeconds"]
        return original(self, updated_spec)
    return update


def _lambda_refuse(response, name_or_arn, qualifier, when):
    """Raises the ResourceConflictException AWS answers while the function is in one of the `when` phases."""
    if qualifier not in (None, "", "$LATEST"):
        return  # a published version never changes
    try:
        fn = response.backend.get_function(name_or_arn, None)
    except Exception:  # noqa: BLE001 - moto's own operation answers the not-found
        return
    phase = _lambda_phase(fn)
    if phase == "Pending" and "Pending" in when:
        raise _LambdaConflict(_PENDING_MESSAGE)
    if phase == "InProgress" and "InProgress" in when:
        raise _LambdaConflict(_IN_PROGRESS_MESSAGE.format(arn=fn.function_arn))


def _lambda_guarded(original, name_of, when):
    def guarded(self):
        name, qualifier = name_of(self)
        _lambda_refuse(self, name, qualifier, when)
        return original(self)
    return guarded


def _name_before(self, depth):
    return unquote(self.path.rstrip("/").rsplit("/", depth)[-depth]), self._get_param("Qualifier", None)


def _tagged_function(self):
    arn = unquote(self.path.rsplit("/", 1)[-1])
    return (arn.split(":function:", 1)[1].split(":")[0] if ":function:" in arn else arn), None


_original_lambda_get_configuration = LambdaFunction.get_configuration
_original_lambda_backend_create_function = LambdaBackend.create_function


_BOTH, _PENDING = ("Pending", "InProgress"), ("Pending",)


def guard_update_function_code(previous):
    return _lambda_guarded(previous, lambda r: _name_before(r, 2), _BOTH)


def guard_update_function_configuration(previous):
    return _lambda_guarded(previous, lambda r: _name_before(r, 2), _BOTH)


def guard_publish_version(previous):
    return _lambda_guarded(previous, lambda r: (unquote(r.path.rstrip("/").split("/")[-2]), None), _BOTH)


def guard_invoke(previous):
    return _lambda_guarded(previous, lambda r: (unquote(r.path.rsplit("/", 2)[-2]), r._get_param("qualifier")), _PENDING)


def guard_tag_resource(previous):
    return _lambda_guarded(previous, _tagged_function, ("InProgress",))

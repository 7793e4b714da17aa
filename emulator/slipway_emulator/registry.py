"""The patch registry: every change the emulator makes to moto, declared with what it restores.

A `Patch` names the AWS behaviour it restores (`reason`), where that behaviour is written down
(`source`: an AWS documentation URL or the botocore model), and what kind of change it is (`kind`):
MOTO_BUG (moto has the operation and gets it wrong), MISSING (moto lacks the operation or the
behaviour) or HARNESS (a control or simulation tests need, which AWS has no API for). Its `changes`
are the attributes it replaces on moto's classes and modules, as strings ("moto.ecs.models:
EC2ContainerServiceBackend.create_service") so that they are checked before any emulator module
captures an original: `check()` refuses, naming every one, a target moto no longer has (or, for an
attribute the patch adds, one moto now has), so a moto upgrade that renames a method fails loudly
instead of leaving a patch nobody calls.

SLIPWAY_EMULATOR_DISABLE=id[,id...] leaves those patches out (check_patch_tests.py uses it to prove
each patch's test fails without it).
"""

import importlib
import inspect
import os
import re
from dataclasses import dataclass, field

MOTO_BUG, MISSING, HARNESS = "moto bug", "missing", "harness"


class PatchTargetMissing(RuntimeError):
    """What the registry patches is not (or no longer) what moto has."""


@dataclass(frozen=True)
class Change:
    """One attribute set on `target` ("module:Owner.attribute" or "module:attribute").

    `value` ("slipway_emulator.module:name") is the new attribute; `wrap` instead names a function
    that is given the attribute as it is now (moto's, or an earlier patch's) and returns the new one;
    `keep` ("module:DICT" or ("module:DICT", key)) stores the attribute as it is now in that dict
    first, for replacements that call it. `adds` marks an attribute moto does not have (an operation
    it lacks); `item` sets a key of the dict `target` names instead of an attribute."""

    target: str
    value: str = None
    wrap: str = None
    keep: object = None
    adds: bool = False
    item: str = None
    prop: bool = False  # value names a getter, installed as a property that ignores moto's own assignments
    instance: bool = False  # moto sets the attribute on each instance (in __init__), not on the class


@dataclass(frozen=True)
class Patch:
    id: str
    title: str
    kind: str
    reason: str
    source: str
    changes: tuple = field(default_factory=tuple)
    section: str = ""  # where the code is (module names, for the generated list)


def _resolve(path):
    """'module:a.b' -> (the object holding b, 'b'); 'module:a' -> (module, 'a')."""
    module_name, _, attribute_path = path.partition(":")
    owner = importlib.import_module(module_name)
    *parents, name = attribute_path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return owner, name


def _load(path):
    owner, name = _resolve(path)
    return getattr(owner, name)


class Registry:
    def __init__(self, patches):
        ids = [p.id for p in patches]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"patch ids used twice: {duplicates}")
        self.patches = tuple(patches)
        self.applied = []

    def get(self, patch_id):
        for patch in self.patches:
            if patch.id == patch_id:
                return patch
        raise KeyError(patch_id)

    @staticmethod
    def disabled_ids():
        return {i.strip() for i in os.environ.get("SLIPWAY_EMULATOR_DISABLE", "").split(",") if i.strip()}

    def enabled(self, patch_id):
        """Whether a patch is on (the middleware asks this for the patches it serves itself)."""
        self.get(patch_id)
        return patch_id not in self.disabled_ids()

    def check(self):
        """Every target exists on moto (every added one does not), before anything is patched."""
        unknown = sorted(self.disabled_ids() - {p.id for p in self.patches})
        problems = [f"SLIPWAY_EMULATOR_DISABLE names no patch: {', '.join(unknown)}"] if unknown else []
        for patch in self.patches:
            for change in patch.changes:
                try:
                    owner, name = _resolve(change.target)
                except (ImportError, AttributeError) as error:
                    problems.append(f"{patch.id}: {change.target}: {error}")
                    continue
                if change.item is not None:
                    if not isinstance(getattr(owner, name, None), dict):
                        problems.append(f"{patch.id}: {change.target} is not a dict")
                elif change.instance:
                    if not re.search(rf"\bself\.{re.escape(name)}\s*(:[^=]*)?=", inspect.getsource(owner.__init__)):
                        problems.append(f"{patch.id}: {change.target}: {owner.__name__}.__init__ no longer sets "
                                        f"self.{name}: moto renamed or removed what the patch changes")
                elif change.adds and hasattr(owner, name):
                    problems.append(f"{patch.id}: {change.target} now exists in moto: the patch adds it; "
                                    "check whether moto's own does what AWS does, then drop or change the patch")
                elif not change.adds and not hasattr(owner, name):
                    problems.append(f"{patch.id}: {change.target} does not exist in this moto: "
                                    "moto renamed or removed what the patch changes")
        if problems:
            raise PatchTargetMissing("the emulator cannot patch moto as registered (emulator/slipway_emulator/"
                                     "patches.py):\n  " + "\n  ".join(problems))

    def apply(self):
        """Check, then install every enabled patch in order. Idempotent."""
        if self.applied:
            return
        self.check()
        disabled = self.disabled_ids()
        for patch in self.patches:
            if patch.id in disabled:
                continue
            for change in patch.changes:
                owner, name = _resolve(change.target)
                if change.item is not None:
                    getattr(owner, name)[change.item] = _load(change.value)
                    continue
                current = getattr(owner, name, None)
                if change.keep is not None:
                    store, key = change.keep if isinstance(change.keep, tuple) else (change.keep, name)
                    _load(store).setdefault(key, current)
                if change.wrap is not None:
                    new = _load(change.wrap)(current)
                elif change.prop:
                    new = property(_load(change.value), lambda self, value: None)
                else:
                    new = _load(change.value)
                setattr(owner, name, new)
            self.applied.append(patch.id)

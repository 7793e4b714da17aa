"""The simulation on the emulator's clock: what is due when, and an advance that stops at each moment.

Every timed step of the simulation keeps its due time on the clock (clock.py): a pipeline stage
(entered + stageSeconds), an ECS rollout, a task leaving its target group, a network interface
released late, a service draining, tasks stopping, a one-off task's steps (world/tasks.py).
Requests move the simulation on to now, as they always did (`advance_world`, each request before
it is served). `advance(seconds)`, what POST /_slipway/clock does, moves the clock forward in
steps: to each due time within the advance in turn, letting the simulation act at that moment
(clock.pinned), so that a run whose stages take 30 s each finishes all of them in one advance of
their total, each stage entered the moment the one before it ended. With no advance nothing
changes: the simulation acts when a request comes, at the request's time, as it always did.
"""

import threading

from slipway_emulator import clock
from slipway_emulator import ecs
from slipway_emulator import web
from slipway_emulator.clock import CLOCK
from slipway_emulator.world import runs
from slipway_emulator.world import tasks
from slipway_emulator.world.state import WORLD

_advancing = threading.Lock()  # one advance at a time
_MAX_STEPS = 100_000  # a bound on the steps of one advance (each step is a due time of its own)


def advance_world():
    """Moves the simulation on to now: runs and rollouts, one-off tasks, released interfaces, targets, settling."""
    runs.advance()
    tasks.advance()
    web.web_advance()
    ecs.settle_advance()


def due_times():
    """The clock times at which the simulation has something to do, in no order."""
    with WORLD.sim_lock:
        times = [rollout["due"] for rollout in WORLD.rollouts.values()]
        if WORLD.simulations:
            times += [due for due in (run.due() for run in WORLD.runs) if due is not None]
        times += [target["until"] for targets in WORLD.targets.values() for target in targets.values()
                  if target.get("until") is not None]
    times += tasks.due_times()
    with WORLD.web_lock:
        times += [item[0] for item in WORLD.releases]
    with WORLD.settle_lock:
        times += [entry["due"] for entry in WORLD.draining + WORLD.stopping if entry.get("due") is not None]
    return times


def advance(seconds):
    """Moves the clock `seconds` forward, stopping at each due time on the way (see the module)."""
    remaining = clock.seconds(seconds)
    with _advancing:
        advance_world()
        for _ in range(_MAX_STEPS):
            now = CLOCK.time()
            upcoming = [moment for moment in due_times() if moment > now]
            if not upcoming or min(upcoming) - now > remaining:
                break
            due = min(upcoming)
            CLOCK.advance(due - now)
            remaining -= due - now
            with CLOCK.pinned(due):  # what happens there is stamped at `due` exactly, not a moment after
                advance_world()
        CLOCK.advance(remaining)
        advance_world()

"""Everything the emulator keeps beside moto's backends, in one place, with a reset.

Each module reads and writes its part through WORLD (WORLD.runs, WORLD.targets, ...); the locks
are the ones each part always had. `reset()` empties every part in place and puts the settings back
to their defaults (the clock, the S3 holds and reply stripping have their own objects).
"""

import itertools
import threading

WEB_DEFAULTS = {"eniReleaseSeconds": 2.0, "changeSeconds": 0.0, "resourceRecordSeconds": 0.0}
SETTLE_DEFAULTS = {"lambdaPendingSeconds": 1.0, "lambdaUpdateSeconds": 1.0, "ecsDrainSeconds": 1.5,
                   "ecsTaskStopSeconds": 1.5, "targetGroupReleaseSeconds": 1.0, "certificateReleaseSeconds": 1.0,
                   "iamRoleAssumeSeconds": 0.0}


class World:
    """The simulation's state and the settings tests give it."""

    def __init__(self):
        self.sim_lock = threading.RLock()   # runs, rollouts, scripts, pushes, deliveries, connections
        self.job_lock = threading.Lock()
        self.web_lock = threading.RLock()
        self.route53_lock = threading.Lock()
        self.settle_lock = threading.RLock()
        self.job_results = []         # PutJobSuccessResult/PutJobFailureResult (GET /_slipway/job-results)
        self.simulations = {}         # name prefix -> {"stageSeconds": s, "rolloutSeconds": s}
        self.scripts = {}             # pipeline or ECS service name -> [one-shot outcome, ...]
        self.runs = []                # simulated executions still in progress
        self.rollouts = {}            # ECS deployment id -> rollout in progress
        self.simulated_builds = set()  # builds that moto must not complete on its own
        self.connections = {}         # CodeConnections ARN -> {"status", "name"}
        self.web = dict(WEB_DEFAULTS)  # POST /_slipway/web
        self.releases = []            # (due, ec2 backend, ENI id): interfaces released later
        self.changes = {}             # Route 53 change id -> submitted (epoch seconds)
        self.aas_tags = {}            # scalable target ARN -> {key: value}
        self.task_numbers = itertools.count()
        self.targets = {}             # target group ARN -> {ip: {"port", "state", "reason", ...}}
        self.health_overrides = {}    # target group ARN -> {"state", "reason", "description"}
        self.push_counter = itertools.count(1)
        self.deliveries = []          # CodePipeline events delivered to EventBridge targets
        self.settle = dict(SETTLE_DEFAULTS)  # POST /_slipway/settle
        self.stopping = []            # {"due", "account", "region", "cluster", "service", "count"}
        self.draining = []            # {"due", "service", "stop"}: DRAINING services
        self.tg_released = {}         # target group ARN -> until when it is still in use
        self.cert_released = {}       # certificate ARN -> {load balancer ARN: until when}
        self.tasks = {}               # task ID -> a one-off task (RunTask) still simulated (world/tasks.py)
        self.task_scripts = {}        # command -> what it does (POST /_slipway/tasks)

    def reset(self):
        """Empty every part in place (references others hold stay valid) and restore the defaults."""
        with self.sim_lock, self.job_lock, self.web_lock, self.route53_lock, self.settle_lock:
            for part in (self.job_results, self.simulations, self.scripts, self.runs, self.rollouts,
                         self.simulated_builds, self.connections, self.releases, self.changes, self.aas_tags,
                         self.targets, self.health_overrides, self.deliveries, self.stopping, self.draining,
                         self.tg_released, self.cert_released, self.tasks, self.task_scripts):
                part.clear()
            self.web.clear()
            self.web.update(WEB_DEFAULTS)
            self.settle.clear()
            self.settle.update(SETTLE_DEFAULTS)
            self.task_numbers = itertools.count()
            self.push_counter = itertools.count(1)


WORLD = World()

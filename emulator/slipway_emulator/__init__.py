"""Slipway's AWS emulator: moto 5.2.5, changed where it differs from AWS in what Slipway's tests see.

One module per AWS service (iam, s3, codebuild, codepipeline, ecs, elbv2, acm, route53, ec2, lambda_,
sns, eventbridge, autoscaling, tagging, connections), the world moto does not simulate in world/
(pipeline runs, builds, rollouts, pushes, event deliveries, and their state), authorization on real
resources (authorization.py), the WSGI middleware with the /_slipway/ controls (middleware.py), the
clock tests move (clock.py). patches.py declares every change to moto in the registry (registry.py),
which checks each target exists before it installs any.
"""


def apply():
    """Check every registered patch's target against this moto, then install them all (idempotent)."""
    from slipway_emulator.patches import REGISTRY
    REGISTRY.apply()
    if not REGISTRY.enabled("world.pipeline-events"):  # served by the emulator itself: turned off here
        from slipway_emulator import eventbridge
        eventbridge.no_pipeline_events()


def middleware(app, **options):
    """moto's WSGI app wrapped in the emulator's middleware (latency, call log, controls, validation)."""
    from slipway_emulator.middleware import Middleware
    return Middleware(app, **options)

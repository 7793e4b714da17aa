"""The world the emulator simulates beyond moto's stored state: pipeline runs and builds (runs.py),
ECS rollouts (rollouts.py), Git pushes (pushes.py), event deliveries (deliveries.py), the state
they share (state.py), and their time on the emulator's clock (timeline.py)."""

"""What both engines share: the simulated clock, deterministic ids, events and error types."""

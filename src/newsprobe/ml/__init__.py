"""Models and encoders the stages use."""

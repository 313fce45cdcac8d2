"""Load benchmark for the quiz: a Django app with a bare write endpoint, and its driver."""

"""Helpers of the browser tests: the platform's API, the till agent, the browser."""

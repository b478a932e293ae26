"""Helpers shared by the test suites of several apps (not used at run time)."""

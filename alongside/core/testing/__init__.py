"""Test helpers shared by the test suites: the browser harness (and API schema checks)."""

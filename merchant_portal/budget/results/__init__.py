"""Observed results: recorded by form or CSV, turned into estimates, fed into the next plan."""

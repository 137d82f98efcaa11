"""The exact platform programme: sifting (HiGHS on the few rates that can matter) and the fine
chords of every curve, whose duals are the placements' prices."""

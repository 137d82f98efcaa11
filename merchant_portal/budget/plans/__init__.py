"""Budget plans: running one for a store, storing it in one shape, reading, exporting, comparing."""

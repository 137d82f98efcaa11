"""The placement catalogue: what can be bought, at what price, with what prior rates."""

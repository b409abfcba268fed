"""The peer-to-peer window: needs and offers, matches and pairings, the coverage heat map."""

"""Peer-to-peer capacity building: the coalition's needs, members' offers, and how they meet."""

"""The signed operation log: canonical bodies, signatures, clock and materialisation."""

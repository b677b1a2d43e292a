# Stand-in for 06-control-plane (tests only)

See ../README.md.

# Stand-in for 10-pod-network (tests only)

See ../README.md.

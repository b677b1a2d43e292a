# Stand-in for 09-kubelet (tests only)

See ../README.md.

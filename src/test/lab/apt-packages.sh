# Sourced by the install-deps scripts (src/test/lab, src/test/vagrant): which Debian packages are missing, and
# installing them without starting their services.

# The packages among "$@" that are not installed, into the array MISSING.
missing_packages() {
  MISSING=()
  local p
  for p in "$@"; do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) == installed ]] || MISSING+=("$p")
  done
}

# Installs "$@" with `apt-get update` first. Services of freshly installed packages must not start here (PID 1 is
# not systemd, and the root namespace is not a lab node): an existing /usr/sbin/policy-rc.d is kept, else one that
# refuses every start is added for the duration (removed on exit, also when apt fails).
install_without_services() {
  HW_ADDED_POLICY=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    HW_ADDED_POLICY=1
  fi
  trap '[[ $HW_ADDED_POLICY == 1 ]] && rm -f /usr/sbin/policy-rc.d' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "$@" >&2
}

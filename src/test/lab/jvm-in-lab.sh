#!/usr/bin/env bash
# A `java` for Maven Failsafe's <jvm>: brings the test bed up, runs the forked test JVM inside the lab's
# client network namespace (the only place from which the nodes are reachable, and from which nothing can
# leave the machine), and always takes the lab down afterwards: on success, failure and signals.
#
#   <jvm>${project.basedir}/src/test/lab/jvm-in-lab.sh</jvm>
#
# Failsafe insists that <jvm> ends in "java": use src/test/lab/failsafe-jvm/bin/java (a link to this file).
# Environment: HARDWAY_TESTBED=none runs the JVM without a lab, HARDWAY_TESTBED_DIR (default: a fresh unique dir under /tmp; a given dir is taken down as
# well), HARDWAY_TESTBED_KEEP=1 leaves the lab up for debugging, HARDWAY_REAL_JAVA / JAVA_HOME / PATH.
# When the lab cannot be had (not root, no namespaces, `up` failed) the JVM runs normally with
# HARDWAY_TESTBED_SKIP="<reason>", and @RequiresTestBed tests skip (or fail under CI=true).
# Nothing goes to stdout but the JVM's own output: Failsafe talks to its fork over stdin/stdout.
set -uo pipefail

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
lab=$here/lab.sh

# The real java: $HARDWAY_REAL_JAVA, else $JAVA_HOME/bin/java, else `java` on PATH, skipping this wrapper
# itself (Failsafe points JAVA_HOME of the fork at the <jvm>'s "home", i.e. at this wrapper's directory).
self=$(readlink -f "${BASH_SOURCE[0]}")
java=""
for cand in "${HARDWAY_REAL_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" $(type -ap java) /usr/lib/jvm/default-java/bin/java; do
  [[ -n $cand && -x $cand && $(readlink -f "$cand") != "$self" ]] || continue
  java=$cand; break
done
if [[ -z $java ]]; then echo "jvm-in-lab.sh: no real java found (set HARDWAY_REAL_JAVA or JAVA_HOME)" >&2; exit 127; fi

skip() { # REASON JAVA-ARGS...
  local reason=$1; shift
  echo "jvm-in-lab.sh: test bed not available: $reason; running the JVM without it" >&2
  export HARDWAY_TESTBED_SKIP="$reason"
  unset HARDWAY_TESTBED_DIR
  exec "$java" "$@"
}

if [[ $(id -u) -ne 0 ]]; then
  skip "not root" "$@"
fi
# A run of ITs that bring their own bed (VagrantLibvirtIT: src/test/vagrant/vm-lab.sh) needs no namespace lab.
if [[ ${HARDWAY_TESTBED:-} == none ]]; then
  skip "HARDWAY_TESTBED=none" "$@"
fi
probe="hwprobe$$"
if ! ip netns add "$probe" 2>/dev/null; then
  skip "cannot create network namespaces (ip netns add failed)" "$@"
fi
ip netns del "$probe" 2>/dev/null

if [[ -z ${HARDWAY_TESTBED_DIR:-} ]]; then
  HARDWAY_TESTBED_DIR=$(mktemp -d /tmp/hardway-testbed.XXXXXX)
  rmdir "$HARDWAY_TESTBED_DIR"   # lab.sh up refuses a non-empty foreign dir; let it create it
fi
export HARDWAY_TESTBED_DIR

down() {
  if [[ ${HARDWAY_TESTBED_KEEP:-} == 1 ]]; then
    echo "jvm-in-lab.sh: HARDWAY_TESTBED_KEEP=1, lab left up at $HARDWAY_TESTBED_DIR" >&2
  else
    "$lab" down --dir "$HARDWAY_TESTBED_DIR" >&2 || echo "jvm-in-lab.sh: lab.sh down failed" >&2
  fi
}

upout=$("$lab" up --dir "$HARDWAY_TESTBED_DIR" 2>&1 </dev/null)
rc=$?
echo "$upout" >&2
if ((rc != 0)); then
  "$lab" down --dir "$HARDWAY_TESTBED_DIR" >&2 2>&1 </dev/null || true
  skip "lab.sh up failed: $(tail -n1 <<<"$upout")" "$@"
fi
# shellcheck disable=SC1091
client_ns=$(. "$HARDWAY_TESTBED_DIR/env" && echo "$LAB_CLIENT_NS")

child=""
on_signal() {
  local sig=$1
  [[ -n $child ]] && kill "-$sig" "$child" 2>/dev/null
  [[ -n $child ]] && wait "$child" 2>/dev/null
  down
  trap - "$sig"
  kill "-$sig" $$
}
for s in TERM INT HUP; do trap "on_signal $s" "$s"; done

# stdin is passed on explicitly (via fd 3): a background job of a non-interactive shell gets /dev/null.
exec 3<&0
ip netns exec "$client_ns" "$java" "$@" <&3 3<&- &
child=$!
wait "$child"
rc=$?
# `wait` returns early (>128) when a trapped signal arrives; on_signal then handles it.
down
exit "$rc"

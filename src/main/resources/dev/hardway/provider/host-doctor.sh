# hardway host doctor: facts about this host, one key=value per line, read by dev.hardway.provider.HostDoctor.
# Runs under `set -euo pipefail` as root: every probe below tolerates a missing tool and says "unknown".
# Changes nothing on the host.
echo "doctor=1"
echo "hostname=$(hostname 2>/dev/null || cat /etc/hostname 2>/dev/null || echo unknown)"
os=unknown
if [ -r /etc/os-release ]; then
  os=$(. /etc/os-release && echo "${PRETTY_NAME:-${NAME:-unknown}}")
fi
echo "os=$os"
echo "arch=$(uname -m)"
echo "kernel=$(uname -r)"
echo "mem_kib=$(awk '/^MemTotal:/ {print $2; f=1} END {if (!f) print 0}' /proc/meminfo 2>/dev/null || echo 0)"
# /proc/swaps: a header line, then one line per active swap area; column 3 is its size in KiB.
echo "swap_kib=$(awk 'NR > 1 {s += $3} END {print s + 0}' /proc/swaps 2>/dev/null || echo 0)"
ntp=unknown
ntp_source=none
if command -v timedatectl >/dev/null 2>&1 && v=$(timedatectl show -p NTPSynchronized --value 2>/dev/null) \
    && [ -n "$v" ]; then
  ntp=$v
  ntp_source=timedatectl
elif command -v chronyc >/dev/null 2>&1 && out=$(chronyc -n tracking 2>/dev/null); then
  ntp_source=chrony
  if printf '%s\n' "$out" | grep -Eq '^Leap status +: Normal'; then ntp=yes; else ntp=no; fi
fi
echo "ntp=$ntp"
echo "ntp_source=$ntp_source"
# kubelet needs the memory cgroup controller (Raspberry Pi OS disables it unless the kernel command line asks).
cgroup_memory=unknown
if [ -r /sys/fs/cgroup/cgroup.controllers ]; then
  if grep -qw memory /sys/fs/cgroup/cgroup.controllers; then cgroup_memory=yes; else cgroup_memory=no; fi
elif [ -r /proc/cgroups ]; then
  if awk '$1 == "memory" && $4 == 1 {f = 1} END {exit f ? 0 : 1}' /proc/cgroups; then cgroup_memory=yes
  else cgroup_memory=no; fi
fi
echo "cgroup_memory=$cgroup_memory"

#!/usr/bin/env bash
# Checks ansible/: `ansible-playbook --syntax-check` of prepare.yml against an inventory in the shape hardway
# renders (templates/cluster/inventory.ini.ftl), then ansible-lint when it is installed.
#
#   ansible/check.sh [INVENTORY.ini | CLUSTER.yaml]
#
# Without an argument it uses the inventory the Java tests render (InventoryTemplateTest writes
# <build dir>/ansible/inventory-*.ini), else renders one from src/test/resources/vagrant/sample-ha.yaml with the
# small Python converter below (same groups as the template). Exit 0 = all passed; non-zero otherwise.
# Needs: ansible (ansible-core is enough for the syntax check); optional: ansible-lint.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v ansible-playbook >/dev/null || {
  echo "ansible/check.sh: ansible-playbook not found. Try: apt-get install -y ansible-core" >&2; exit 2; }

render_from_yaml() { # $1 = cluster config YAML -> inventory on stdout
  python3 - "$1" <<'PY'
import sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
groups = [("jumpbox", "jumpbox"), ("masters", "master"), ("workers", "worker"),
          ("lbs", "lb"), ("elbs", "elb"), ("routers", "router")]
print(f"# Rendered by ansible/check.sh from {sys.argv[1]}")
for title, role in groups:
    print(f"[{title}]")
    for n in cfg["nodes"]:
        if role in n.get("roles", []):
            print(f"{n['name']} ansible_host={n['ip']}")
    print()
ssh = cfg.get("ssh") or {}
print("[all:vars]")
print(f"ansible_user={ssh.get('user', 'vagrant')}")
print(f"ansible_port={ssh.get('port', 22)}")
print(f"ansible_ssh_private_key_file={ssh.get('key', '~/.ssh/id_ed25519')}")
print("ansible_become=true")
print(f"hardway_cluster={cfg.get('name', 'cluster')}")
PY
}

arg="${1:-}"
if [[ -z "$arg" ]]; then
  arg="$(ls -t "$root"/target*/ansible/inventory-*.ini 2>/dev/null | head -n1 || true)"
  [[ -n "$arg" ]] || arg="$root/src/test/resources/vagrant/sample-ha.yaml"
fi
case "$arg" in
  *.yaml|*.yml) render_from_yaml "$arg" > "$work/inventory.ini"; inventory="$work/inventory.ini" ;;
  *) inventory="$arg" ;;
esac
[[ -f "$inventory" ]] || { echo "ansible/check.sh: no inventory at $inventory" >&2; exit 2; }
echo "inventory: $arg"

cd "$here"
# Every group prepare.yml targets must exist in the inventory (an empty group is fine).
graph="$(ansible-inventory -i "$inventory" --graph)"
for g in jumpbox masters workers lbs elbs routers; do
  grep -q "@$g:" <<<"$graph" || { echo "ansible/check.sh: group [$g] missing from $inventory" >&2; exit 1; }
done
ANSIBLE_CONFIG="$here/ansible.cfg" ansible-playbook -i "$inventory" --syntax-check prepare.yml

if command -v ansible-lint >/dev/null; then
  ANSIBLE_CONFIG="$here/ansible.cfg" ansible-lint --offline --nocolor -q prepare.yml roles
  echo "ansible-lint: passed"
else
  echo "ansible-lint: not installed, skipped (apt-get install -y ansible-lint)"
fi
echo "ansible/check.sh: passed"

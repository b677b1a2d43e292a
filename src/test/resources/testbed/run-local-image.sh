# Proof that the node's containerd runs a container (LessonsOnTestBedIT; lab-notes §7): builds an OCI image layout
# by hand from the machine's static busybox (no registry is reachable), imports it with ctr and runs it with runc
# under the systemd cgroup driver, as the kubelet's containers would. Prints the container's output.
set -euo pipefail
img=docker.io/hardway/busybox:testbed
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/rootfs/bin" "$w/layout/blobs/sha256"
cp /bin/busybox "$w/rootfs/bin/busybox"
for a in sh cat echo hostname ls ip; do ln -s busybox "$w/rootfs/bin/$a"; done
tar -C "$w/rootfs" --owner=0 --group=0 --mtime=@0 -cf "$w/layer.tar" bin
put() { # file media-type -> "sha size"; stores the blob
  local s; s=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$w/layout/blobs/sha256/$s"; echo "$s $(stat -c %s "$1")"
}
read -r ls lsz < <(put "$w/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$ls" >"$w/config.json"
read -r cs csz < <(put "$w/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' "$cs" "$csz" "$ls" "$lsz" >"$w/manifest.json"
read -r ms msz < <(put "$w/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' "$ms" "$msz" "$img" >"$w/layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$w/layout/oci-layout"
tar -C "$w/layout" -cf "$w/image.tar" .
ctr -n hardway-it image import --index-name "$img" "$w/image.tar" >/dev/null
ctr -n hardway-it run --rm --cpu-shares 0 --runc-systemd-cgroup --cgroup "system.slice:hardway-it:$$" "$img" hardway-it-$$ /bin/sh -c 'echo "container says hello from $(hostname)"; cat /proc/self/cgroup'
ctr -n hardway-it image rm "$img" >/dev/null

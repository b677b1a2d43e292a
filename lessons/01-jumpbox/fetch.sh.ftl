<#-- Sourced by the download steps of lesson 01-jumpbox. Plain bash (noparse): no cluster values in here;
     the step's run passes them in as DL_MIRROR / DL_DIR. -->
<#noparse>
# hardway: download helpers for the jumpbox (lesson 01-jumpbox). Source it; then:
#   fetch URL          download URL into /root/downloads/ (or copy it from DL_DIR, or get it from DL_MIRROR)
#   verify FILE SUMS   check FILE's SHA-256 against its line in SUMS (or SUMS' only word); a mismatch deletes FILE
#   get URL SUMS_URL   fetch both (unless FILE is already there and verifies), then verify
# It sets ARCH (amd64 or arm64, from uname -m) for the release file names.
# DL_MIRROR replaces scheme+host of every upstream URL (same path layout); DL_DIR is a local directory on the
# jumpbox in that same layout (copied, not downloaded). Both empty = upstream.
DOWNLOADS=/root/downloads
mkdir -p "$DOWNLOADS"

# The release architecture of this machine (the lessons assume the nodes share the jumpbox's architecture).
case $(uname -m) in
  x86_64) ARCH=amd64 ;;
  aarch64|arm64) ARCH=arm64 ;;
  *) echo "ERROR: $(uname -m) is not supported: Kubernetes releases exist for amd64 and arm64 (64-bit OS)" >&2
     return 1 2>/dev/null || exit 1 ;;
esac
echo "architecture: $ARCH"

source_of() {   # where URL really comes from, given DL_DIR / DL_MIRROR
  local url=$1 path
  path=/$(printf '%s' "$url" | cut -d/ -f4-)            # https://host/a/b -> /a/b
  if [ -n "${DL_DIR:-}" ]; then echo "${DL_DIR%/}$path"
  elif [ -n "${DL_MIRROR:-}" ]; then echo "${DL_MIRROR%/}$path"
  else echo "$url"; fi
}

fetch() {
  local url=$1 src dest
  src=$(source_of "$url")
  dest=$DOWNLOADS/$(basename "$url")
  echo "fetch $src"
  if [ -n "${DL_DIR:-}" ]; then
    cp "$src" "$dest.part"
  else
    curl -fsSL --retry 3 --connect-timeout 10 -o "$dest.part" "$src" \
      || { rm -f "$dest.part"; echo "ERROR: cannot download $src" >&2; return 1; }
  fi
  mv "$dest.part" "$dest"
}

want_sum() {    # the expected SHA-256 of FILE according to SUMS
  local name sums=$2
  name=$(basename "$1")
  awk -v n="$name" '$2 == n || $2 == "*" n { print $1; exit }' "$sums" | grep -E '^[0-9a-f]{64}$' \
    || awk 'NR == 1 && NF == 1 { print $1 }' "$sums" | grep -E '^[0-9a-f]{64}$'
}

verify() {
  local file=$1 sums=$2 want got
  want=$(want_sum "$file" "$sums") || {
    echo "ERROR: $(basename "$sums") has no SHA-256 for $(basename "$file"); is the version pinned right?" >&2
    rm -f "$file"; return 1; }
  got=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    echo "ERROR: CHECKSUM MISMATCH for $file" >&2
    echo "  expected $want (from $(basename "$sums"))" >&2
    echo "  got      $got" >&2
    echo "  The file is deleted. A corrupt download, a wrong mirror or a tampered archive: do not use it." >&2
    rm -f "$file"
    return 1
  fi
  echo "ok   $(basename "$file")  sha256 $got"
}

get() {          # get URL SUMS_URL: idempotent download + verification
  local url=$1 sums_url=$2 file sums
  file=$DOWNLOADS/$(basename "$url")
  sums=$DOWNLOADS/$(basename "$sums_url")
  fetch "$sums_url"
  if [ -s "$file" ] && verify "$file" "$sums" 2>/dev/null; then
    return 0                                   # already here and intact
  fi
  fetch "$url"
  verify "$file" "$sums"
}
</#noparse>

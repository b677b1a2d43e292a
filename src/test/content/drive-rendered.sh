#!/usr/bin/env bash
# Imitates the lesson engine on a running test bed (LAB_DIR, default /tmp/hardway-lab):
#   drive-rendered.sh STEPDIR [checks]
# STEPDIR = OUT/testbed/LESSON/NN-step as written by LessonContentRenderTest -Dhardway.content.out=OUT ; per node: files (files.txt), copies (copy.txt), run.sh,
# then the script checks (check-N.sh), all over ssh from the client namespace as the engine would.
set -uo pipefail
source "${LAB_DIR:-/tmp/hardway-lab}/env"
S() { ip netns exec "$LAB_CLIENT_NS" ssh -F "$LAB_SSH_CONFIG" -o BatchMode=yes "$@"; }
step=$1; mode=${2:-all}
do_node() {
  local nd=$1 n; n=$(basename "$nd")
  if [[ -s $nd/files.txt ]]; then
    while read -r to m; do
      S "$n" "mkdir -p \$(dirname $to) && cat > $to && chmod ${m:-0644} $to" < "$nd/files$to" || { echo "$n: upload $to FAILED"; return 1; }
    done < "$nd/files.txt"
  fi
  if [[ -s $nd/copy.txt ]]; then
    while read -r fromn from to m; do
      S "$fromn" "cat $from" </dev/null | S "$n" "mkdir -p \$(dirname $to) && cat > $to.hwtmp && chmod ${m:-0644} $to.hwtmp && mv $to.hwtmp $to" \
        || { echo "$n: copy $fromn:$from -> $to FAILED"; return 1; }
    done < "$nd/copy.txt"
  fi
  if [[ -s $nd/run.sh ]]; then
    S "$n" bash -euo pipefail -s < "$nd/run.sh" 2>&1 | sed "s/^/$n │ /"
    return "${PIPESTATUS[0]}"
  fi
}
rc=0
if [[ $mode == all ]]; then
  t0=$(date +%s.%N)
  pids=()
  for nd in "$step"/*/; do do_node "${nd%/}" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  echo "== run: rc=$rc in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}') s"
fi
for nd in "$step"/*/; do
  n=$(basename "$nd")
  for c in "$nd"check-*.sh; do
    [[ -e $c ]] || continue
    if out=$(S "$n" bash -euo pipefail -s < "$c" 2>&1); then echo "check ok   $n $(basename "$c")"; else echo "check FAIL $n $(basename "$c"): $out"; rc=1; fi
  done
done
exit $rc

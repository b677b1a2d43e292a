<#-- Sourced by the steps of lesson 02-pki on the jumpbox. Plain bash: no cluster values in here. -->
<#noparse>
# hardway: certificate helpers for the jumpbox (lesson 02-pki). Source it inside /root/pki; then:
#   issue NAME SUBJECT EXT_FILE SECTION
# makes NAME-key.pem (RSA 2048, kept if it exists) and NAME.pem: a certificate for SUBJECT, signed by ca.pem,
# with the X.509 extensions of [SECTION] in EXT_FILE. An existing NAME.pem is kept while it still verifies
# against ca.pem and was made from the same subject and extensions (remembered in NAME.pem.spec); any change to
# the subject or the SANs re-issues it, so a re-run converges instead of piling up certificates.
set -euo pipefail
umask 077
DAYS=3650

section_of() {  # the lines of [SECTION] in FILE
  awk -v s="[ $2 ]" '$0 == s { p = 1; next } /^\[/ { p = 0 } p && NF' "$1"
}

issue() {
  local name=$1 subject=$2 ext=$3 section=$4 spec
  [ -s "$name-key.pem" ] || openssl genrsa -out "$name-key.pem" 2048 2>/dev/null
  spec=$(printf '%s\n' "$subject" "$(section_of "$ext" "$section")" | sha256sum | cut -d' ' -f1)
  if [ -s "$name.pem" ] && [ "$(cat "$name.pem.spec" 2>/dev/null)" = "$spec" ] \
      && openssl verify -CAfile ca.pem "$name.pem" >/dev/null 2>&1; then
    echo "$name.pem: up to date"
    return 0
  fi
  openssl req -new -key "$name-key.pem" -subj "$subject" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days "$DAYS" -sha256 \
    -extfile "$ext" -extensions "$section" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr"
  echo "$spec" > "$name.pem.spec"
  echo "$name.pem: issued for $subject"
  openssl x509 -in "$name.pem" -noout -ext subjectAltName,extendedKeyUsage 2>/dev/null | sed 's/^/    /'
}
</#noparse>

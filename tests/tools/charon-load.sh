#!/bin/sh
# Loads every swanctl.conf under DIR into a real charon, one file after another, and
# checks that each loads all its connections with no error. Run it as root inside
# `unshare -m -n` (tests/real_tools.rs does): a private /run gives charon a private vici
# socket, a private network namespace keeps its policies off this machine.
# usage: charon-load.sh DIR
set -eu
dir=$1
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/x509ca" "$work/x509" "$work/private"
mount -t tmpfs tmpfs /run
cat > "$work/strongswan.conf" <<EOC
charon {
  load_modular = yes
  install_routes = no
  plugins {
    include /etc/strongswan.d/charon/*.conf
    kernel-libipsec {
      load = yes
    }
  }
}
EOC
STRONGSWAN_CONF="$work/strongswan.conf" /usr/lib/ipsec/charon > "$work/charon.log" 2>&1 &
pid=$!
i=0
while [ ! -S /run/charon.vici ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
[ -S /run/charon.vici ] || { echo "charon did not start"; cat "$work/charon.log"; exit 1; }
pki --gen --type ecdsa --size 256 --outform pem > "$work/ca.key" 2>/dev/null
failures=0
for conf in $(find "$dir" -name swanctl.conf | sort); do
  cp "$conf" "$work/swanctl.conf"
  # A test CA certificate for every CA the file names (the operator supplies real ones).
  for ca in $(sed -n 's/^[[:space:]]*cacerts = //p' "$conf" | tr ',' ' '); do
    [ -f "$work/x509ca/$ca" ] || pki --self --ca --lifetime 30 --in "$work/ca.key" --type ecdsa \
      --dn "CN=cordon test CA ${ca%.pem}" --outform pem > "$work/x509ca/$ca" 2>/dev/null
  done
  # A test certificate for every certificate of its own the file names (gateways).
  for cert in $(sed -n 's/^[[:space:]]*certs = //p' "$conf" | tr ',' ' '); do
    if [ ! -f "$work/x509/$cert" ]; then
      pki --gen --type ecdsa --size 256 --outform pem > "$work/private/${cert%.pem}.key" 2>/dev/null
      ca=$(ls "$work/x509ca" | head -n 1)
      pki --pub --in "$work/private/${cert%.pem}.key" --type ecdsa 2>/dev/null |
        pki --issue --lifetime 30 --cacert "$work/x509ca/$ca" --cakey "$work/ca.key" \
          --type pub --dn "CN=${cert%.pem}" --outform pem > "$work/x509/$cert" 2>/dev/null
    fi
  done
  expected=$(grep -c '^	cordon-' "$conf" || true)
  # stdout only: stderr carries notes about optional plugins and credential folders.
  out=$(swanctl --load-all --file "$work/swanctl.conf" 2>/dev/null) || { echo "FAIL $conf: swanctl exit $?"; echo "$out"; failures=$((failures+1)); continue; }
  loaded=$(echo "$out" | sed -n 's/^successfully loaded \([0-9]*\) connections.*/\1/p')
  listed=$(swanctl --list-conns 2>/dev/null | grep -c '^cordon-' || true)
  if echo "$out" | grep -qiE 'failed|error' || [ "$loaded" != "$expected" ] || [ "$listed" != "$expected" ]; then
    echo "FAIL $conf: expected $expected connections, loaded $loaded, listed $listed"
    echo "$out"
    failures=$((failures+1))
  else
    echo "OK $conf: $loaded connections"
  fi
done
exit $failures

#!/bin/sh
# Checks the Debian packages the build and tests need; installs the missing
# ones when run as root, otherwise prints the exact command and fails.
PACKAGES="libyaml-dev zlib1g-dev libcmocka-dev pkg-config clang lld wasi-libc libclang-rt-14-dev-wasm32"

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null && exit 0
  echo "deps: apt-get failed" >&2
  exit 1
fi
echo "deps: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1

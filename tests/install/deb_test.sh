#!/usr/bin/env bash
# The Debian package (cmake/package.cmake): cpack builds it from the build tree, its Depends names
# the Debian packages of the linked libraries, and dpkg installs it into an empty root, where the
# programs run on the data the package carries. Skipped (77) without dpkg-deb and
# dpkg-shlibdeps (Debian's dpkg and dpkg-dev), except under CI, where it fails.
#   deb_test.sh BUILD_DIR
set -euo pipefail
build=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
source "${BASH_SOURCE[0]%/*}/require_tools.sh"
require_tools cpack dpkg-deb dpkg-shlibdeps  # under CI (STOWAGE_CI=1) a missing one fails
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$tmp"/out/stowage_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libyaml-cpp libfyaml libfmt libjemalloc libstdc++6; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/stowage ./usr/bin/stowage-loader ./usr/share/stowage/profiles/storage/oss.yaml \
         ./usr/share/stowage/data/validation/cases.yaml ./usr/share/man/man1/stowage.1 \
         ./usr/share/bash-completion/completions/stowage \
         ./usr/share/zsh/vendor-completions/_stowage; do
  grep -q " $f\$" "$tmp/contents" || fail "the package lacks $f"
done

# As root (CI), installed by dpkg into a root of its own: an empty dpkg database, nothing else
# (its dependencies are the host's libraries, hence --force-depends). Otherwise unpacked there.
if [[ $(id -u) -eq 0 ]]; then
  mkdir -p "$tmp/root/var/lib/dpkg/info" "$tmp/root/var/lib/dpkg/updates"
  touch "$tmp/root/var/lib/dpkg/status"
  dpkg --root="$tmp/root" --log=/dev/null --force-depends -i "$deb" >"$tmp/dpkg.log" 2>&1 ||
    { cat "$tmp/dpkg.log" >&2; fail "dpkg -i failed"; }
  # A here-string, not a pipe: grep -q may exit before dpkg ends, which pipefail reports.
  grep -qx "Status: install ok installed" <<<"$(dpkg --root="$tmp/root" -s stowage)" ||
    fail "dpkg does not list stowage as installed"
else
  dpkg-deb -x "$deb" "$tmp/root"
fi
mkdir "$tmp/elsewhere" && cd "$tmp/elsewhere"
"$tmp/root/usr/bin/stowage" --version >version.txt
grep -q "^stowage 0" version.txt || fail "--version: $(cat version.txt)"
grep -qx "data: $tmp/root/usr/share/stowage" version.txt || fail "--version: $(cat version.txt)"
"$tmp/root/usr/bin/stowage" advise >/dev/null || fail "advise exited $?"
"$tmp/root/usr/bin/stowage-loader" --help >/dev/null || fail "stowage-loader --help exited $?"
echo "$(basename "$deb"): Depends: $depends; installed in an empty root, it runs there"

#!/usr/bin/env bash
# The Dockerfile without a container builder: its build stage installs with
# `DESTDIR=/stage cmake --install /build --prefix /usr/local`; this does the same into a
# temporary staging root and checks that every source of the runtime stage's
# `COPY --from=build` lines exists there, that the build context (.dockerignore) keeps what the
# build reads, and that the runtime stage's apt packages hold every shared library the two
# programs link beyond the base image's (found with ldd and dpkg -S; skipped without dpkg).
#   dockerfile_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-docker.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The Dockerfile with continuation lines joined.
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$src/Dockerfile" >"$tmp/Dockerfile"
grep -q 'DESTDIR=/stage cmake --install /build --prefix /usr/local' "$tmp/Dockerfile" ||
  fail "the build stage no longer installs as this test mirrors it"
DESTDIR="$tmp/stage" cmake --install "$build" --prefix /usr/local >"$tmp/install.log"
copies=0
while read -r _ _ args; do
  read -r -a words <<<"$args"
  for ((i = 0; i < ${#words[@]} - 1; i++)); do
    path=${words[i]}
    [[ "$path" == /stage/* ]] || fail "COPY --from=build of $path, outside the staging root"
    [[ -e "$tmp$path" ]] || fail "COPY --from=build $path: not installed by cmake --install"
    copies=$((copies + 1))
  done
done < <(grep -E '^COPY --from=build ' "$tmp/Dockerfile")
((copies >= 4)) || fail "only $copies COPY --from=build sources found"
for f in stowage stowage-loader; do
  [[ -x "$tmp/stage/usr/local/bin/$f" ]] || fail "bin/$f is not installed"
done
[[ -f "$tmp/stage/usr/local/share/stowage/profiles/storage/oss.yaml" ]] || fail "no catalog"

# The context: what CMake builds from and what the install rules copy must not be ignored.
needed=(CMakeLists.txt CMakePresets.json cmake advisor sim loader)
needed+=($(tr '\n' ' ' <"$src/cmake/install.cmake" | grep -o 'install(DIRECTORY [^)]*)' |
  sed 's/install(DIRECTORY \(.*\) DESTINATION.*/\1/'))
((${#needed[@]} > 8)) || fail "the install(DIRECTORY ...) rules of cmake/install.cmake not read"
for path in "${needed[@]}"; do
  top=${path%%/*}
  grep -qxF -e "$top" -e "$path" "$src/.dockerignore" && fail ".dockerignore leaves out $path"
done

# The runtime libraries: every library ldd finds outside the base image's (libc, libstdc++,
# libgcc, libm) comes from a package the runtime stage installs.
runtime=$(awk '/^FROM /{stage++} stage == 2' "$tmp/Dockerfile")
if command -v dpkg >/dev/null; then
  for f in stowage stowage-loader; do
    for lib in $(ldd "$tmp/stage/usr/local/bin/$f" | awk '$3 ~ /^\// {print $3}'); do
      pkg=$(dpkg -S "$(realpath "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || true
      [[ -n "$pkg" ]] || pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
      case "$pkg" in libc6 | libstdc++6 | libgcc-s1 | "") continue ;; esac
      grep -qwF -- "$pkg" <<<"$runtime" || fail "$f links $lib from $pkg, which the image lacks"
    done
  done
fi
echo "Dockerfile: $copies COPY sources installed, context and runtime libraries complete"

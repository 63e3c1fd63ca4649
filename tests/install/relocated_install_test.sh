#!/usr/bin/env bash
# Installs the build into a temporary prefix, moves the installed tree elsewhere and runs
# `advise`, `table` and `accuracy` from there, in a directory with no data of its own: the
# program must find the catalog, the shipped workloads and the accuracy suite beside itself
# (advisor/cli/data_dir.hpp), not in the source tree or the prefix it was installed to.
#   relocated_install_test.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stowage-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/first" >"$tmp/install.log"
mv "$tmp/first" "$tmp/moved"
root=$tmp/moved
bin=$root/bin/stowage
share=$root/share/stowage
for f in bin/stowage bin/stowage-loader share/stowage/profiles/storage/oss.yaml \
         share/stowage/data/workloads/default.yaml share/stowage/data/sweeps/nas-frontier.yaml \
         share/stowage/data/validation/cases.yaml share/stowage/schema/advise.schema.json \
         share/stowage/schema/sweep.schema.json share/bash-completion/completions/stowage \
         share/zsh/vendor-completions/_stowage share/fish/vendor_completions.d/stowage.fish \
         share/man/man1/stowage.1; do
  [[ -e "$root/$f" ]] || fail "not installed: $f"
done

# Markers that exist only in the moved tree: a profile under a new name, and a shipped workload
# set cut to one scenario renamed, so that the output shows where the data was read.
cp "$share/profiles/storage/oss.yaml" "$share/profiles/storage/relocated-oss.yaml"
find "$share/data/workloads" -name '*.yaml' ! -name small-model.yaml -delete
sed -i 's/^name: .*/name: relocated-scenario/' "$share/data/workloads/small-model.yaml"

mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
"$bin" --version >version.txt
grep -qx "data: $share" version.txt || fail "--version names another data directory: $(cat version.txt)"
"$bin" profiles list --kind storage --format csv >profiles.csv
grep -q '^relocated-oss,' profiles.csv || fail "profiles list does not read the moved catalog"
"$bin" advise >advise.txt || fail "advise exited $?"
grep -q . advise.txt || fail "advise printed nothing"
"$bin" table --format csv >table.csv || fail "table exited $?"
grep -q relocated-scenario table.csv || fail "table did not read the moved tree's workloads"
"$bin" accuracy >accuracy.txt || fail "accuracy exited $?"
grep -q runai-gp3-streamer-c4 accuracy.txt || fail "accuracy did not run the suite"
echo "relocated install at $root: advise, table and accuracy ran"

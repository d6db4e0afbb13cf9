#!/usr/bin/env bash
# Refresh the official list of Indonesian areas (Kemendagri codes) shipped in the binary, from the
# npm package `idn-area-data` (data under ODbL 1.0, package code under MIT; we ship only its data).
#   ./scripts/refresh-areas.sh           # reinstall the pinned version from the lock file, regenerate
#   ./scripts/refresh-areas.sh 4.1.0     # move the pin to 4.1.0 (package.json + lock), regenerate
# The pin lives in one place, crates/areas/npm/package.json (exact version, lock beside it); the
# files in crates/areas/data/ are the package's CSV files, unmodified (villages gzipped), plus
# SOURCE naming the version and its integrity. Review the diff and run `cargo test -p kotacerdas-areas`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
npm_dir="$root/crates/areas/npm"
data="$root/crates/areas/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$npm_dir/package.json" "$npm_dir/package-lock.json" "$work/" 2>/dev/null || cp "$npm_dir/package.json" "$work/"
cd "$work"
if [ $# -ge 1 ]; then
  npm install --save-exact --ignore-scripts --no-audit --no-fund "idn-area-data@$1"
else
  npm ci --ignore-scripts --no-audit --no-fund
fi
cp package.json package-lock.json "$npm_dir/"

pkg="$work/node_modules/idn-area-data"
version="$(node -p "require('$pkg/package.json').version")"
integrity="$(node -p "require('./package-lock.json').packages['node_modules/idn-area-data'].integrity")"
for f in provinces regencies districts villages; do
  head -1 "$pkg/data/$f.csv" | grep -q '^code,' || { echo "unexpected header in $f.csv" >&2; exit 1; }
done
cp "$pkg/data/provinces.csv" "$pkg/data/regencies.csv" "$pkg/data/districts.csv" "$data/"
# -n: no name or time in the header, so the same data gives the same bytes.
gzip -n -9 -c "$pkg/data/villages.csv" > "$data/villages.csv.gz"
cp "$pkg/data/LICENSE.md" "$data/LICENSE-ODbL.md"
cat > "$data/SOURCE" <<SRC
idn-area-data $version
npm: https://www.npmjs.com/package/idn-area-data/v/$version ($integrity)
repository: https://github.com/fityannugroho/idn-area-data
data licence: Open Database License (ODbL) 1.0, see LICENSE-ODbL.md; package code: MIT (not shipped)
refreshed: $(date -u +%Y-%m-%d) by scripts/refresh-areas.sh
SRC
echo "$version" > "$data/VERSION"
wc -l "$pkg"/data/{provinces,regencies,districts,villages}.csv
echo "idn-area-data $version written to $data"

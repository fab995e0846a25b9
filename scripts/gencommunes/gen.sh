#!/usr/bin/env bash
# Regenerates assets/communes/communes.tsv from the npm package @etalab/decoupage-administratif.
# Usage, from the repository root: scripts/gencommunes/gen.sh [VERSION]   (default 6.0.0)
# Prints the tarball's integrity and shasum for assets/communes/PROVENANCE.md.
set -euo pipefail
version="${1:-6.0.0}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --json "@etalab/decoupage-administratif@$version" >pack.json)
node -e 'const p=require(process.argv[1])[0]; console.log(p.id); console.log("integrity", p.integrity); console.log("shasum", p.shasum)' "$tmp/pack.json"
tar -xzf "$tmp"/etalab-decoupage-administratif-"$version".tgz -C "$tmp"
(cd "$tmp" && sha256sum etalab-decoupage-administratif-"$version".tgz)
cd "$root"
go run ./scripts/gencommunes -in "$tmp/package/data/communes.json" -out assets/communes/communes.tsv

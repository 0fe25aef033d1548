#!/usr/bin/env bash
# Regenerates the two data files this sample embeds (see README.md beside this script):
#   mnist-w1.safetensors            W1's weights, trained by Samples/Mnist (12 epochs, seed 7)
#   t10k-first1000-*-ubyte.gz       the first 1000 images and labels of the MNIST test set, as gzip'd IDX files
# Needs MNIST in Samples/Data/mnist (bash Samples/Data/fetch-mnist.sh). Usage: bash Samples/AotInference/Data/make-data.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
mnist="$repo/Samples/Data/mnist"
bash "$repo/Samples/Data/fetch-mnist.sh" >/dev/null

dotnet run -c Release --project "$repo/Samples/Mnist" -- "$here/mnist-w1.safetensors" "$mnist"

count=1000
# IDX headers: magic (0, 0, type 0x08 = unsigned byte, dimensions), then each dimension as a big-endian int32.
{ printf '\x00\x00\x08\x03\x00\x00\x03\xe8\x00\x00\x00\x1c\x00\x00\x00\x1c'; dd if="$mnist/t10k-images-idx3-ubyte" iflag=skip_bytes,count_bytes skip=16 count=$((count * 784)) status=none; } |
  gzip -n -9 > "$here/t10k-first1000-images-idx3-ubyte.gz"
{ printf '\x00\x00\x08\x01\x00\x00\x03\xe8'; dd if="$mnist/t10k-labels-idx1-ubyte" iflag=skip_bytes,count_bytes skip=8 count=$count status=none; } |
  gzip -n -9 > "$here/t10k-first1000-labels-idx1-ubyte.gz"
sha256sum "$here"/mnist-w1.safetensors "$here"/t10k-first1000-*.gz

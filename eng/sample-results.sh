#!/usr/bin/env bash
# Runs samples and records what each prints in Samples/Results/<Sample>.txt: the logs the READMEs' figures are
# checked against (Generator.Tests/Documentation/FigureTests.cs; a figure is marked <!--from Sample: label-->).
# Usage: bash eng/sample-results.sh [Sample ...]      default: every sample with a Program.cs
# Each sample runs from a scratch folder with its output redirected (so progress prints plain lines), after
# fetching MNIST for the samples that read it. Commit the logs the READMEs cite with the README change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ $# -gt 0 ]; then samples=("$@"); else
  samples=(); for p in Samples/*/Program.cs; do samples+=("$(basename "$(dirname "$p")")"); done
fi
if grep -lq "MnistFiles\|fetch-mnist" $(printf 'Samples/%s/*.cs ' "${samples[@]}") 2>/dev/null; then
  bash Samples/Data/fetch-mnist.sh >/dev/null
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for sample in "${samples[@]}"; do
  [ -f "Samples/$sample/Program.cs" ] || { echo "no sample Samples/$sample" >&2; exit 1; }
  dotnet build -c Release "Samples/$sample" -v q -nologo >/dev/null
  log="Samples/Results/$sample.txt"
  {
    echo "# dotnet run -c Release --project Samples/$sample    $(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, vector width $(grep -q avx512f /proc/cpuinfo && echo 512 || (grep -q avx2 /proc/cpuinfo && echo 256 || echo 128))"
    (cd "$scratch" && dotnet run -c Release --no-build --project "$root/Samples/$sample")
  } > "$log.tmp" 2>&1 || { cat "$log.tmp" >&2; rm -f "$log.tmp"; echo "Samples/$sample failed" >&2; exit 1; }
  mv "$log.tmp" "$log"
  echo "$log: $(grep -vc '^#' "$log") lines"
done

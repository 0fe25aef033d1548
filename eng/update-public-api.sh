#!/usr/bin/env bash
# Rewrites Runtime/PublicAPI.Unshipped.txt to list every public symbol of the runtime that PublicAPI.Shipped.txt does
# not: empties the file, builds the runtime with RS0016 ("not part of the declared public API") as a warning, and
# writes the symbols those warnings name, sorted. Run it after adding or changing public API (or after a merge of
# branches that each did), then read the diff: it is the public API change.
# A symbol removed from PublicAPI.Shipped.txt's list (RS0017) is a breaking change and is left for a person to decide.
# Until a version is published the whole API is unshipped (Shipped holds only the header); publishing a version moves
# Unshipped's lines into Shipped, so from then on a change to them is a reviewed break.
# Usage: eng/update-public-api.sh            (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

unshipped=Runtime/PublicAPI.Unshipped.txt
log=$(mktemp)
trap 'rm -f "$log"' EXIT

printf '#nullable enable\n' > "$unshipped"
# Every target framework is built (the symbols must be the same for all); --no-incremental so the analyzer runs.
if ! dotnet build Runtime/NetGen.Runtime.csproj -c Release --no-incremental -p:TreatWarningsAsErrors=false >"$log" 2>&1; then
  grep -E 'error [A-Z]+[0-9]+' "$log" | sort -u >&2 || cat "$log" >&2
  echo "update-public-api: the runtime does not build; fix that first" >&2
  exit 1
fi
{
  printf '#nullable enable\n'
  grep -oE "warning RS0016: Symbol '.*' is not part of the declared public API" "$log" |
    sed -E "s/^warning RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" |
    LC_ALL=C sort -u
} > "$unshipped.new"
mv "$unshipped.new" "$unshipped"
echo "$unshipped: $(($(wc -l < "$unshipped") - 1)) symbols"

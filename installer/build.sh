#!/usr/bin/env bash
# Publishes ferryd (the appliance) and ferry (the CLI) as native-AOT binaries into out/<rid>/.
#
#   installer/build.sh                 # linux-x64, on this host
#   installer/build.sh linux-arm64     # on an ARM64 build host (or an x64 host with the arm64 cross toolchain)
#   installer/build.sh linux-loongarch64
#
# Any trim or AOT warning fails the build: TreatWarningsAsErrors applies to the native compiler too.
set -euo pipefail

rid="${1:-linux-x64}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/out/$rid"
symbols="$out/symbols"

rm -rf "$out"
mkdir -p "$out" "$symbols"

publish() {
    local project="$1"
    echo "== publishing $project for $rid"
    dotnet publish "$root/$project" -c Release -r "$rid" -p:PublishAot=true -o "$out" -nologo -clp:NoSummary
}

publish appliance/Ferry.Appliance
publish client/Ferry.Cli

# Debug symbols go beside, not inside, what ships.
find "$out" -maxdepth 1 \( -name '*.dbg' -o -name '*.pdb' \) -exec mv {} "$symbols/" \;

echo "== built into $out"
ls -la "$out"
"$out/ferryd" version

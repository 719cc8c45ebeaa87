#!/usr/bin/env bash
# Installs what is missing, then runs exactly the README's command: dotnet run --project Ssmd.AppHost
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-prerequisites.sh
exec dotnet run --project Ssmd.AppHost "$@"

#!/bin/sh
# Regenerates the committed C# for schemas/ssmd.capnp (libs/Ssmd.Normalized/Generated) and for the
# runtime's test schema (tests/Ssmd.Capnp.Tests/Generated). Needs capnp (Debian capnproto).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release "$root/tools/Ssmd.Capnp.Generator/Ssmd.Capnp.Generator.csproj" >/dev/null
plugin="$root/tools/Ssmd.Capnp.Generator/capnpc-csharp"
cd "$root"
rm -f libs/Ssmd.Normalized/Generated/*.g.cs tests/Ssmd.Capnp.Tests/Generated/*.g.cs
mkdir -p libs/Ssmd.Normalized/Generated tests/Ssmd.Capnp.Tests/Generated
SSMD_CAPNP_NAMESPACE=Ssmd.Normalized capnp compile --src-prefix=schemas -o "$plugin:libs/Ssmd.Normalized/Generated" schemas/ssmd.capnp
SSMD_CAPNP_NAMESPACE=Ssmd.Capnp.Tests.Schema capnp compile --src-prefix=tests/Ssmd.Capnp.Tests/Schema -o "$plugin:tests/Ssmd.Capnp.Tests/Generated" tests/Ssmd.Capnp.Tests/Schema/test.capnp

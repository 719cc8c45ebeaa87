using Ssmd.Capnp.Generator;

// Two ways in:
//   as a capnp plugin (no arguments): `capnp compile -o tools/Ssmd.Capnp.Generator/capnpc-csharp:OUTDIR schema.capnp`
//     pipes the CodeGeneratorRequest to stdin and runs this in OUTDIR; the namespace comes from
//     SSMD_CAPNP_NAMESPACE (default Ssmd.Normalized).
//   directly: `Ssmd.Capnp.Generator --request request.bin --out DIR --namespace NS`, with the request
//     from `capnp compile -o- schema.capnp > request.bin`.
string? requestPath = null;
string outDir = Directory.GetCurrentDirectory();
string ns = Environment.GetEnvironmentVariable("SSMD_CAPNP_NAMESPACE") is { Length: > 0 } fromEnv ? fromEnv : "Ssmd.Normalized";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--request":
            requestPath = args[i + 1];
            break;
        case "--out":
            outDir = args[i + 1];
            break;
        case "--namespace":
            ns = args[i + 1];
            break;
        default:
            await Console.Error.WriteLineAsync($"Unknown option {args[i]}; expected --request, --out or --namespace.");
            return 2;
    }
}

byte[] request;
if (requestPath is null)
{
    using var stdin = Console.OpenStandardInput();
    using var buffer = new MemoryStream();
    await stdin.CopyToAsync(buffer);
    request = buffer.ToArray();
}
else
{
    request = await File.ReadAllBytesAsync(requestPath);
}

try
{
    Directory.CreateDirectory(outDir);
    foreach (GeneratedFile file in CodeGenerator.Generate(request, ns))
    {
        await File.WriteAllTextAsync(Path.Combine(outDir, file.Name), file.Content);
    }

    return 0;
}
catch (Exception e) when (e is GeneratorException or Ssmd.Capnp.CapnpFormatException)
{
    await Console.Error.WriteLineAsync($"Ssmd.Capnp.Generator: {e.Message}");
    return 1;
}

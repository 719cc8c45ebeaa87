using System.Diagnostics;
using Ssmd.Capnp.Generator;
using Ssmd.Capnp.Tests.Support;

namespace Ssmd.Capnp.Tests;

/// <summary>The committed generated C# is exactly what the generator makes from the schemas today.</summary>
public sealed class GeneratorTests
{
    public static TheoryData<string, string, string> Schemas => new()
    {
        { "schemas/ssmd.capnp", "libs/Ssmd.Normalized/Generated", "Ssmd.Normalized" },
        { "tests/Ssmd.Capnp.Tests/Schema/test.capnp", "tests/Ssmd.Capnp.Tests/Generated", "Ssmd.Capnp.Tests.Schema" },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void The_committed_generated_code_matches_a_fresh_generation(string schema, string folder, string @namespace)
    {
        byte[] request = CapnpTool.CodeGeneratorRequest(Path.Combine(Repository.Root, schema));

        IReadOnlyList<GeneratedFile> files = CodeGenerator.Generate(request, @namespace);

        string committed = Path.Combine(Repository.Root, folder);
        Assert.Equal(
            Directory.GetFiles(committed, "*.g.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            files.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (GeneratedFile file in files)
        {
            string onDisk = File.ReadAllText(Path.Combine(committed, file.Name));
            Assert.True(onDisk == file.Content, $"{folder}/{file.Name} differs from a fresh generation: run tools/Ssmd.Capnp.Generator/generate.sh.");
        }
    }

    // capnp and its plugins run on Linux here (Debian capnproto); the wrapper script needs a Unix file mode.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_generator_works_as_a_capnp_compile_plugin()
    {
        string folder = Directory.CreateTempSubdirectory("ssmd-capnpc-").FullName;
        try
        {
            string plugin = Path.Combine(folder, "capnpc-test");
            string dll = Path.Combine(AppContext.BaseDirectory, "Ssmd.Capnp.Generator.dll");
            File.WriteAllText(plugin, $"#!/bin/sh\nexec dotnet \"{dll}\"\n");
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string output = Path.Combine(folder, "out");
            Directory.CreateDirectory(output);

            var start = new ProcessStartInfo("capnp") { RedirectStandardError = true, WorkingDirectory = Repository.Root };
            foreach (string argument in new[] { "compile", "--src-prefix=schemas", $"-o{plugin}:{output}", "schemas/ssmd.capnp" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["SSMD_CAPNP_NAMESPACE"] = "Ssmd.Normalized";
            using Process process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "capnp compile did not finish in 60 s.");
            Assert.True(process.ExitCode == 0, errors);

            string expected = File.ReadAllText(Path.Combine(Repository.Root, "libs/Ssmd.Normalized/Generated/Trade.g.cs"));
            Assert.Equal(expected, File.ReadAllText(Path.Combine(output, "Trade.g.cs")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_schema_with_an_interface_is_refused_with_a_clear_message()
    {
        string folder = Directory.CreateTempSubdirectory("ssmd-capnp-iface-").FullName;
        try
        {
            string schema = Path.Combine(folder, "iface.capnp");
            File.WriteAllText(schema, "@0xd0eca3aa8e606f6d;\ninterface Calculator { add @0 (a :Int32) -> (b :Int32); }\n");

            var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(CapnpTool.CodeGeneratorRequest(schema), "X"));

            Assert.Contains("interfaces are not supported", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

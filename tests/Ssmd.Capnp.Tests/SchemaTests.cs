using System.Diagnostics;
using Ssmd.Capnp.Generator.Schema;
using Ssmd.Capnp.Tests.Support;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// The rules schemas/README.md sets for schemas/ssmd.capnp: every type, field and enumerant carries a
/// doc comment, and the schema only evolves by appending — checked against the committed layout
/// baseline schemas/ssmd.layout.txt (and every earlier committed version of it), which the reference
/// compiler's own layout must keep.
/// </summary>
public sealed class SchemaTests
{
    private static string Baseline => Path.Combine(Repository.Root, "schemas", "ssmd.layout.txt");

    [Fact]
    public void Every_type_field_and_enumerant_of_the_normalized_schema_has_a_doc_comment()
    {
        IReadOnlyList<string> undocumented = Undocumented(CapnpTool.CodeGeneratorRequest(Repository.NormalizedSchema), out int documented);

        Assert.Empty(undocumented);
        Assert.True(documented >= 100, $"Only {documented} doc comments were checked: the check missed most of the schema.");
    }

    [Fact]
    public void The_doc_comment_check_names_an_undocumented_type_field_and_enumerant()
    {
        string schema = TempSchema(
            "@0xd0eca3aa8e606f6e;\nenum E {\n  # Doc.\n  a @0;  # Doc.\n  b @1;\n}\nstruct S {\n  x @0 :Int32;  # Doc.\n  y @1 :Int32;\n  g :group {  # Doc.\n    z @2 :Int32;\n  }\n}\n");
        try
        {
            IReadOnlyList<string> undocumented = Undocumented(CapnpTool.CodeGeneratorRequest(schema), out _);

            Assert.Equal(["E.b", "S", "S.g.z", "S.y"], undocumented.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(schema)!, recursive: true);
        }
    }

    [Fact]
    public void The_committed_layout_baseline_lists_exactly_the_schema_as_the_reference_compiler_lays_it_out()
    {
        IReadOnlyList<LayoutEntry> current = SchemaLayout.Parse(CapnpTool.Layout(Repository.NormalizedSchema));
        IReadOnlyList<LayoutEntry> baseline = SchemaLayout.ReadBaseline(File.ReadAllText(Baseline));

        Assert.Empty(SchemaLayout.Breaks(baseline, current));
        string[] missing = [.. current.Where(e => !baseline.Any(b => b.Key == e.Key)).Select(e => e.ToString())];
        Assert.True(
            missing.Length == 0,
            $"schemas/ssmd.layout.txt lacks what was appended to the schema; append these lines to it:\n{string.Join('\n', missing)}");
        Assert.Equal(current.Select(e => e.ToString()), baseline.Select(e => e.ToString()));
    }

    [Fact]
    public void The_schema_keeps_every_field_of_every_committed_version_of_the_layout_baseline()
    {
        IReadOnlyList<LayoutEntry> current = SchemaLayout.Parse(CapnpTool.Layout(Repository.NormalizedSchema));

        // Rewriting the baseline along with a breaking change would hide it: its history is checked too
        // (when the tests run in a git clone; the committed file alone otherwise).
        var versions = new List<(string Name, string Text)> { ("the working copy", File.ReadAllText(Baseline)) };
        foreach (string commit in Git("log", "--format=%H", "--", "schemas/ssmd.layout.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            versions.Add(($"commit {commit}", Git("show", $"{commit}:schemas/ssmd.layout.txt")));
        }

        foreach ((string name, string text) in versions)
        {
            IReadOnlyList<string> breaks = SchemaLayout.Breaks(SchemaLayout.ReadBaseline(text), current);
            Assert.True(breaks.Count == 0, $"The schema breaks the layout baseline of {name}:\n{string.Join('\n', breaks)}");
        }
    }

    [Fact]
    public void The_layout_check_catches_a_retyped_field_swapped_ordinals_a_reused_ordinal_and_a_removed_enumerant()
    {
        string schema = File.ReadAllText(Repository.NormalizedSchema);
        IReadOnlyList<LayoutEntry> baseline = SchemaLayout.Parse(CapnpTool.Layout(Repository.NormalizedSchema));
        (string Change, string From, string To, string Broken)[] changes =
        [
            ("retyped", "  price @5 :Int64;           # YES price", "  price @5 :Int32;           # YES price", "Trade.price changed"),
            ("swapped", "  price @0 :Int64;  # YES-terms price, 0.0001 dollar units.\n  size @1 :Int64; ",
                "  price @1 :Int64;  # YES-terms price, 0.0001 dollar units.\n  size @0 :Int64; ", "Level.price changed"),
            ("reused", "  isBlockTrade @8 :Bool; ", "  blockTradeId @8 :Text; ", "Trade.isBlockTrade (@8 :Bool  bits[336, 337)) is gone"),
            ("removed", "  dataLoss @10; ", "  # dataLoss @10; ", "LifecycleEvent.dataLoss (@10) is gone"),
        ];
        foreach ((string change, string from, string to, string broken) in changes)
        {
            Assert.Contains(from, schema, StringComparison.Ordinal);
            string changed = TempSchema(schema.Replace(from, to, StringComparison.Ordinal), "ssmd.capnp");
            try
            {
                IReadOnlyList<string> breaks = SchemaLayout.Breaks(baseline, SchemaLayout.Parse(CapnpTool.Layout(changed)));

                Assert.True(breaks.Any(b => b.StartsWith(broken, StringComparison.Ordinal)), $"{change}: {string.Join(" | ", breaks)}");
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(changed)!, recursive: true);
            }
        }
    }

    /// <summary>The structs, enums, groups, fields and enumerants of the requested file without a doc comment, as dotted names.</summary>
    private static IReadOnlyList<string> Undocumented(byte[] request, out int documented)
    {
        var root = new CodeGeneratorRequestReader(MessageReader.Read(request).GetRoot());
        var docs = new Dictionary<ulong, SourceInfoReader>();
        foreach (SourceInfoReader info in root.SourceInfo)
        {
            docs[info.Id] = info;
        }

        var missing = new List<string>();
        int count = 0;
        foreach (NodeReader node in root.Nodes)
        {
            if (node.Which is not (NodeReader.Struct or NodeReader.Enum))
            {
                continue;
            }

            string name = node.DisplayName[(node.DisplayName.IndexOf(':', StringComparison.Ordinal) + 1)..];
            bool hasInfo = docs.TryGetValue(node.Id, out SourceInfoReader info);
            IReadOnlyList<string> memberDocs = hasInfo ? info.MemberDocComments : [];

            // A group's own comment is its field's, checked as a member of the enclosing struct.
            if (!(node.Which == NodeReader.Struct && node.IsGroup))
            {
                Count(name, hasInfo ? info.DocComment : "");
            }

            string[] members = node.Which == NodeReader.Struct
                ? [.. Names(node.Fields, f => f.Name)]
                : [.. Names(node.Enumerants, e => e.Name)];
            for (int i = 0; i < members.Length; i++)
            {
                Count($"{name}.{members[i]}", i < memberDocs.Count ? memberDocs[i] : "");
            }
        }

        documented = count;
        return missing;

        void Count(string name, string doc)
        {
            if (string.IsNullOrWhiteSpace(doc))
            {
                missing.Add(name);
            }
            else
            {
                count++;
            }
        }

        static IEnumerable<string> Names<T>(StructList<T> list, Func<T, string> name)
            where T : struct, IStructReader<T>
        {
            var names = new List<string>(list.Count);
            foreach (T item in list)
            {
                names.Add(name(item));
            }

            return names;
        }
    }

    private static string TempSchema(string text, string name = "doc.capnp")
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("ssmd-schema-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>git in the repository; empty when git or the history is not there.</summary>
    private static string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            return process.WaitForExit(TimeSpan.FromSeconds(30)) && process.ExitCode == 0 ? output.Result : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}

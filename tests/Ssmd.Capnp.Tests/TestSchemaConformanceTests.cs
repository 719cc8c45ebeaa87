using Ssmd.Capnp.Tests.Schema;
using Ssmd.Capnp.Tests.Support;

namespace Ssmd.Capnp.Tests;

/// <summary>
/// The runtime's whole feature set against the reference tool, through Schema/test.capnp: every
/// primitive type, floats at their edges, Text, Data, nested structs, enums, lists of every element
/// kind, unions, groups, nested types and default values.
/// </summary>
public sealed class TestSchemaConformanceTests
{
    private const string EveryField =
        "(boolField = true, int8Field = -128, int16Field = -32768, int32Field = -2147483648, int64Field = -9223372036854775808, " +
        "uInt8Field = 255, uInt16Field = 65535, uInt32Field = 4294967295, uInt64Field = 18446744073709551615, " +
        "float32Field = 3.4028235e38, float64Field = -1.7976931348623157e308, textField = \"héllo 😀\", dataField = \"a\\000\\377\", " +
        "structField = (int32Field = 7, textField = \"inner\", structField = (int64Field = 8)), enumField = blue, " +
        "boolList = [true, false, true, true, false, false, false, false, true], int8List = [-1, 2], int16List = [-300, 300], " +
        "int32List = [-70000, 70000], int64List = [-5000000000, 5000000000], uInt8List = [0, 255], uInt16List = [65535], " +
        "uInt32List = [4000000000], uInt64List = [18446744073709551615, 0], float32List = [0.5, -inf, inf], " +
        "float64List = [0.1, 5e-324, nan], textList = [\"a\", \"\", \"ü\"], dataList = [\"x\", \"\"], " +
        "structList = [(int8Field = 1), (textField = \"two\"), ()], enumList = [red, green, blue])";

    [Fact]
    public void A_message_with_every_field_encoded_by_capnp_reads_back_exactly()
    {
        AllTypes.Reader all = AllTypes.ReadRoot(MessageReader.Read(CapnpTool.Encode(Repository.TestSchema, "AllTypes", [EveryField])));

        Assert.True(all.BoolField);
        Assert.Equal((sbyte.MinValue, short.MinValue, int.MinValue, long.MinValue), (all.Int8Field, all.Int16Field, all.Int32Field, all.Int64Field));
        Assert.Equal((byte.MaxValue, ushort.MaxValue, uint.MaxValue, ulong.MaxValue), (all.UInt8Field, all.UInt16Field, all.UInt32Field, all.UInt64Field));
        Assert.Equal(float.MaxValue, all.Float32Field);
        Assert.Equal(-double.MaxValue, all.Float64Field);
        Assert.Equal("héllo 😀", all.TextField.ToString());
        Assert.Equal(new byte[] { (byte)'a', 0, 255 }, all.DataField.ToArray());
        Assert.Equal(7, all.StructField.Int32Field);
        Assert.Equal("inner", all.StructField.TextField.ToString());
        Assert.Equal(8, all.StructField.StructField.Int64Field);
        Assert.Equal(Color.Blue, all.EnumField);
        Assert.Equal([true, false, true, true, false, false, false, false, true], Enumerable.Range(0, all.BoolList.Count).Select(i => all.BoolList[i]));
        Assert.Equal(new sbyte[] { -1, 2 }, ToArray(all.Int8List));
        Assert.Equal(new short[] { -300, 300 }, ToArray(all.Int16List));
        Assert.Equal(new[] { -70000, 70000 }, ToArray(all.Int32List));
        Assert.Equal(new[] { -5000000000L, 5000000000L }, ToArray(all.Int64List));
        Assert.Equal(new byte[] { 0, 255 }, ToArray(all.UInt8List));
        Assert.Equal(new ushort[] { 65535 }, ToArray(all.UInt16List));
        Assert.Equal(new uint[] { 4000000000 }, ToArray(all.UInt32List));
        Assert.Equal(new ulong[] { ulong.MaxValue, 0 }, ToArray(all.UInt64List));
        Assert.Equal(new[] { 0.5f, float.NegativeInfinity, float.PositiveInfinity }, ToArray(all.Float32List));
        Assert.Equal(0.1, all.Float64List[0]);
        Assert.Equal(double.Epsilon, all.Float64List[1]);
        Assert.True(double.IsNaN(all.Float64List[2]));
        Assert.Equal(["a", "", "ü"], Enumerable.Range(0, all.TextList.Count).Select(i => all.TextList[i].ToString()));
        Assert.Equal(2, all.DataList.Count);
        Assert.Equal("x"u8.ToArray(), all.DataList[0].ToArray());
        Assert.True(all.DataList[1].IsEmpty);
        Assert.Equal(3, all.StructList.Count);
        Assert.Equal(1, all.StructList[0].Int8Field);
        Assert.Equal("two", all.StructList[1].TextField.ToString());
        Assert.False(all.StructList[2].HasTextField);
        Assert.Equal(new[] { Color.Red, Color.Green, Color.Blue }, ToArray(all.EnumList));
    }

    [Fact]
    public void A_message_with_every_field_built_in_csharp_survives_capnp_decode_and_encode_unchanged()
    {
        var builder = new MessageBuilder(firstSegmentWords: 8);
        AllTypes.Builder all = AllTypes.InitRoot(builder);
        all.BoolField = true;
        all.Int8Field = sbyte.MinValue;
        all.Int16Field = short.MinValue;
        all.Int32Field = int.MinValue;
        all.Int64Field = long.MinValue;
        all.UInt8Field = byte.MaxValue;
        all.UInt16Field = ushort.MaxValue;
        all.UInt32Field = uint.MaxValue;
        all.UInt64Field = ulong.MaxValue;
        all.Float32Field = float.MaxValue;
        all.Float64Field = -double.MaxValue;
        all.SetTextField("héllo 😀");
        all.SetDataField([(byte)'a', 0, 255]);
        AllTypes.Builder inner = all.InitStructField();
        inner.Int32Field = 7;
        inner.SetTextField("inner"u8);
        inner.InitStructField().Int64Field = 8;
        all.EnumField = Color.Blue;
        BoolListBuilder bools = all.InitBoolList(9);
        bools[0] = bools[2] = bools[3] = bools[8] = true;
        ((ReadOnlySpan<sbyte>)[-1, 2]).CopyTo(all.InitInt8List(2).Span);
        ((ReadOnlySpan<short>)[-300, 300]).CopyTo(all.InitInt16List(2).Span);
        ((ReadOnlySpan<int>)[-70000, 70000]).CopyTo(all.InitInt32List(2).Span);
        ((ReadOnlySpan<long>)[-5000000000, 5000000000]).CopyTo(all.InitInt64List(2).Span);
        ((ReadOnlySpan<byte>)[0, 255]).CopyTo(all.InitUInt8List(2).Span);
        all.InitUInt16List(1)[0] = 65535;
        all.InitUInt32List(1)[0] = 4000000000;
        ((ReadOnlySpan<ulong>)[ulong.MaxValue, 0]).CopyTo(all.InitUInt64List(2).Span);
        ((ReadOnlySpan<float>)[0.5f, float.NegativeInfinity, float.PositiveInfinity]).CopyTo(all.InitFloat32List(3).Span);
        ((ReadOnlySpan<double>)[0.1, double.Epsilon, double.NaN]).CopyTo(all.InitFloat64List(3).Span);
        PointerListBuilder texts = all.InitTextList(3);
        texts.SetText(0, "a");
        texts.SetText(1, "");
        texts.SetText(2, "ü");
        PointerListBuilder datas = all.InitDataList(2);
        datas.SetData(0, "x"u8);
        datas.SetData(1, []);
        StructListBuilder<AllTypes.Builder> structs = all.InitStructList(3);
        AllTypes.Builder first = structs[0];
        first.Int8Field = 1;
        structs[1].SetTextField("two");
        ((ReadOnlySpan<Color>)[Color.Red, Color.Green, Color.Blue]).CopyTo(all.InitEnumList(3).Span);
        Assert.True(builder.SegmentCount > 1);

        // The reference tool prints what C# built; re-encoding that text gives the canonical message.
        string decoded = Assert.Single(CapnpTool.Decode(Repository.TestSchema, "AllTypes", builder.ToArray()));
        string expected = Assert.Single(CapnpTool.Decode(Repository.TestSchema, "AllTypes", CapnpTool.Encode(Repository.TestSchema, "AllTypes", [EveryField])));
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void Empty_lists_of_every_element_kind_match_the_reference_tool_both_ways()
    {
        const string Empty =
            "(boolList = [], int8List = [], int16List = [], int32List = [], int64List = [], uInt8List = [], uInt16List = [], uInt32List = [], " +
            "uInt64List = [], float32List = [], float64List = [], textList = [], dataList = [], structList = [], enumList = [], textField = \"\", dataField = \"\")";

        AllTypes.Reader read = AllTypes.ReadRoot(MessageReader.Read(CapnpTool.Encode(Repository.TestSchema, "AllTypes", [Empty])));
        Assert.All(
            [read.HasBoolList, read.HasInt8List, read.HasInt16List, read.HasInt32List, read.HasInt64List, read.HasUInt8List, read.HasUInt16List, read.HasUInt32List,
                read.HasUInt64List, read.HasFloat32List, read.HasFloat64List, read.HasTextList, read.HasDataList, read.HasStructList, read.HasEnumList, read.HasTextField, read.HasDataField],
            Assert.True);
        Assert.All(
            [read.BoolList.Count, read.Int8List.Count, read.Int16List.Count, read.Int32List.Count, read.Int64List.Count, read.UInt8List.Count, read.UInt16List.Count,
                read.UInt32List.Count, read.UInt64List.Count, read.Float32List.Count, read.Float64List.Count, read.TextList.Count, read.DataList.Count, read.StructList.Count,
                read.EnumList.Count, read.TextField.Length, read.DataField.Length],
            count => Assert.Equal(0, count));

        var builder = new MessageBuilder(firstSegmentWords: 1);
        AllTypes.Builder all = AllTypes.InitRoot(builder);
        all.InitBoolList(0);
        all.InitInt8List(0);
        all.InitInt16List(0);
        all.InitInt32List(0);
        all.InitInt64List(0);
        all.InitUInt8List(0);
        all.InitUInt16List(0);
        all.InitUInt32List(0);
        all.InitUInt64List(0);
        all.InitFloat32List(0);
        all.InitFloat64List(0);
        all.InitTextList(0);
        all.InitDataList(0);
        all.InitStructList(0);
        all.InitEnumList(0);
        all.SetTextField("");
        all.SetDataField([]);
        Assert.Equal(
            CapnpTool.Decode(Repository.TestSchema, "AllTypes", CapnpTool.Encode(Repository.TestSchema, "AllTypes", [Empty])),
            CapnpTool.Decode(Repository.TestSchema, "AllTypes", builder.ToArray()));
    }

    [Fact]
    public void Unset_fields_read_as_their_schema_defaults_in_csharp_and_in_capnp()
    {
        var builder = new MessageBuilder();
        Defaults.Builder written = Defaults.InitRoot(builder);
        Assert.Equal(-123456789012345, written.Int64Field);

        Defaults.Reader read = Defaults.ReadRoot(MessageReader.Read(builder.ToArray()));
        Assert.True(read.BoolField);
        Assert.Equal((-123, -12345, -12345678, -123456789012345L), (read.Int8Field, read.Int16Field, read.Int32Field, read.Int64Field));
        Assert.Equal((234, 45678, 3456789012U, 12345678901234567890UL), (read.UInt8Field, read.UInt16Field, read.UInt32Field, read.UInt64Field));
        Assert.Equal((1234.5f, -123e45), (read.Float32Field, read.Float64Field));
        Assert.Equal("foo", read.TextField.ToString());
        Assert.Equal("bar"u8.ToArray(), read.DataField.ToArray());
        Assert.Equal(Color.Blue, read.EnumField);

        string text = Assert.Single(CapnpTool.Decode(Repository.TestSchema, "Defaults", builder.ToArray()));
        Assert.Equal(
            "(boolField = true, int8Field = -123, int16Field = -12345, int32Field = -12345678, int64Field = -123456789012345, uInt8Field = 234, " +
            "uInt16Field = 45678, uInt32Field = 3456789012, uInt64Field = 12345678901234567890, float32Field = 1234.5, float64Field = -1.23e47, enumField = blue)",
            text);
    }

    [Fact]
    public void Fields_set_to_values_other_than_their_defaults_round_trip_through_capnp()
    {
        var builder = new MessageBuilder();
        Defaults.Builder d = Defaults.InitRoot(builder);
        d.BoolField = false;
        d.Int8Field = 0;
        d.Int64Field = 5;
        d.Float64Field = 0;
        d.EnumField = Color.Red;
        d.SetTextField("");

        string text = Assert.Single(CapnpTool.Decode(Repository.TestSchema, "Defaults", builder.ToArray()));
        Assert.StartsWith("(boolField = false, int8Field = 0, int16Field = -12345, int32Field = -12345678, int64Field = 5,", text, StringComparison.Ordinal);
        Assert.Contains("float64Field = 0, textField = \"\", enumField = red)", text, StringComparison.Ordinal);

        Defaults.Reader read = Defaults.ReadRoot(MessageReader.Read(CapnpTool.Encode(Repository.TestSchema, "Defaults", [text])));
        Assert.Equal((false, (sbyte)0, 5L, 0.0, Color.Red, ""), (read.BoolField, read.Int8Field, read.Int64Field, read.Float64Field, read.EnumField, read.TextField.ToString()));
    }

    [Fact]
    public void Unions_groups_and_nested_types_match_the_reference_tool()
    {
        string[] texts =
        [
            "(name = \"c\", circle = 2.5, position = (x = 1, y = -2))",
            "(rectangle = (width = 3, height = 4), position = (x = 0, y = 0))",
            "(empty = void, position = (x = 0, y = 0))",
            "(label = \"lbl\", position = (x = 0, y = 0))",
            "(inner = (value = 9, tags = [\"t1\", \"t2\"]), position = (x = 0, y = 0))",
        ];
        var builder = new MessageBuilder();
        using var stream = new MemoryStream();
        var writer = new CapnpStreamWriter(stream);

        Shapes.Builder s = Shapes.InitRoot(builder);
        s.SetName("c");
        s.Circle = 2.5;
        Shapes.Position.Builder position = s.Position;
        position.X = 1;
        position.Y = -2;
        writer.Write(builder);

        builder.Reset();
        Shapes.Rectangle.Builder rectangle = Shapes.InitRoot(builder).InitRectangle();
        rectangle.Width = 3;
        rectangle.Height = 4;
        writer.Write(builder);

        builder.Reset();
        Shapes.InitRoot(builder).SetEmpty();
        writer.Write(builder);

        builder.Reset();
        Shapes.InitRoot(builder).SetLabel("lbl");
        writer.Write(builder);

        builder.Reset();
        Shapes.Inner.Builder inner = Shapes.InitRoot(builder).InitInner();
        inner.Value = 9;
        PointerListBuilder tags = inner.InitTags(2);
        tags.SetText(0, "t1");
        tags.SetText(1, "t2");
        writer.Write(builder);

        Assert.Equal(texts, CapnpTool.Decode(Repository.TestSchema, "Shapes", stream.ToArray()));

        var reader = new CapnpStreamReader(new MemoryStream(CapnpTool.Encode(Repository.TestSchema, "Shapes", texts)));
        Assert.True(reader.Read());
        Shapes.Reader circle = Shapes.ReadRoot(reader.Message);
        Assert.Equal((Shapes.Which.Circle, 2.5, "c", 1, -2), (circle.Which, circle.Circle, circle.Name.ToString(), circle.Position.X, circle.Position.Y));
        Assert.True(reader.Read());
        Shapes.Reader rect = Shapes.ReadRoot(reader.Message);
        Assert.Equal((Shapes.Which.Rectangle, 3.0, 4.0), (rect.Which, rect.Rectangle.Width, rect.Rectangle.Height));
        Assert.True(reader.Read());
        Assert.Equal(Shapes.Which.Empty, Shapes.ReadRoot(reader.Message).Which);
        Assert.True(reader.Read());
        Shapes.Reader label = Shapes.ReadRoot(reader.Message);
        Assert.Equal((Shapes.Which.Label, "lbl"), (label.Which, label.Label.ToString()));
        Assert.False(label.HasInner);
        Assert.Equal(0U, label.Inner.Value); // another member's pointer is never reinterpreted
        Assert.True(reader.Read());
        Shapes.Reader withInner = Shapes.ReadRoot(reader.Message);
        Assert.Equal((Shapes.Which.Inner, 9U, 2, "t2"), (withInner.Which, withInner.Inner.Value, withInner.Inner.Tags.Count, withInner.Inner.Tags[1].ToString()));
        Assert.False(reader.Read());
    }

    private static T[] ToArray<T>(PrimitiveList<T> list)
        where T : unmanaged
    {
        var items = new T[list.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = list[i];
        }

        return items;
    }
}

# A schema that exercises every construct the runtime and generator support, for the tests.
@0xea819c0beafadc5a;

enum Color {
  # A small enum.
  red @0;    # Red.
  green @1;  # Green.
  blue @2;   # Blue.
}

struct AllTypes {
  # A struct with one field of every primitive type, pointers of every kind, and defaults.
  boolField @0 :Bool;
  int8Field @1 :Int8;
  int16Field @2 :Int16;
  int32Field @3 :Int32;
  int64Field @4 :Int64;
  uInt8Field @5 :UInt8;
  uInt16Field @6 :UInt16;
  uInt32Field @7 :UInt32;
  uInt64Field @8 :UInt64;
  float32Field @9 :Float32;
  float64Field @10 :Float64;
  textField @11 :Text;
  dataField @12 :Data;
  structField @13 :AllTypes;
  enumField @14 :Color;
  boolList @15 :List(Bool);
  int8List @16 :List(Int8);
  int16List @17 :List(Int16);
  int32List @18 :List(Int32);
  int64List @19 :List(Int64);
  uInt8List @20 :List(UInt8);
  uInt16List @21 :List(UInt16);
  uInt32List @22 :List(UInt32);
  uInt64List @23 :List(UInt64);
  float32List @24 :List(Float32);
  float64List @25 :List(Float64);
  textList @26 :List(Text);
  dataList @27 :List(Data);
  structList @28 :List(AllTypes);
  enumList @29 :List(Color);
}

struct Defaults {
  # Fields with non-zero defaults: a zeroed message reads as these values.
  boolField @0 :Bool = true;
  int8Field @1 :Int8 = -123;
  int16Field @2 :Int16 = -12345;
  int32Field @3 :Int32 = -12345678;
  int64Field @4 :Int64 = -123456789012345;
  uInt8Field @5 :UInt8 = 234;
  uInt16Field @6 :UInt16 = 45678;
  uInt32Field @7 :UInt32 = 3456789012;
  uInt64Field @8 :UInt64 = 12345678901234567890;
  float32Field @9 :Float32 = 1234.5;
  float64Field @10 :Float64 = -123e45;
  textField @11 :Text = "foo";
  dataField @12 :Data = 0x"62 61 72";
  enumField @13 :Color = blue;
}

struct Shapes {
  # Unions, groups and a nested type.
  name @0 :Text;  # A name outside the union.
  union {
    circle @1 :Float64;  # Radius.
    rectangle :group {   # Width and height.
      width @2 :Float64;
      height @3 :Float64;
    }
    empty @4 :Void;      # Nothing.
    label @5 :Text;      # A text member.
    inner @6 :Inner;     # A struct member.
  }
  position :group {      # A group outside the union.
    x @7 :Int32;
    y @8 :Int32;
  }

  struct Inner {
    # A struct declared inside another.
    value @0 :UInt32;  # A value.
    tags @1 :List(Text);  # Tags.
  }
}

[assembly: CaptureConsole]
[assembly: AssemblyFixture(typeof(Ssmd.Testing.S3rverFixture))]

using System.Runtime.Versioning;
using Ssmd.Testing;

// One server of each kind for the whole run of this assembly; tests keep apart by unique names.
[assembly: AssemblyFixture(typeof(NatsServerFixture))]
[assembly: AssemblyFixture(typeof(PostgresServerFixture))]
[assembly: AssemblyFixture(typeof(S3rverFixture))]

// The servers, setpriv and /proc are Linux's.
[assembly: SupportedOSPlatform("linux")]

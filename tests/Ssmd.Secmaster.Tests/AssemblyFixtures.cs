using Ssmd.Testing;

[assembly: AssemblyFixture(typeof(PostgresServerFixture))]
[assembly: AssemblyFixture(typeof(NatsServerFixture))]

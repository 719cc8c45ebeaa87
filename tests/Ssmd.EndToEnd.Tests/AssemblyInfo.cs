// Each test runs the whole system (simulator, connector, nats-server, archiver, gateway) on a 2-core
// budget: one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
[assembly: CaptureConsole]

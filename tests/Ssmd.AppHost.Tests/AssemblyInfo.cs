// These tests start whole process trees and assert, by process id, that nothing outlives them:
// running them one at a time keeps each test's processes its own.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

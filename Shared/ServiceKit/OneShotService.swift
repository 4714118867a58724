import ServiceLifecycle

/// Runs a piece of work that ends on its own (e.g. `DatabaseBootstrap`), then stays until the
/// group shuts down.
///
/// A `ServiceGroup` shutting down signals its services one by one, in reverse order, and treats any
/// other service that returns meanwhile as `serviceFinishedUnexpectedly` — whatever its
/// `successTerminationBehavior`. A bootstrap finishing during a shutdown that came within a second
/// of the start would make the process exit 1; parked here, it ends only when its turn comes.
struct OneShotService<Work: Service>: Service {
    let work: Work

    func run() async throws {
        try await work.run()
        try? await gracefulShutdown()
    }
}

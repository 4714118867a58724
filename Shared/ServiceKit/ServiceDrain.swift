import ServiceLifecycle
import Synchronization

/// Whether the process is draining: set when graceful shutdown (SIGTERM) begins, so `/readyz`
/// answers 503 and Kubernetes stops routing to the pod while in-flight work finishes.
///
/// Run last in the service group: the group shuts services down in reverse start order, so this
/// one hears the shutdown first, before the RPC server and the HTTP port stop.
public final class ServiceDrain: Service, Sendable {
    private let draining = Atomic<Bool>(false)
    /// How long to keep serving after the flag is set, before the services started before this one
    /// are told to stop: the time a load balancer needs to see the 503 and route elsewhere.
    let delay: Duration

    public init(delay: Duration = .zero) { self.delay = delay }

    public var isDraining: Bool { draining.load(ordering: .acquiring) }

    /// Marks the process as draining (graceful shutdown has begun).
    public func begin() { draining.store(true, ordering: .releasing) }

    public func run() async throws {
        try? await gracefulShutdown()
        begin()
        if delay > .zero { try? await Task.sleep(for: delay) }
    }
}

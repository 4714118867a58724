import ServiceLifecycle
import Synchronization

/// Whether the process is draining: set when graceful shutdown (SIGTERM) begins, so `/readyz`
/// answers 503 and Kubernetes stops routing to the pod while in-flight work finishes.
///
/// Run last in the service group: the group shuts services down in reverse start order, so this
/// one hears the shutdown first, before the RPC server and the HTTP port stop.
public final class ServiceDrain: Service, Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { draining.load(ordering: .acquiring) }

    /// Marks the process as draining (graceful shutdown has begun).
    public func begin() { draining.store(true, ordering: .releasing) }

    public func run() async throws {
        try? await gracefulShutdown()
        begin()
    }
}

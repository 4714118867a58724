import Synchronization

/// Which subjects the fake loyalty of `GatewayTestHarness` no longer lets read a store (a cashier
/// removed by an admin).
final class FakeAccess: Sendable {
    private let revoked = Mutex<Set<String>>([])

    func revoke(_ subject: String) { revoked.withLock { _ = $0.insert(subject) } }

    func isRevoked(_ subject: String) -> Bool { revoked.withLock { $0.contains(subject) } }
}

import Synchronization

/// The agent's HTTP port once it listens (0 before), set from the server's `onServerRunning`.
final class BoundPort: Sendable {
    let value = Mutex(0)
}

import ServiceLifecycle

/// Idle waits of the agent's service loops, cut short by graceful shutdown or cancellation.
enum Pause {
    /// The service should stop: SIGTERM/SIGINT (graceful shutdown) or cancellation of the group.
    static var shouldStop: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    /// Sleeps for `duration`; `false` when the service should stop instead of doing another round.
    static func sleep(_ duration: Duration) async -> Bool {
        if shouldStop { return false }
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
        return !shouldStop
    }
}

import Synchronization

/// The runs a ticker dispatched and has not finished recording, so shutdown can wait for them.
final class InFlightRuns: Sendable {
    private let count = Mutex(0)

    /// Runs `work` in its own task, counted until it ends.
    func start(_ work: @escaping @Sendable () async -> Void) {
        count.withLock { $0 += 1 }
        Task {
            await work()
            self.count.withLock { $0 -= 1 }
        }
    }

    var isEmpty: Bool { count.withLock { $0 == 0 } }

    /// Returns once every started run ended (polling every 50 ms).
    func drain() async {
        while !isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
    }
}

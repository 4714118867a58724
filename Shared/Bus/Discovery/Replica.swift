/// One address of a service and the socket that reaches it, with what its callers learned of it.
final class Replica: Sendable {
    let url: String
    let requester: Requester
    private let health = Locked(Health())

    private struct Health {
        /// Failures in a row (attempts that timed out or lost their connection, sends that found no peer).
        var failures = 0
        /// Not picked before this, unless no other replica is left.
        var avoidUntil: ContinuousClock.Instant?
        /// Calls on it now; a retired replica is closed once none is left.
        var inFlight = 0
    }

    /// How long a failing replica is avoided: doubled per failure in a row, up to `maxAvoid`.
    static let firstAvoid = Duration.milliseconds(500)
    static let maxAvoid = Duration.seconds(10)

    init(url: String, requester: Requester) {
        self.url = url
        self.requester = requester
    }

    /// Sends one attempt, counting it in flight.
    func request(_ body: [UInt8], timeout: Duration) async throws -> [UInt8] {
        health.withLock { $0.inFlight += 1 }
        defer { health.withLock { $0.inFlight -= 1 } }
        return try await requester.request(body, timeout: timeout)
    }

    /// It answered: picked like any other again.
    func succeeded() {
        health.withLock { health in
            health.failures = 0
            health.avoidUntil = nil
        }
    }

    /// It did not answer in time, lost the connection or could not be reached: avoided for a while.
    func failed(now: ContinuousClock.Instant = .now) {
        health.withLock { health in
            health.failures += 1
            var avoid = Self.firstAvoid
            for _ in 1..<min(health.failures, 6) { avoid = min(avoid * 2, Self.maxAvoid) }
            health.avoidUntil = now + avoid
        }
    }

    /// Avoided until when (nil: not avoided).
    var avoidedUntil: ContinuousClock.Instant? { health.withLock { $0.avoidUntil } }

    var inFlight: Int { health.withLock { $0.inFlight } }

    var isConnected: Bool { requester.isConnected }

    func close() { requester.close() }
}

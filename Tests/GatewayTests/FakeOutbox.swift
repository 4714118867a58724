import Contracts
import Synchronization

/// The events the fake loyalty answers `EventsSince` with.
final class FakeOutbox: Sendable {
    private let events = Mutex<[Event]>([])
    private let asked = Mutex(0)

    /// How many times `EventsSince` was answered.
    var askedCount: Int { asked.withLock { $0 } }

    func append(_ event: Event) { events.withLock { $0.append(event) } }

    func after(_ sequence: Int64, limit: Int) -> [Event] {
        asked.withLock { $0 += 1 }
        return events.withLock { Array($0.filter { $0.sequence > sequence }.sorted { $0.sequence < $1.sequence }.prefix(limit)) }
    }
}

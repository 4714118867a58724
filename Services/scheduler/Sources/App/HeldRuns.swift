import Foundation
import Synchronization

/// The runs this replica holds: dispatched and not yet recorded. Its own passes must not take
/// them for dead when a database outage kept their leases from being renewed, and a run whose
/// dispatch has ended (only its outcome waits for the database) no longer holds up its job.
final class HeldRuns: Sendable {
    private let runs = Mutex<[UUID: Bool]>([:])

    /// `id` is being dispatched.
    func dispatching(_ id: UUID) { runs.withLock { $0[id] = false } }

    /// `id`'s dispatch ended; its outcome is being recorded.
    func recording(_ id: UUID) { runs.withLock { $0[id] = true } }

    /// `id`'s outcome is recorded, or given up.
    func release(_ id: UUID) { _ = runs.withLock { $0.removeValue(forKey: id) } }

    /// Every run held.
    var all: [UUID] { runs.withLock { Array($0.keys) } }

    /// The held runs whose dispatch has ended.
    var recordingOnly: [UUID] { runs.withLock { $0.filter(\.value).map(\.key) } }
}

import Synchronization

/// The publisher's sequence as one consumer process saw it: everything up to `contiguous` was
/// handled or is of a topic nobody here wants, with no gap before it.
final class EventProgress: Sendable {
    private let state = Mutex<Int64?>(nil)

    /// The highest sequence reached without a gap (nil: not caught up yet in this process).
    var contiguous: Int64? { state.withLock { $0 } }

    /// Whether `sequence` comes straight after what was seen, or was seen already: false means a
    /// gap (or nothing seen yet), to be filled from the publisher's outbox first.
    func follows(_ sequence: Int64) -> Bool {
        state.withLock { seen in seen.map { sequence <= $0 + 1 } ?? false }
    }

    /// `sequence` was handled or skipped; moves on only when it closes the sequence.
    func passed(_ sequence: Int64) {
        state.withLock { seen in
            if let current = seen, sequence == current + 1 { seen = sequence }
        }
    }

    /// A catch-up read the publisher's outbox through `sequence`.
    func caughtUp(through sequence: Int64) {
        state.withLock { seen in seen = max(seen ?? sequence, sequence) }
    }
}

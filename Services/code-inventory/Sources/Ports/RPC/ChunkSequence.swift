import Synchronization

/// Numbers the chunks read from the object store (the read callback is `@Sendable`).
final class ChunkSequence: Sendable {
    private let value = Mutex(0)

    /// The next seq (0, 1, 2, …).
    func next() -> Int {
        value.withLock { current in
            defer { current += 1 }
            return current
        }
    }

    /// How many seqs were handed out.
    var count: Int { value.withLock { $0 } }
}

import Contracts
import Synchronization

/// The store API keys the fake loyalty knows (`AuthenticateStore`), and how often it was asked.
final class FakeStoreKeys: Sendable {
    private let keys = Mutex<[String: Int32]>([:])
    private let asked = Mutex(0)

    func set(_ key: String, store: Int32) { keys.withLock { $0[key] = store } }

    func remove(_ key: String) { _ = keys.withLock { $0.removeValue(forKey: key) } }

    /// The store of `key` (nil for an unknown one), counted as one lookup.
    func store(for key: String) -> Int32? {
        asked.withLock { $0 += 1 }
        return keys.withLock { $0[key] }
    }

    var lookups: Int { asked.withLock { $0 } }
}

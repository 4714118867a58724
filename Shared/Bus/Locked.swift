import Foundation

/// A value only reachable under a lock.
///
/// A class rather than `Synchronization.Mutex` (used elsewhere): `Mutex` is noncopyable, and this
/// state is shared by reference between a requester and its deadline thread. `NSLock` is a
/// pthread mutex underneath, so it costs the same.
final class Locked<Value: Sendable>: @unchecked Sendable {  // every access to `value` holds `lock`
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

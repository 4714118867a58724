import Foundation

/// A value only reachable under a lock.
///
/// `Mutex` from Synchronization would do on Linux, but it needs macOS 15 and the package
/// declares macOS 14; `NSLock` is a pthread mutex underneath, so this costs the same.
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

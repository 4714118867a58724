import Dispatch

/// CPU-heavy work (password hashing: hundreds of milliseconds) runs on a Dispatch queue, never on
/// the cooperative thread pool, which has only one thread per core.
enum OffThread {
    static let queue = DispatchQueue(label: "markets.password-hashing", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

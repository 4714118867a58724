import NIOPosix

extension NIOThreadPool {
    /// Runs blocking work on the pool and awaits its result.
    ///
    /// Unlike `runIfActive`, a cancelled task still runs its work: cleanup such as ROLLBACK or
    /// returning a connection must happen even when the caller was cancelled.
    func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            self.submit { state in
                guard case .active = state else {
                    continuation.resume(throwing: StoreError(kind: .poolClosed, message: "connection pool is closed"))
                    return
                }
                continuation.resume(with: Result(catching: body))
            }
        }
    }
}

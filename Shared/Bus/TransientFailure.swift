/// An error of a dependency that is expected to pass (a lost database connection, a database
/// restarting, a conflict past its retries): the call is answered UNAVAILABLE, so callers retry,
/// instead of INTERNAL.
public protocol TransientFailure: Error {
    /// Whether this particular error is one that passes.
    var isTransient: Bool { get }
}

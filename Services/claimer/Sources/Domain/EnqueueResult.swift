/// What one enqueue did with its codes.
public struct EnqueueResult: Sendable, Equatable {
    public var jobIds: [Int64]
    /// Codes with a waiting or running job already.
    public var alreadyQueued: Int
    /// Codes the user claimed before.
    public var alreadyClaimed: Int
}

import Contracts

/// A job the scheduler can ask this service to run (`RunJob`).
public struct Job: Sendable {
    public var name: String
    public var run: @Sendable (RunJobRequest, JobContext) async throws -> RunJobReply

    public init(_ name: String, run: @escaping @Sendable (RunJobRequest, JobContext) async throws -> RunJobReply) {
        self.name = name
        self.run = run
    }
}

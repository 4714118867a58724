import ProtoBridge

/// Target (proto `markets.Target`).
public struct Target: ProtoCodable, Equatable {
    public static let protoName = "markets.Target"
    public var id: String
    public var title: String
    public var goal: String
    /// The abort trigger: stop taking shots once the target's closed shots lost this many credits (0: none).
    public var abortLossCredits: Int32
    public var createdAt: String

    public init(id: String = "",
                title: String = "",
                goal: String = "",
                abortLossCredits: Int32 = 0,
                createdAt: String = "") {
        self.id = id
        self.title = title
        self.goal = goal
        self.abortLossCredits = abortLossCredits
        self.createdAt = createdAt
    }
}

import ProtoBridge

/// Methods "CreateTarget", "UpdateTarget" (id set), "GetTarget", "DeleteTarget" (proto `markets.TargetInput`).
public struct TargetInput: ProtoCodable, Equatable {
    public static let protoName = "markets.TargetInput"
    public var id: String
    public var title: String
    public var goal: String
    public var abortLossCredits: Int32

    public init(id: String = "",
                title: String = "",
                goal: String = "",
                abortLossCredits: Int32 = 0) {
        self.id = id
        self.title = title
        self.goal = goal
        self.abortLossCredits = abortLossCredits
    }
}

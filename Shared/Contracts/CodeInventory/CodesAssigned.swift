import ProtoBridge

/// Event `code-inventory.codes_assigned` (proto `code_inventory.CodesAssigned`).
public struct CodesAssigned: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodesAssigned"
    public var campaignId: String
    public var type: String
    public var assignments: [CodeAssignment]
    public var assignedAt: String

    public init(campaignId: String = "",
                type: String = "",
                assignments: [CodeAssignment] = [],
                assignedAt: String = "") {
        self.campaignId = campaignId
        self.type = type
        self.assignments = assignments
        self.assignedAt = assignedAt
    }
}

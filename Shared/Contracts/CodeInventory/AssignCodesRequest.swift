import ProtoBridge

/// Request of `AssignCodes`: assign reserved codes permanently (proto `code_inventory.AssignCodesRequest`).
public struct AssignCodesRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.AssignCodesRequest"
    public var campaignId: String
    public var type: String
    public var assignments: [CodeAssignment]

    public init(campaignId: String = "", type: String = "", assignments: [CodeAssignment] = []) {
        self.campaignId = campaignId
        self.type = type
        self.assignments = assignments
    }
}

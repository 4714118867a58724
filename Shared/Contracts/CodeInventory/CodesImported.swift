import ProtoBridge

/// Event `code-inventory.codes_imported`: one committed part of an import (proto `code_inventory.CodesImported`).
public struct CodesImported: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodesImported"
    public var campaignId: String
    public var type: String
    public var uploadId: String
    public var rows: Int32
    public var inserted: Int32
    public var duplicates: Int32
    public var rejected: Int32
    public var completed: Bool

    public init(campaignId: String = "",
                type: String = "",
                uploadId: String = "",
                rows: Int32 = 0,
                inserted: Int32 = 0,
                duplicates: Int32 = 0,
                rejected: Int32 = 0,
                completed: Bool = false) {
        self.campaignId = campaignId
        self.type = type
        self.uploadId = uploadId
        self.rows = rows
        self.inserted = inserted
        self.duplicates = duplicates
        self.rejected = rejected
        self.completed = completed
    }
}

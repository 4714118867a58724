import ProtoBridge

/// Answer of every code import (rows = inserted + duplicates + rejected) (proto `code_inventory.ImportCodesReply`).
public struct ImportCodesReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ImportCodesReply"
    public var campaignId: String
    public var type: String
    public var rows: Int32
    public var inserted: Int32
    public var duplicates: Int32
    public var rejected: Int32

    public init(campaignId: String = "",
                type: String = "",
                rows: Int32 = 0,
                inserted: Int32 = 0,
                duplicates: Int32 = 0,
                rejected: Int32 = 0) {
        self.campaignId = campaignId
        self.type = type
        self.rows = rows
        self.inserted = inserted
        self.duplicates = duplicates
        self.rejected = rejected
    }
}

import ProtoBridge

/// Answer of `ReserveCodes` (proto `code_inventory.ReserveCodesReply`).
public struct ReserveCodesReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ReserveCodesReply"
    public var reserveId: String
    public var codes: [String]

    public init(reserveId: String = "", codes: [String] = []) {
        self.reserveId = reserveId
        self.codes = codes
    }
}

import ProtoBridge

/// One reservation of a `CodesReserved` event (proto `code_inventory.CodeReservation`).
public struct CodeReservation: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodeReservation"
    public var reserveId: String
    public var codes: [String]

    public init(reserveId: String = "", codes: [String] = []) {
        self.reserveId = reserveId
        self.codes = codes
    }
}

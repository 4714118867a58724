import ProtoBridge

/// Event `code-inventory.codes_reserved`: the reservations one reserve transaction made, each with
/// its own id and codes (proto `code_inventory.CodesReserved`).
public struct CodesReserved: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodesReserved"
    public var campaignId: String
    public var type: String
    public var reservedAt: String
    public var expiresAt: String
    public var reservations: [CodeReservation]

    public init(campaignId: String = "",
                type: String = "",
                reservedAt: String = "",
                expiresAt: String = "",
                reservations: [CodeReservation] = []) {
        self.campaignId = campaignId
        self.type = type
        self.reservedAt = reservedAt
        self.expiresAt = expiresAt
        self.reservations = reservations
    }
}

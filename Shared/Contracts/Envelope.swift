import Foundation
import ProtoBridge

/// One call on the bus (proto `platform.Envelope`).
public struct Envelope: ProtoCodable, Equatable {
    public static let protoName = "platform.Envelope"
    public var method: String
    public var requestId: String
    public var principal: Principal?
    public var deadlineUnixMs: Int64
    public var idempotencyKey: String
    public var body: Data

    public init(method: String, requestId: String = "", principal: Principal? = nil, deadlineUnixMs: Int64 = 0,
                idempotencyKey: String = "", body: Data = Data()) {
        self.method = method
        self.requestId = requestId
        self.principal = principal
        self.deadlineUnixMs = deadlineUnixMs
        self.idempotencyKey = idempotencyKey
        self.body = body
    }
}

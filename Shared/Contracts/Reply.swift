import Foundation
import ProtoBridge

/// The answer to an Envelope (proto `platform.Reply`).
public struct Reply: ProtoCodable, Equatable {
    public static let protoName = "platform.Reply"
    public var status: StatusCode
    public var message: String
    public var violations: [FieldViolation]
    public var body: Data

    public init(status: StatusCode = .ok, message: String = "", violations: [FieldViolation] = [], body: Data = Data()) {
        self.status = status
        self.message = message
        self.violations = violations
        self.body = body
    }
}

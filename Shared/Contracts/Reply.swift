import Foundation
import ProtoBridge

/// The answer to an Envelope (proto `platform.Reply`).
public struct Reply: ProtoCodable, Equatable {
    public static let protoName = "platform.Reply"
    public var status: StatusCode
    public var message: String
    public var violations: [FieldViolation]
    public var body: Data
    /// A machine-readable refusal reason within the status (e.g. `DUPLICATE_TRANSACTION`).
    public var reason: String

    public init(status: StatusCode = .ok, message: String = "", violations: [FieldViolation] = [], body: Data = Data(), reason: String = "") {
        self.status = status
        self.message = message
        self.violations = violations
        self.body = body
        self.reason = reason
    }
}

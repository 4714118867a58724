import Contracts
import Foundation

/// Per-call settings: who calls, under which request id and idempotency key, and for how long.
public struct CallOptions: Sendable {
    public var principal: Principal?
    public var requestId: String
    public var idempotencyKey: String
    public var timeout: Duration
    /// The call reads only: sending it again changes nothing.
    public var readOnly: Bool

    public init(
        principal: Principal? = nil,
        requestId: String = UUID.random().lowercasedString,
        idempotencyKey: String = "",
        timeout: Duration = .seconds(5),
        readOnly: Bool = false
    ) {
        self.principal = principal
        self.requestId = requestId
        self.idempotencyKey = idempotencyKey
        self.timeout = timeout
        self.readOnly = readOnly
    }

    /// Whether the call may be sent to another replica after its first one may have taken it: a
    /// read, or a write whose idempotency key makes a repeat return the first answer.
    public var isRetryable: Bool { readOnly || !idempotencyKey.isEmpty }
}

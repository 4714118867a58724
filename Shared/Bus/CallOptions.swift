import Contracts
import Foundation

/// Per-call settings: who calls, under which request id and idempotency key, and for how long.
public struct CallOptions: Sendable {
    public var principal: Principal?
    public var requestId: String
    public var idempotencyKey: String
    public var timeout: Duration

    public init(
        principal: Principal? = nil,
        requestId: String = UUID.random().uuidString,
        idempotencyKey: String = "",
        timeout: Duration = .seconds(5)
    ) {
        self.principal = principal
        self.requestId = requestId
        self.idempotencyKey = idempotencyKey
        self.timeout = timeout
    }
}

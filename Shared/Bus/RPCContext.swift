import Contracts
import Foundation
import Logging

/// What a handler knows about the call it serves.
public struct RPCContext: Sendable {
    public var method: String
    public var requestId: String
    public var principal: Principal
    public var idempotencyKey: String
    /// Wall-clock deadline; nil when the caller set none.
    public var deadline: Date?
    /// A logger carrying `request-id` and `method` metadata.
    public var logger: Logger

    public init(method: String, requestId: String, principal: Principal, idempotencyKey: String, deadline: Date?, logger: Logger) {
        self.method = method
        self.requestId = requestId
        self.principal = principal
        self.idempotencyKey = idempotencyKey
        self.deadline = deadline
        self.logger = logger
    }

    /// Time left before the deadline (nil = none).
    public var remaining: Duration? {
        deadline.map { .milliseconds(Int64(($0.timeIntervalSinceNow * 1000).rounded(.down))) }
    }

    /// Throws PERMISSION_DENIED unless the caller has one of `roles`.
    public func require(anyRole roles: String...) throws {
        try require(anyOf: roles)
    }

    /// Throws UNAUTHENTICATED without a principal, PERMISSION_DENIED without one of `roles`.
    public func require(anyOf roles: [String]) throws {
        guard !principal.subject.isEmpty || !principal.roles.isEmpty else {
            throw RPCError(.unauthenticated, "this method needs a caller: requires role \(roles.joined(separator: " or "))")
        }
        guard roles.contains(where: principal.has(role:)) else {
            throw RPCError.permissionDenied("requires role \(roles.joined(separator: " or "))")
        }
    }
}

import Bus
import Contracts
import ServiceKit

/// The one place where catalog refusals become reply codes.
extension CatalogError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .marketNotFound(let id):
            return .notFound("no market \(id)")
        case .notAtSource(let externalId):
            return RPCError(.notFound, "the source no longer has market \(externalId)", reason: "NOT_AT_SOURCE")
        case .sourceUnavailable(let message):
            return RPCError(.unavailable, "the Polymarket source is unavailable (\(message)); try again later", reason: "SOURCE_UNAVAILABLE")
        case .circuitOpen(let until):
            return RPCError(
                .unavailable,
                "the Polymarket source failed repeatedly; calls to it are suspended until \(Timestamps.format(until))",
                reason: "CIRCUIT_OPEN"
            )
        case .sourceRateLimited(let seconds):
            return RPCError(
                .unavailable,
                "the outbound rate limit for the Polymarket source is reached; try again in \(seconds) s",
                reason: "SOURCE_RATE_LIMITED"
            )
        }
    }
}

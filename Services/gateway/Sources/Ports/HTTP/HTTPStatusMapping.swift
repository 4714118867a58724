import Contracts
import HTTPTypes

/// Status code → HTTP status, the way grpc-gateway maps them. The one place this happens.
public enum HTTPStatusMapping {
    public static func status(for code: StatusCode) -> HTTPResponse.Status {
        switch code {
        case .ok: return .ok
        case .cancelled: return .init(code: 499, reasonPhrase: "Client Closed Request")
        case .unknown, .internal, .dataLoss: return .internalServerError
        case .invalidArgument, .failedPrecondition, .outOfRange: return .badRequest
        case .deadlineExceeded: return .gatewayTimeout
        case .notFound: return .notFound
        case .alreadyExists, .aborted: return .conflict
        case .permissionDenied: return .forbidden
        case .unauthenticated: return .unauthorized
        case .resourceExhausted: return .tooManyRequests
        case .unimplemented: return .notImplemented
        case .unavailable: return .serviceUnavailable
        }
    }

    /// The status for a code with its reason: a few reasons name a more precise HTTP status than
    /// their gRPC code (the IETF Idempotency-Key draft answers a reused key with 422).
    public static func status(for code: StatusCode, reason: String) -> HTTPResponse.Status {
        switch reason {
        case "IDEMPOTENCY_KEY_REUSED": return .unprocessableContent
        default: return status(for: code)
        }
    }

    /// Seconds a client should wait before retrying a transient failure (`Retry-After`), or nil.
    public static func retryAfterSeconds(for code: StatusCode) -> Int? {
        code == .unavailable ? 1 : nil
    }
}

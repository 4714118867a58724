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
}

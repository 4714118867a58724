import Bus
import Contracts

/// The one place where account refusals become reply codes.
extension AccountError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .emailTaken:
            return RPCError(.alreadyExists, "an account with this email exists", reason: "EMAIL_TAKEN")
        case .usernameTaken:
            return RPCError(.alreadyExists, "this username is taken", reason: "USERNAME_TAKEN")
        case .invalidCredentials:
            return RPCError(.unauthenticated, "wrong email or password")
        case .invalidRefreshToken:
            return RPCError(.unauthenticated, "invalid, expired or reused refresh token; sign in again")
        case .userNotFound(let id):
            return .notFound("no user \(id)")
        case .signInRequired:
            return RPCError(.unauthenticated, "sign in first")
        case .oauthNotConfigured(let provider):
            // Not a server fault: this deployment has no such sign-in, as if the route did not exist.
            return RPCError(
                .notFound,
                "sign-in with \(provider) is not enabled here (the operator sets OAUTH_PROVIDER_URL to enable it)",
                reason: "SIGN_IN_NOT_ENABLED"
            )
        }
    }
}

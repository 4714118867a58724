import Bus
import Contracts

/// Role names the service checks (the gateway checks them too, but the bus can be called directly).
enum Roles {
    static let admin = "admin"
    /// Other services acting for themselves (`Principal.service(_:)`); never issued to people.
    static let service = "service"

    /// A user may act on their own id only; admins on any.
    static func requireSelfOrAdmin(_ context: RPCContext, userId: String) throws {
        if context.principal.has(role: admin) { return }
        guard !context.principal.subject.isEmpty, context.principal.subject == userId else {
            throw ClaimerError.notYourUser(userId)
        }
    }
}

import Contracts
import Logging

extension GatewayError {
    /// The error response for a non-OK service reply: server-side failures are logged and shown
    /// as a bare internal error; everything else keeps its code, message and violations.
    init(reply: Reply, call: String, logger: Logger) {
        if reply.status == .internal || reply.status == .unknown || reply.status == .dataLoss {
            logger.error("\(call) failed: \(reply.message)")
            self.init(.internal, "internal error")
        } else {
            self.init(reply.status, reply.message, violations: reply.violations, reason: reply.reason)
        }
    }
}

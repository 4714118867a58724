import Bus
import Contracts
import ServiceKit

/// The one place where the scheduler's refusals become reply codes (and so HTTP statuses).
extension SchedulerError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .jobNotFound(let name):
            return .notFound("no job \(name)")
        case .alreadyRunning(let job, let runId):
            // ABORTED → 409: try again once the running run is over.
            return RPCError(.aborted, "\(job) is running (run \(runId)) and its overlap policy is skip")
        }
    }
}

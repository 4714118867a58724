/// Errors of the transport.
public enum BusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call's deadline passed before a reply arrived (or before any peer accepted the request).
    case deadlineExceeded
    /// The socket was closed, before or during the call.
    case closed
    /// The connection the request went out on ended before its reply came: the request may or
    /// may not have been carried out.
    case connectionLost
    /// No responder was connected during the whole deadline: the request never went out.
    case unreachable
    /// The message is over the configured limit; nanomsg would drop the whole connection instead of failing it.
    case messageTooLarge(size: Int, limit: Int)
    /// A nanomsg call failed.
    case socket(operation: String, errno: Int32, message: String)

    public var description: String {
        switch self {
        case .deadlineExceeded: "deadline exceeded"
        case .closed: "bus socket closed"
        case .connectionLost: "connection lost before the reply"
        case .unreachable: "no responder reachable before the deadline"
        case .messageTooLarge(let size, let limit): "message of \(size) bytes is over the \(limit)-byte limit"
        case .socket(let operation, let errno, let message): "\(operation) failed: \(message) (errno \(errno))"
        }
    }
}

/// Errors of the transport.
public enum BusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call's deadline passed before a reply arrived (or before any peer accepted the request).
    case deadlineExceeded
    /// The socket was closed, before or during the call.
    case closed
    /// The message is over the configured limit; nanomsg would drop the whole connection instead of failing it.
    case messageTooLarge(size: Int, limit: Int)
    /// A nanomsg call failed.
    case socket(operation: String, errno: Int32, message: String)

    public var description: String {
        switch self {
        case .deadlineExceeded: "deadline exceeded"
        case .closed: "bus socket closed"
        case .messageTooLarge(let size, let limit): "message of \(size) bytes is over the \(limit)-byte limit"
        case .socket(let operation, let errno, let message): "\(operation) failed: \(message) (errno \(errno))"
        }
    }
}

/// A failed call to the backend, classified by what the agent should do about it.
public enum BackendError: Error, Equatable, CustomStringConvertible {
    /// No HTTP answer: connection refused, DNS, timeout.
    case unreachable(String)
    /// An HTTP answer other than 2xx (the body is kept short for logs).
    case status(Int, String)
    /// A 2xx answer whose body is not what the API promises.
    case invalidReply(String)

    /// Worth trying again later: the backend is down or overloaded; a 4xx (other than 408/429) will not change.
    public var isRetryable: Bool {
        switch self {
        case .unreachable, .invalidReply: true
        case .status(let code, _): code >= 500 || code == 408 || code == 429
        }
    }

    /// The backend is not serving (as opposed to answering but refusing this request).
    public var meansBackendDown: Bool {
        switch self {
        case .unreachable: true
        case .status(let code, _): code >= 500
        case .invalidReply: false
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let why): "backend unreachable: \(why)"
        case .status(let code, let body): "backend answered HTTP \(code)\(body.isEmpty ? "" : ": \(body)")"
        case .invalidReply(let why): "backend reply not understood: \(why)"
        }
    }
}

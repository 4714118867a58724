/// Why a call to the market source failed, as the source adapters report it.
public enum SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source answered 429: slow down for `retryAfter` seconds.
    case throttled(retryAfter: Int)
    /// Any other non-success HTTP status.
    case http(status: Int)
    /// No answer: connection refused, timeout, TLS, …
    case transport(String)
    /// An answer we cannot read.
    case malformed(String)

    public var description: String {
        switch self {
        case .throttled(let seconds): return "HTTP 429 (retry after \(seconds) s)"
        case .http(let status): return "HTTP \(status)"
        case .transport(let message): return "no answer: \(message)"
        case .malformed(let message): return "unreadable answer: \(message)"
        }
    }
}

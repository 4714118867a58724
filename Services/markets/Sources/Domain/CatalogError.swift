import Foundation
import ServiceKit

/// Every way a catalog operation can refuse; mapped to reply codes in `CatalogError+RPC`.
public enum CatalogError: Error, Sendable, Equatable {
    case invalid([Violation])
    case marketNotFound(String)
    /// The market is ours but the source no longer knows its external id.
    case notAtSource(String)
    /// The source failed (HTTP error, no answer, unreadable answer).
    case sourceUnavailable(String)
    /// Calls to the source are suspended after repeated failures, until `until`.
    case circuitOpen(until: Date)
    /// Our own outbound limit (or the source's 429) says wait `retryAfter` seconds.
    case sourceRateLimited(retryAfter: Int)

    static func invalid(_ field: String, _ description: String) -> CatalogError {
        .invalid([Violation(field, description)])
    }
}

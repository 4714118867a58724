import Foundation

/// Refusals of the economy operations; mapped to reply codes in `EconomyError+RPC`.
public enum EconomyError: Error, Sendable, Equatable {
    case alreadyClaimed(next: Date)
    case signInRequired
}

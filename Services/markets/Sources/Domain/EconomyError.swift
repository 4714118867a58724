import Foundation
import ServiceKit

/// Refusals of the economy operations; mapped to reply codes in `EconomyError+RPC`.
public enum EconomyError: Error, Sendable, Equatable {
    case invalid([Violation])
    case alreadyClaimed(next: Date)
    case signInRequired
    case unknownPackage(String)
    case unknownStock(String)
    case insufficientCredits(needed: Int)
    case insufficientShares(held: Int)
    case forbidden(String)
}

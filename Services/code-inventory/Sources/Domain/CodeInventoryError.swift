import Foundation
import ServiceKit

/// Every way a code-inventory operation is refused; `CodeInventoryError+RPC` maps them to reply codes.
public enum CodeInventoryError: Error, Sendable, Equatable {
    /// The request is malformed; nothing was written.
    case invalid([Violation])
    /// No code of the type is available in the campaign.
    case noCodesAvailable(campaignId: String, type: CodeType)
    /// No such reservation of the campaign and type: never made, released already, or expired
    /// and reset by the `release-expired-reservations` job.
    case reservationNotFound(UUID, campaignId: String, type: CodeType)
    /// The upload id is unknown.
    case uploadNotFound(String)
    /// A chunk arrived before the ones it follows.
    case chunkOutOfOrder(expected: Int, got: Int)
    /// The upload was finished already with a different number of chunks, or a chunk came after it.
    case uploadAlreadyFinished(String)
    /// The upload was aborted (by its caller, or as stale); its codes were discarded.
    case uploadAborted(String)
    /// Staged values of the upload were lost (the database crashed since they were staged); it
    /// cannot be finished and must be uploaded again.
    case uploadLost(String)
    /// The object store has no such file.
    case objectNotFound(String)
    /// A promo code with this code exists.
    case promoCodeExists(String)
    /// No such promo code.
    case promoCodeNotFound(String)
    /// The promo code cannot be redeemed now (inactive, outside its window, used up).
    case promoNotRedeemable(code: String, reason: PromoRefusal)
    /// The user redeemed this promo code before.
    case promoAlreadyRedeemed(code: String, userId: String)

    /// A single-field validation failure.
    public static func invalid(_ field: String, _ description: String) -> CodeInventoryError {
        .invalid([Violation(field, description)])
    }
}

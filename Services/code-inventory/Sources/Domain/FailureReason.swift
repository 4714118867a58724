/// Why one code of an assign or release request was not acted on (the `reason` in `failed`).
public enum FailureReason: String, Sendable, Equatable {
    /// The code is available: never reserved, or released.
    case notReserved = "not_reserved"
    /// The reservation is older than 24 h: the code counts as available again.
    case reservationExpired = "reservation_expired"
    /// The code was assigned (assignment is permanent).
    case alreadyAssigned = "already_assigned"
    /// No such code of this type in the campaign.
    case unknownCode = "unknown_code"
    /// The code appears earlier in the same request.
    case duplicateInRequest = "duplicate_in_request"
}

/// Where a stored code is in its life: available → reserved (24 h) → assigned (permanent).
///
/// A stored `reserved` whose reservation is older than `ReservationPolicy.lifetime` counts as
/// available; the `release-expired-reservations` job turns it back into `available`.
public enum CodeState: String, Sendable, Codable {
    case available
    case reserved
    case assigned
}

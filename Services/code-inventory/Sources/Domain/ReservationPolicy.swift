import Foundation

/// The 24-hour reservation rule, in one place.
///
/// A code reserved at `t` is held while `now - t <= 24 h` and is available again once the
/// reservation is *older* than 24 h (`now - t > 24 h`): at exactly 24 h it is still held.
public enum ReservationPolicy {
    /// How long a reservation holds a code.
    public static let lifetime: TimeInterval = 24 * 60 * 60

    /// True while a reservation made at `reservedAt` still holds the code.
    public static func isHeld(reservedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(reservedAt) <= lifetime
    }

    /// Reservations made strictly before this instant have expired (SQL: `reserved_at < cutoff`).
    public static func expiryCutoff(now: Date) -> Date {
        now.addingTimeInterval(-lifetime)
    }

    /// When a reservation made at `reservedAt` stops holding its code.
    public static func expiresAt(reservedAt: Date) -> Date {
        reservedAt.addingTimeInterval(lifetime)
    }
}

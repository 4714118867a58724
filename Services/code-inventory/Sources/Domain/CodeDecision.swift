import Foundation

/// The pure rules of assign and release: given the locked rows and the time, what happens to each code.
public enum CodeDecision {
    /// Assign: only codes reserved and still held can be assigned; everything else fails with a reason.
    public static func assign(
        _ items: [AssignCommand.Item],
        stored: [String: StoredCode],
        now: Date
    )
        -> (assign: [AssignCommand.Item], failed: [(code: String, reason: FailureReason)])
    {
        var assign: [AssignCommand.Item] = []
        var failed: [(code: String, reason: FailureReason)] = []
        var seen = Set<String>()
        for item in items {
            guard seen.insert(item.code).inserted else {
                failed.append((item.code, .duplicateInRequest))
                continue
            }
            guard let row = stored[item.code] else {
                failed.append((item.code, .unknownCode))
                continue
            }
            switch row.state {
            case .assigned:
                failed.append((item.code, .alreadyAssigned))
            case .available:
                failed.append((item.code, .notReserved))
            case .reserved:
                if let reservedAt = row.reservedAt, ReservationPolicy.isHeld(reservedAt: reservedAt, now: now) {
                    assign.append(item)
                } else {
                    failed.append((item.code, .reservationExpired))
                }
            }
        }
        return (assign, failed)
    }

    /// Release: any stored `reserved` code goes back to available (an expired one is available in
    /// effect already, and releasing it just says so); assigned and available codes fail.
    public static func release(
        _ codes: [String],
        stored: [String: StoredCode]
    )
        -> (release: [String], failed: [(code: String, reason: FailureReason)])
    {
        var release: [String] = []
        var failed: [(code: String, reason: FailureReason)] = []
        var seen = Set<String>()
        for code in codes {
            guard seen.insert(code).inserted else {
                failed.append((code, .duplicateInRequest))
                continue
            }
            switch stored[code]?.state {
            case nil: failed.append((code, .unknownCode))
            case .assigned?: failed.append((code, .alreadyAssigned))
            case .available?: failed.append((code, .notReserved))
            case .reserved?: release.append(code)
            }
        }
        return (release, failed)
    }

    /// Release of a whole reservation: why each code it listed and no longer holds stayed put.
    /// Assigned codes are assigned for good; the others went back to available or to a later
    /// reservation, after this one expired (older than 24 h) or by an earlier release.
    public static func releaseReservation(
        notHeld codes: [String],
        assigned: Set<String>,
        reservedAt: Date,
        now: Date
    )
        -> [(code: String, reason: FailureReason)]
    {
        let expired = !ReservationPolicy.isHeld(reservedAt: reservedAt, now: now)
        return codes.sorted().map { code in
            if assigned.contains(code) { return (code, .alreadyAssigned) }
            return (code, expired ? .reservationExpired : .notReserved)
        }
    }
}

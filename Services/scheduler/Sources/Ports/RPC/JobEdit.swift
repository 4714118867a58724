import Contracts
import Foundation
import ServiceKit

/// Applies an `UpdateJobRequest` to a stored job, validating every given field (violations name
/// the JSON field); pure.
enum JobEdit {
    static let maxCatchUpWindowSeconds = 7 * 86_400

    /// The edited job and whether its timing (cron, time zone, enabled) changed.
    static func apply(_ request: UpdateJobRequest, to job: JobRecord, now: Date) throws(SchedulerError) -> (job: JobRecord, timingChanged: Bool) {
        var edited = job
        var violations: [Violation] = []
        if let cron = request.cron { edited.cron = cron.trimmingCharacters(in: .whitespaces) }
        if let timezone = request.timezone { edited.timezone = timezone.trimmingCharacters(in: .whitespaces) }
        if let enabled = request.enabled { edited.enabled = enabled }
        if let overlap = request.overlap {
            if let policy = OverlapPolicy(rawValue: overlap) {
                edited.overlap = policy
            } else {
                violations.append(Violation("overlap", "must be skip or allow"))
            }
        }
        if let window = request.catchUpWindowSeconds {
            if (0...maxCatchUpWindowSeconds).contains(Int(window)) {
                edited.catchUpWindow = TimeInterval(window)
            } else {
                violations.append(Violation("catchUpWindowSeconds", "must be 0-\(maxCatchUpWindowSeconds)"))
            }
        }
        if request.cron != nil || request.timezone != nil {
            do {
                let schedule = try JobSchedule.validate(cron: edited.cron, timezone: edited.timezone, now: now)
                edited.cron = schedule.cron.text
            } catch {
                if case .invalid(let found) = error { violations.append(contentsOf: found) }
            }
        }
        // A job whose service has no endpoint cannot run: it may be switched off, not kept or turned on.
        if edited.enabled, !JobTarget.isKnown(edited.service) {
            violations.append(Violation("service", "\(JobTarget.unknown(edited.service)); the job can only be disabled"))
        }
        if request.cron == nil, request.timezone == nil, request.enabled == nil, request.overlap == nil, request.catchUpWindowSeconds == nil {
            violations.append(Violation("body", "names no field to change (cron, timezone, enabled, overlap, catchUpWindowSeconds)"))
        }
        guard violations.isEmpty else { throw .invalid(violations) }
        let timingChanged = edited.cron != job.cron || edited.timezone != job.timezone || edited.enabled != job.enabled
        return (edited, timingChanged)
    }
}

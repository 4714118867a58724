import Bus
import Contracts
import Foundation
import ServiceKit

/// The claimer's methods: messages in, domain calls, messages out.
struct ClaimHandlers: Sendable {
    let queue: ClaimQueue
    let ring: KeyRing
    let promoCodes: ActivePromoCodes
    /// The longest a key deletion waits for attempts already running with the key (their lease).
    let keyDeletionWait: Duration

    func register(on runtime: ServiceRuntime) {
        runtime.registerIdempotent(ClaimerMethods.submitClaim) { (request: SubmitClaimRequest, context) in try await submit(request, context) }
        runtime.registerIdempotent(ClaimerMethods.enqueueClaim) { (request: EnqueueClaimRequest, context) in try await enqueue(request, context) }
        runtime.registerIdempotent(ClaimerMethods.enqueueBulkClaim) { (request: EnqueueBulkClaimRequest, context) in
            try await enqueueBulk(request, context)
        }
        runtime.router.register(ClaimerMethods.claimStatus) { (request: ClaimStatusRequest, context) in try await status(request, context) }
        runtime.router.register(ClaimerMethods.claimHistory) { (request: ClaimHistoryRequest, context) in try await history(request, context) }
        runtime.router.register(ClaimerMethods.deleteApiKey) { (request: DeleteApiKeyRequest, context) in try await deleteKey(request, context) }
        runtime.router.register(ClaimerMethods.listClaimJobs) { (request: ListClaimJobsRequest, context) in try await listJobs(request, context) }
        runtime.router.register(ClaimerMethods.retryClaimJob) { (request: RetryClaimJobRequest, context) in try await retry(request, context) }
    }

    /// Stores the key and enqueues the codes, or every active promo code, in one transaction.
    func submit(_ request: SubmitClaimRequest, _ context: RPCContext) async throws -> EnqueueReply {
        var violations = ClaimRules.userId(request.userId) + ClaimRules.apiKey(request.apiKey)
        let (codes, codeViolations) = ClaimRules.codes(request.codes)
        violations += codeViolations
        guard violations.isEmpty else { throw ClaimerError.invalid(violations) }
        try Roles.requireSelfOrAdmin(context, userId: request.userId)
        var targets = codes
        if request.codes.isEmpty {
            // Invalid codes from code-inventory are skipped rather than failing the submit.
            targets = ClaimRules.codes(try await promoCodes.all().filter { ClaimRules.code($0) == nil }).codes
        }
        let sealed = try ring.seal(APIKey(request.apiKey))
        let result = try await queue.enqueue(userId: request.userId, codes: targets, priority: 0, key: sealed)
        return Self.reply(request.userId, result)
    }

    func enqueue(_ request: EnqueueClaimRequest, _ context: RPCContext) async throws -> EnqueueReply {
        try context.require(anyRole: Roles.service, Roles.admin)
        var violations = ClaimRules.userId(request.userId) + ClaimRules.priority(request.priority)
        if let violation = ClaimRules.code(request.code) { violations.append(violation) }
        guard violations.isEmpty else { throw ClaimerError.invalid(violations) }
        let code = request.code.trimmingCharacters(in: .whitespaces)
        let result = try await queue.enqueue(userId: request.userId, codes: [code], priority: Int(request.priority), key: nil)
        return Self.reply(request.userId, result)
    }

    func enqueueBulk(_ request: EnqueueBulkClaimRequest, _ context: RPCContext) async throws -> EnqueueReply {
        try context.require(anyRole: Roles.service, Roles.admin)
        var violations = ClaimRules.userId(request.userId)
        let (codes, codeViolations) = ClaimRules.codes(request.codes)
        violations += codeViolations
        if request.codes.isEmpty { violations.append(Violation("codes", "is required")) }
        guard violations.isEmpty else { throw ClaimerError.invalid(violations) }
        let result = try await queue.enqueue(userId: request.userId, codes: codes, priority: 0, key: nil)
        return Self.reply(request.userId, result)
    }

    func status(_ request: ClaimStatusRequest, _ context: RPCContext) async throws -> ClaimStatusReply {
        let violations = ClaimRules.userId(request.userId)
        guard violations.isEmpty else { throw ClaimerError.invalid(violations) }
        try Roles.requireSelfOrAdmin(context, userId: request.userId)
        let status = try await queue.status(userId: request.userId)
        func count(_ name: String) -> Int32 { Int32(clamping: status[name]) }
        return ClaimStatusReply(
            userId: request.userId,
            queued: count("queued"),
            delayed: count("delayed"),
            active: count("active"),
            claimed: count("claimed"),
            skipped: count("skipped"),
            failed: count("failed"),
            dead: count("dead"),
            lastActivityAt: status.lastActivity.map(Timestamps.format) ?? "",
            hasApiKey: status.hasKey
        )
    }

    func history(_ request: ClaimHistoryRequest, _ context: RPCContext) async throws -> ClaimHistoryReply {
        var violations = ClaimRules.userId(request.userId)
        if request.limit < 0 || request.limit > 500 { violations.append(Violation("limit", "must be 1…500")) }
        let before = request.before.isEmpty ? nil : Int64(request.before)
        if !request.before.isEmpty && (before ?? 0) <= 0 { violations.append(Violation("before", "is not a cursor of this history")) }
        guard violations.isEmpty else { throw ClaimerError.invalid(violations) }
        try Roles.requireSelfOrAdmin(context, userId: request.userId)
        let limit = request.limit == 0 ? 50 : Int(request.limit)
        let records = try await queue.history(userId: request.userId, limit: limit + 1, before: before)
        let page = Array(records.prefix(limit))
        return ClaimHistoryReply(
            userId: request.userId,
            records: page.map(ClaimMessages.record),
            nextBefore: records.count > limit ? page.last.map { String($0.id) } ?? "" : ""
        )
    }

    func deleteKey(_ request: DeleteApiKeyRequest, _ context: RPCContext) async throws -> DeleteApiKeyReply {
        let violations = ClaimRules.userId(request.userId)
        guard violations.isEmpty else { throw ClaimerError.invalid(violations) }
        try Roles.requireSelfOrAdmin(context, userId: request.userId)
        // Leave the reply time to reach the caller before its deadline.
        let wait = min(keyDeletionWait, (context.remaining ?? keyDeletionWait) - .milliseconds(250))
        let (deleted, cancelled) = try await queue.deleteKey(userId: request.userId, wait: max(.zero, wait))
        return DeleteApiKeyReply(userId: request.userId, keyDeleted: deleted, jobsCancelled: Int32(clamping: cancelled))
    }

    func listJobs(_ request: ListClaimJobsRequest, _ context: RPCContext) async throws -> ListClaimJobsReply {
        try context.require(anyRole: Roles.admin)
        var violations: [Violation] = []
        let state = request.state.isEmpty ? JobState.dead : JobState(rawValue: request.state)
        if state == nil {
            violations.append(Violation("state", "must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if request.limit < 0 || request.limit > 500 { violations.append(Violation("limit", "must be 1…500")) }
        let after = request.cursor.isEmpty ? 0 : Int64(request.cursor)
        if after == nil || after! < 0 { violations.append(Violation("cursor", "is not a cursor of this list")) }
        guard violations.isEmpty, let state, let after else { throw ClaimerError.invalid(violations) }
        let limit = request.limit == 0 ? 100 : Int(request.limit)
        let jobs = try await queue.jobs(in: state, after: after, limit: limit + 1)
        let page = Array(jobs.prefix(limit))
        return ListClaimJobsReply(
            jobs: page.map(ClaimMessages.job),
            nextCursor: jobs.count > limit ? page.last.map { String($0.id) } ?? "" : ""
        )
    }

    func retry(_ request: RetryClaimJobRequest, _ context: RPCContext) async throws -> ClaimJobInfo {
        try context.require(anyRole: Roles.admin)
        guard let id = Int64(request.id), id > 0 else { throw ClaimerError.invalid("id", "is not a job id") }
        return ClaimMessages.job(try await queue.retry(id: id))
    }

    static func reply(_ userId: String, _ result: EnqueueResult) -> EnqueueReply {
        EnqueueReply(
            userId: userId,
            enqueued: Int32(result.jobIds.count),
            alreadyQueued: Int32(result.alreadyQueued),
            alreadyClaimed: Int32(result.alreadyClaimed),
            jobIds: result.jobIds.map { String($0) }
        )
    }
}

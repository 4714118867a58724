import Bus
import Contracts
import Foundation
import Logging

/// Sends one attempt of a run to its service (`RunJob` with a deadline) and reads the reply.
struct RunDispatcher: Sendable {
    let clients: TargetClients
    let timeout: TimeInterval
    /// Who the scheduler is on the bus.
    static let principal = Principal.service("scheduler")

    func dispatch(_ run: ClaimedRun) async -> DispatchResult {
        // Not retried: another attempt would find the same name.
        guard JobTarget.isKnown(run.service) else {
            return .failed(code: StatusCode.failedPrecondition.rawValue, message: "\(JobTarget.unknown(run.service)): nothing was called")
        }
        let client: RPCClient
        do {
            client = try clients.client(for: run.service)
        } catch {
            return .failed(code: StatusCode.unavailable.rawValue, message: "no bus client for \(run.service): \(error)")
        }
        let request = RunJobRequest(
            job: run.job,
            scheduledForUnixMs: Int64((run.scheduledFor.timeIntervalSince1970 * 1000).rounded()),
            runId: run.id.lowercasedString
        )
        let options = CallOptions(
            principal: Self.principal,
            requestId: "\(request.runId)-\(run.attempt)",
            timeout: .milliseconds(Int64(timeout * 1000))
        )
        let body: [UInt8]
        do {
            body = try request.serializedBytes()
        } catch {
            return .failed(code: StatusCode.internal.rawValue, message: "RunJobRequest did not encode: \(error)")
        }
        let reply = await client.callRaw(PlatformMethods.runJob.name, body: body, options: options)
        guard reply.status == .ok else {
            return .failed(
                code: reply.status.rawValue,
                message: reply.message.isEmpty ? "\(run.service) answered \(reply.status.rawValue)" : reply.message
            )
        }
        guard let answer = try? RunJobReply(serializedBytes: Array(reply.body)) else {
            return .failed(code: StatusCode.internal.rawValue, message: "\(run.service) answered a body that is not a RunJobReply")
        }
        return .completed(
            JobReport(
                partial: answer.partial,
                processed: answer.processed,
                failed: answer.failed,
                summary: answer.summary.map { SummaryEntry(key: $0.key, value: $0.value) }
            )
        )
    }
}

import Bus
import Contracts
import Foundation
import Logging
import Synchronization

/// A stand-in for the services that own jobs: answers `RunJob` over the bus, counts requests by
/// job (and by tick, to catch duplicates), and behaves per job as a test says.
final class FakeTarget: Sendable {
    enum Behaviour: Sendable {
        case succeed
        case partial(processed: Int64, failed: Int64)
        case refuse(StatusCode)
        /// Holds the call until `release()`.
        case hold
    }

    let url: String
    private let server: RPCServer
    private let state = Mutex<(requests: [RunJobRequest], behaviours: [String: Behaviour])>(([], [:]))
    private let gate = Mutex<[CheckedContinuation<Void, Never>]>([])

    init(name: String = "fake-" + UUID().uuidString.prefix(8).lowercased()) throws {
        url = "ipc:///tmp/\(name).ipc"
        var logger = Logger(label: name)
        logger.logLevel = .critical
        let router = RPCRouter(logger: logger)
        server = try RPCServer(url: url, router: router, maxMessageSize: 1 << 20, maxConcurrent: 64, logger: logger)
        router.register("RunJob") { [self] (request: RunJobRequest, _) in
            let behaviour = state.withLock { state in
                state.requests.append(request)
                return state.behaviours[request.job] ?? .succeed
            }
            switch behaviour {
            case .succeed:
                return RunJobReply(job: request.job, processed: 1, summary: [JobSummaryField(key: "tick", value: String(request.scheduledForUnixMs))])
            case .partial(let processed, let failed):
                return RunJobReply(
                    job: request.job,
                    partial: true,
                    processed: processed,
                    failed: failed,
                    summary: [JobSummaryField(key: "failedItems", value: String(failed))]
                )
            case .refuse(let code):
                throw RPCError(code, "fake refuses \(request.job)")
            case .hold:
                await withCheckedContinuation { continuation in gate.withLock { $0.append(continuation) } }
                return RunJobReply(job: request.job, processed: 1)
            }
        }
        server.start()
    }

    func set(_ job: String, _ behaviour: Behaviour) { state.withLock { $0.behaviours[job] = behaviour } }

    /// Every RunJob request received so far.
    var requests: [RunJobRequest] { state.withLock { $0.requests } }

    func count(_ job: String) -> Int { requests.filter { $0.job == job }.count }

    /// Lets held calls answer.
    func release() {
        let waiting = gate.withLock { gate in
            defer { gate.removeAll() }
            return gate
        }
        for continuation in waiting { continuation.resume() }
    }

    var held: Int { gate.withLock { $0.count } }

    func stop() async {
        release()
        await server.stop()
    }
}

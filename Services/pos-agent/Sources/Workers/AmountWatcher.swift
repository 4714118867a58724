import Foundation
import Logging
import ServiceLifecycle

/// Reads `amount.json` every `amountPoll` and keeps `AgentState.amount` current; raises one alert per 50 bad reads.
public struct AmountWatcher: Service {
    let file: AmountFile
    let state: AgentState
    let intervals: AgentIntervals
    let logger: Logger

    public init(file: AmountFile, state: AgentState, intervals: AgentIntervals, logger: Logger) {
        self.file = file
        self.state = state
        self.intervals = intervals
        self.logger = logger
    }

    public func run() async throws {
        repeat { poll() } while await Pause.sleep(intervals.amountPoll)
    }

    /// One read. A bad read keeps the last amount: 1C rewriting the file non-atomically must not blank the till's display.
    func poll(now: Date = Date()) {
        let reading: AmountFile.Reading
        do {
            reading = try file.read()
        } catch {
            failed(error)
            return
        }
        let amount: Kopecks? = if case .amount(let kopecks) = reading { kopecks } else { nil }
        let (changed, streak) = state.amountRead(amount, now: now)
        if streak > 0 { logger.notice("amount.json is readable again", metadata: ["failedReads": "\(streak)"]) }
        if changed {
            logger.info(amount.map { "receipt amount \($0.roublesText)" } ?? "no open receipt (amount.json is gone)")
        }
    }

    private func failed(_ error: any Error) {
        let streak = state.amountReadFailed()
        if streak == 1 {
            logger.warning("cannot use amount.json, keeping the last amount", metadata: ["error": "\(error)", "path": "\(file.url.path)"])
        }
        guard streak >= intervals.amountErrorAlertThreshold else { return }
        state.amountAlertRaised()
        logger.critical(
            """
            amount.json failed \(streak) reads in a row (last error: \(error)). Check: is the file corrupted? \
            Does 1C write valid JSON like {"amount": 123.45}? Is an antivirus blocking access to the file? \
            Path: EXCHANGE_DIR=\(file.url.deletingLastPathComponent().path) (file \(file.url.path))
            """
        )
    }
}

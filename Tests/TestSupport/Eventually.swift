/// Polls `condition` every `interval` until it holds; throws `EventuallyTimeout` once `timeout`
/// has passed. It only waits for something done asynchronously (by another task or process): no
/// fixed sleeps, no timing assertions. An error `condition` throws counts as "not yet" (a server
/// still starting refuses connections); the last one is reported if the wait times out.
public func eventually(
    _ what: String,
    timeout: Duration = .seconds(10),
    every interval: Duration = .milliseconds(10),
    file: StaticString = #filePath,
    line: UInt = #line,
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var lastError: (any Error)?
    while true {
        do {
            if try await condition() { return }
            lastError = nil
        } catch {
            lastError = error
        }
        if clock.now >= deadline { break }
        try await Task.sleep(for: interval)
    }
    throw EventuallyTimeout(what: what, timeout: timeout, lastError: lastError, file: file, line: line)
}

/// `eventually` gave up: what it waited for, how long, the condition's last error, and where the test asked.
public struct EventuallyTimeout: Error, CustomStringConvertible {
    public let what: String
    public let timeout: Duration
    public let lastError: (any Error)?
    public let file: StaticString
    public let line: UInt

    public var description: String {
        "\(file):\(line): timed out after \(timeout) waiting for: \(what)" + (lastError.map { " (last error: \($0))" } ?? "")
    }
}

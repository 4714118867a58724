import XCTest

/// Polls `condition` until it holds or `timeout` passes (then fails the test): no fixed sleeps, no timing assertions.
@discardableResult
func eventually(_ what: String, timeout: Duration = .seconds(5), file: StaticString = #filePath, line: UInt = #line,
                _ condition: () async throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    if try await condition() { return true }
    XCTFail("timed out after \(timeout) waiting for: \(what)", file: file, line: line)
    return false
}

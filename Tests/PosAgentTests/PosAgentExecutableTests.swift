import Foundation
import TestSupport
import XCTest

/// The `pos-agent` binary itself: configuration errors and SIGTERM.
final class PosAgentExecutableTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func binary() throws -> URL {
        let url = Self.root.appendingPathComponent(".build/debug/pos-agent")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw XCTSkip("\(url.path) is missing: run `swift build` first") }
        return url
    }

    private func run(_ environment: [String: String]) throws -> (process: Process, output: Pipe) {
        let process = Process()
        process.executableURL = try binary()
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    func test_executable_exitsWith1AndNamesTheProblem_whenConfigIsMissing() throws {
        let (process, output) = try run(["PATH": "/usr/bin:/bin"])
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(text.contains("STORE_ID is required"), text)
        XCTAssertTrue(text.contains("EXCHANGE_DIR is required"), text)
    }

    func test_executable_exitsWith0_onSIGTERM() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-bin-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withStubBackend { stub in
            let (process, output) = try run([
                "STORE_ID": "1", "BACKEND_URL": stub.url, "STORE_API_KEY": StubBackend.apiKey,
                "EXCHANGE_DIR": directory.path, "PORT": "\(Int.random(in: 20000..<30000))",
                "POLL_DISCOUNTS_MS": "50",
            ])
            // A failed wait must not leave the agent running.
            defer { if process.isRunning { process.terminate() } }
            try await eventually("the agent polls the backend") { stub.polls >= 2 }
            process.terminate()
            try await eventually("the agent exits") { !process.isRunning }
            XCTAssertEqual(process.terminationStatus, 0, String(decoding: output.fileHandleForReading.availableData, as: UTF8.self))
            XCTAssertEqual(process.terminationReason, .exit)
        }
    }
}

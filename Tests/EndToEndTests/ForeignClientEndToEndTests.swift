import Contracts
import Foundation
import XCTest

/// A client that is not ours (protoc-c to encode, nanomsg's own `nanocat` to send) calls a real
/// service: the bus speaks standard protobuf over standard nanomsg REQ/REP.
final class ForeignClientEndToEndTests: XCTestCase {
    func test_nanocatWithProtocEncodedEnvelope_getsAHealthReply() async throws {
        guard let protoc = Self.which("protoc-c"), let nanocat = Self.which("nanocat") else {
            throw XCTSkip("protoc-c or nanocat is not installed (make deps installs them)")
        }
        try await withCluster(base: 18380, databaseURL: ReadinessEndToEndTests.databaseURL) { cluster in
            try cluster.start("loyalty")

            let request = try Self.run(
                protoc,
                ["--encode=platform.Envelope", "common.proto"],
                input: Data(#"method: "Health" request_id: "nanocat-1""#.utf8),
                in: Cluster.root.appendingPathComponent("proto")
            )
            let file = cluster.logDirectory.appendingPathComponent("envelope.bin")
            try request.write(to: file)
            var answer = Data()
            for _ in 0..<50 where answer.isEmpty {
                answer =
                    (try? Self.run(
                        nanocat,
                        [
                            "--req", "--connect", "tcp://127.0.0.1:18381", "--file", file.path,
                            "--raw", "--recv-timeout", "2",
                        ]
                    )) ?? Data()
                if answer.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
            }
            let reply = try Reply(serializedBytes: Array(answer))
            XCTAssertEqual(reply.status, .ok)
            let health = try HealthReply(serializedBytes: Array(reply.body))
            XCTAssertEqual(health.service, "loyalty")

            // And protoc-c, an independent decoder, reads our reply.
            let text = String(
                decoding: try Self.run(
                    protoc,
                    ["--decode=platform.Reply", "common.proto"],
                    input: answer,
                    in: Cluster.root.appendingPathComponent("proto")
                ),
                as: UTF8.self
            )
            XCTAssertTrue(text.contains("body:"), text)
            XCTAssertFalse(text.contains("status:"), "OK is the default and is not on the wire: \(text)")
        }
    }

    static func which(_ tool: String) -> String? {
        ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ tool: String, _ arguments: [String], input: Data? = nil, in directory: URL? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: tool, code: Int(process.terminationStatus))
        }
        return data
    }
}

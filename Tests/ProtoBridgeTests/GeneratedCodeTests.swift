import Foundation
import XCTest

/// The committed protoc-c output must match proto/ (run `make proto` after editing a .proto).
final class GeneratedCodeTests: XCTestCase {
    func test_committedProtocOutput_isNotStale() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let protoc = ["/usr/bin/protoc-c", "/usr/local/bin/protoc-c"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let protoc else { throw XCTSkip("protoc-c is not installed") }
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("proto-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let protoDir = root.appendingPathComponent("proto")
        let files = try FileManager.default.contentsOfDirectory(atPath: protoDir.path).filter { $0.hasSuffix(".proto") }.sorted()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: protoc)
        process.currentDirectoryURL = protoDir
        process.arguments = ["--c_out=\(temp.path)"] + files
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let cproto = root.appendingPathComponent("Shared/CProto")
        for file in files {
            let base = String(file.dropLast(".proto".count))
            for (generated, committed) in [("\(base).pb-c.c", "src/\(base).pb-c.c"), ("\(base).pb-c.h", "include/\(base).pb-c.h")] {
                let fresh = try Data(contentsOf: temp.appendingPathComponent(generated))
                let stored = try? Data(contentsOf: cproto.appendingPathComponent(committed))
                XCTAssertEqual(fresh, stored, "Shared/CProto/\(committed) is stale: run `make proto`")
            }
        }
    }
}

import Bus
import Foundation
import Logging
import TestSupport
import XCTest

/// nanomsg 1.1.5's ipc transport aborts on a malformed frame from any peer, so an ipc endpoint's
/// socket file must be connectable by its owner only. (The test runs as root, which connects
/// regardless, so the mode is what is checked.) See docs/architecture/bus-hardening.md.
final class IPCPermissionTests: XCTestCase {
    private let logger: Logger = {
        var logger = Logger(label: "bus-ipc-test")
        logger.logLevel = .warning
        return logger
    }()

    func testPublisherSocketFileIsOwnerOnly() throws {
        let path = "/tmp/bus-ipc-mode-\(UUID().uuidString).ipc"
        let publisher = try Publisher(url: "ipc://\(path)", logger: logger)
        defer { publisher.close() }
        XCTAssertEqual(try Self.permissions(path), 0o600)
    }

    func testResponderSocketFileIsOwnerOnly() async throws {
        let path = "/tmp/bus-ipc-mode-\(UUID().uuidString).ipc"
        let responder = try Responder(url: "ipc://\(path)", logger: logger) { $0 }
        try await withServing(responder) { _ in
            XCTAssertEqual(try Self.permissions(path), 0o600)
            try await withClosing(try Requester(urls: ["ipc://\(path)"], logger: logger)) { requester in
                let reply = try await requester.request([1, 2, 3], timeout: .seconds(5))
                XCTAssertEqual(reply, [1, 2, 3], "the owner still connects")
            }
        }
    }

    private static func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }
}

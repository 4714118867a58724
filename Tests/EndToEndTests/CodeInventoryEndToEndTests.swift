import Foundation
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real code-inventory and gateway executables: a CSV upload over HTTP, then reserve and count.
final class CodeInventoryEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"

    func test_csvUploadThroughTheGateway_thenReserveAndCount() async throws {
        let objects = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-objects-\(UUID().uuidString.prefix(6))")
        try await withCluster(
            base: 18480,
            databaseURL: Self.databaseURL,
            extra: ["OBJECT_STORE_DIR": objects.path, "GATEWAY_UPLOAD_CHUNK_BYTES": "65536"]
        ) { cluster in
            try cluster.start("code-inventory")
            try cluster.start("gateway")
            defer { try? FileManager.default.removeItem(at: objects) }
            var healthy = false
            for _ in 0..<150 {
                if let (status, body) = try? await cluster.get("/api/health/code-inventory"), status == 200,
                    body["databaseReachable"] as? Bool == true
                {
                    healthy = true
                    break
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
            XCTAssertTrue(healthy, "code-inventory log:\n\(cluster.log("code-inventory"))")
            let token = try await cluster.token(subject: "e2e", roles: ["supreme"])
            let campaign = "e2e-\(UUID().uuidString.prefix(8).lowercased())"
            // About 600 KB: ten chunk messages of 64 KiB.
            let csv = (0..<40_000).map { "E2E-\($0)\n" }.joined()
            let (status, imported) = try await cluster.request(
                "POST",
                "/api/campaigns/\(campaign)/codes?type=external",
                token: token,
                contentType: "text/csv",
                body: Data(csv.utf8)
            )
            XCTAssertEqual(status, 200, "\(imported)\n\(cluster.log("gateway"))")
            XCTAssertEqual(imported["inserted"] as? Int, 40_000)
            let (reserveStatus, reserved) = try await cluster.request("GET", "/api/campaigns/\(campaign)/reserve?type=external&count=7", token: token)
            XCTAssertEqual(reserveStatus, 200)
            XCTAssertEqual((reserved["codes"] as? [String])?.count, 7)
            let (countStatus, counts) = try await cluster.request("GET", "/api/campaigns/\(campaign)/codes/count?type=external", token: token)
            XCTAssertEqual(countStatus, 200)
            XCTAssertEqual(counts["external"] as? [String: Int], ["available": 39_993, "reserved": 7, "assigned": 0])
        }
    }
}

import Foundation
import JWTKit
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real code-inventory and gateway executables: a CSV upload over HTTP, then reserve and count.
final class CodeInventoryEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"

    private struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var roles: [String]
        func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    private func request(_ cluster: Cluster, _ method: String, _ path: String, token: String, contentType: String? = nil,
                         body: Data? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(cluster.gatewayPort)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    func test_csvUploadThroughTheGateway_thenReserveAndCount() async throws {
        let objects = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-objects-\(UUID().uuidString.prefix(6))")
        let cluster = try Cluster(base: 18480, databaseURL: Self.databaseURL,
                                  extra: ["OBJECT_STORE_DIR": objects.path, "GATEWAY_UPLOAD_CHUNK_BYTES": "65536"])
        try cluster.start("code-inventory")
        try cluster.start("gateway")
        defer { try? FileManager.default.removeItem(at: objects) }
        var healthy = false
        for _ in 0..<150 {
            if let (status, body) = try? await cluster.get("/api/health/code-inventory"), status == 200,
               body["databaseReachable"] as? Bool == true {
                healthy = true
                break
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        XCTAssertTrue(healthy, "code-inventory log:\n\(cluster.log("code-inventory"))")
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: cluster.environment["JWT_SECRET"]!), digestAlgorithm: .sha256)
        let token = try await keys.sign(Claims(sub: "e2e", exp: ExpirationClaim(value: Date().addingTimeInterval(600)), roles: ["supreme"]))
        let campaign = "e2e-\(UUID().uuidString.prefix(8).lowercased())"
        // About 600 KB: ten chunk messages of 64 KiB.
        let csv = (0..<40_000).map { "E2E-\($0)\n" }.joined()
        let (status, imported) = try await request(cluster, "POST", "/api/campaigns/\(campaign)/codes?type=external", token: token,
                                                   contentType: "text/csv", body: Data(csv.utf8))
        XCTAssertEqual(status, 200, "\(imported)\n\(cluster.log("gateway"))")
        XCTAssertEqual(imported["inserted"] as? Int, 40_000)
        let (reserveStatus, reserved) = try await request(cluster, "GET", "/api/campaigns/\(campaign)/reserve?type=external&count=7", token: token)
        XCTAssertEqual(reserveStatus, 200)
        XCTAssertEqual((reserved["codes"] as? [String])?.count, 7)
        let (countStatus, counts) = try await request(cluster, "GET", "/api/campaigns/\(campaign)/codes/count?type=external", token: token)
        XCTAssertEqual(countStatus, 200)
        XCTAssertEqual(counts["external"] as? [String: Int], ["available": 39_993, "reserved": 7, "assigned": 0])
        await cluster.stopAll()
    }
}

import Foundation
import XCTest

/// A service started while Postgres is down keeps retrying, is reported down, and recovers by itself.
final class DatabaseOutageEndToEndTests: XCTestCase {
    func test_serviceStartedWithoutPostgres_retries_andRecoversWhenItComesBack() async throws {
        let postgres = try ThrowawayPostgres(port: 55499)
        defer { postgres.destroy() }

        try await withCluster(base: 18280, databaseURL: "postgresql://postgres@127.0.0.1:55499/postgres") { cluster in
            try cluster.start("loyalty")
            try cluster.start("gateway")
            let down = await cluster.waitForReadiness { status, body in
                status == 503 && ((body["services"] as? [String: Any])?["loyalty"] as? [String: Any])?["problem"] as? String == "database unreachable"
            }
            XCTAssertEqual(down?.0, 503)
            XCTAssertTrue((down?.1["down"] as? [String] ?? []).contains("loyalty"))
            XCTAssertTrue(cluster.log("loyalty").contains("database unavailable"), cluster.log("loyalty"))

            try postgres.start()
            let recovered = await cluster.waitForReadiness(tries: 200) { _, body in
                ((body["services"] as? [String: Any])?["loyalty"] as? [String: Any])?["healthy"] as? Bool == true
            }
            XCTAssertNotNil(recovered, "loyalty did not recover:\n\(cluster.log("loyalty"))")
            XCTAssertTrue(cluster.log("loyalty").contains("database ready"))
        }
    }
}

import Foundation
import XCTest

/// Every executable at `LOG_LEVEL=trace`, configured with secrets we can recognise: none of them
/// may appear in anything it prints, from start-up to shutdown.
final class SecretsInLogsEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let base = 19080

    /// The test Postgres trusts local connections, so a password in the URL is carried but unused.
    static func withPassword(_ url: String, _ password: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let user = url[scheme.upperBound..<at].split(separator: ":").first.map(String.init) ?? "postgres"
        return String(url[..<scheme.upperBound]) + user + ":" + password + String(url[at...])
    }

    func test_noExecutablePrintsAPasswordKeyOrToken_atTraceLevel() async throws {
        let encryptionKey = Data((0..<32).map { UInt8($0 + 101) }).base64EncodedString()
        let secrets = [
            "DATABASE_URL": Self.withPassword(Self.databaseURL, "pg-Secret-Password-4821"),
            "JWT_SECRET": "jwt-Secret-Value-0123456789-0123456789-xyz",
            "TELEGRAM_BOT_TOKEN": "123456:bot-Secret-Token-abcdef",
            "CLAIMER_ENCRYPTION_KEY": "trace1:" + encryptionKey,
            "LOYALTY_DB_PASSWORD": "loyalty-Secret-Role-Password", "MARKETS_DB_PASSWORD": "markets-Secret-Role-Password",
            "CODE_INVENTORY_DB_PASSWORD": "ci-Secret-Role-Password", "CLAIMER_DB_PASSWORD": "claimer-Secret-Role-Password",
            "SCHEDULER_DB_PASSWORD": "scheduler-Secret-Role-Password",
        ]
        var extra = secrets
        extra["LOG_LEVEL"] = "trace"
        try await withCluster(base: Self.base, databaseURL: secrets["DATABASE_URL"]!, extra: extra) { cluster in
            try cluster.startAll()
            let exchange = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-agent-\(UUID().uuidString.prefix(6))")
            try FileManager.default.createDirectory(at: exchange, withIntermediateDirectories: true)
            try cluster.start(
                "pos-agent",
                extra: [
                    "STORE_ID": "1", "STORE_NAME": "Trace till", "BACKEND_URL": "http://127.0.0.1:\(Self.base)",
                    "STORE_API_KEY": "sk_store-Secret-Api-Key-777", "EXCHANGE_DIR": exchange.path, "PORT": String(Self.base + 50),
                ]
            )
            let ready = await cluster.waitForReadiness { status, _ in status == 200 }
            XCTAssertEqual(ready?.0, 200, "gateway log:\n\(cluster.log("gateway"))")
            try await Task.sleep(for: .seconds(1))
            await cluster.stopAll()

            let needles = [
                "pg-Secret-Password-4821", "jwt-Secret-Value", "bot-Secret-Token", encryptionKey, "Secret-Role-Password",
                "sk_store-Secret-Api-Key-777",
            ]
            for name in Cluster.services + ["gateway", "pos-agent"] {
                let log = cluster.log(name)
                XCTAssertFalse(log.isEmpty, "\(name) printed nothing at trace level")
                for needle in needles {
                    XCTAssertFalse(
                        log.contains(needle),
                        "\(name) printed \(needle):\n\(log.components(separatedBy: "\n").filter { $0.contains(needle) }.prefix(3).joined(separator: "\n"))"
                    )
                }
            }
            try? FileManager.default.removeItem(at: exchange)
        }
    }
}

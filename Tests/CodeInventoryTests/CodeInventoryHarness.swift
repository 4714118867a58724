import Bus
import CodeInventory
import Contracts
import Foundation
import Logging
import ProtoBridge
import Store
@testable import ServiceKit

/// The real code-inventory service in-process: its own schema, role and ipc endpoints against the
/// test Postgres, a manual clock, and an object-store directory of its own.
struct CodeInventoryHarness {
    let runtime: ServiceRuntime
    let client: RPCClient
    let clock: ManualClock
    let name: String
    let objectDirectory: URL
    let rpcURL: String

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    /// A fixed start so dates in assertions are exact.
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    static let supreme = Principal(subject: "sup-1", roles: ["supreme"])
    static let admin = Principal(subject: "adm-1", roles: ["admin"])
    static let service = Principal.service("markets")

    static func start(clock: ManualClock = ManualClock(epoch), poolSize: Int = 8) async throws -> CodeInventoryHarness {
        let name = "ci-" + UUID().uuidString.prefix(8).lowercased()
        let prefix = ServiceEndpoints.envPrefix(name)
        let objects = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-objects")
        try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
        let environment = ServiceEnvironment([
            "DATABASE_URL": databaseURL,
            "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc",
            "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
            "DB_POOL_SIZE": String(poolSize),
            "OBJECT_STORE_DIR": objects.path,
        ])
        let config = ServiceConfig(name: name, environment: environment)
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let definition = CodeInventoryService.makeDefinition(name: name, environment: environment)
        let runtime = try ServiceRuntime(definition: definition, config: config, clock: clock, logger: logger)
        let migrations = try Migration.load(directory: definition.migrationsDirectory!)
        try await DatabaseBootstrap(config: config, database: runtime.database, serviceMigrations: migrations, logger: logger).run()
        runtime.server.start()
        let client = try RPCClient(service: name, urls: [config.rpcURL], logger: logger)
        return CodeInventoryHarness(runtime: runtime, client: client, clock: clock, name: name, objectDirectory: objects,
                                    rpcURL: config.rpcURL)
    }

    func stop() async {
        client.close()
        await runtime.server.stop()
        runtime.publisher.close()
        _ = try? await runtime.database.pool.execute("DROP SCHEMA IF EXISTS \(identifier: runtime.config.schema) CASCADE")
        await runtime.database.pool.close()
        try? FileManager.default.removeItem(at: objectDirectory)
    }

    /// A typed call; a non-OK reply throws `RPCError`.
    func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String, _ request: Request, as _: Response.Type = Response.self,
        principal: Principal = supreme, key: String = ""
    ) async throws -> Response {
        try await client.call(method, request, as: Response.self,
                              options: CallOptions(principal: principal, idempotencyKey: key, timeout: .seconds(60)))
    }

    /// The raw reply (status, message, violations).
    func reply<Request: ProtoCodable>(_ method: String, _ request: Request, principal: Principal = supreme, key: String = "") async throws -> Reply {
        await client.callRaw(method, body: try request.serializedBytes(),
                             options: CallOptions(principal: principal, idempotencyKey: key, timeout: .seconds(60)))
    }

    /// Imports CSV text through the chunked upload methods, `chunk` bytes per chunk.
    func upload(_ csv: [UInt8], campaign: String, type: String = "tm", chunk: Int = 1 << 20) async throws -> ImportCodesReply {
        let begun = try await call("BeginCodeUpload", BeginCodeUploadRequest(campaignId: campaign, type: type), as: BeginCodeUploadReply.self)
        var seq: Int32 = 0
        var start = 0
        while start < csv.count {
            let end = min(start + chunk, csv.count)
            _ = try await call("AppendCodeUploadChunk", AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: seq, data: Data(csv[start..<end])),
                               as: AppendCodeUploadChunkReply.self)
            seq += 1
            start = end
        }
        return try await call("FinishCodeUpload", FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: seq), as: ImportCodesReply.self)
    }

    /// `n` codes `<prefix>-00000` …, one per line.
    static func csv(_ n: Int, prefix: String = "C") -> [UInt8] {
        Array((0..<n).map { String(format: "%@-%06d\n", prefix, $0) }.joined().utf8)
    }

    func counts(_ campaign: String, type: String = "") async throws -> CountCodesReply {
        try await call("CountCodes", CountCodesRequest(campaignId: campaign, type: type), as: CountCodesReply.self)
    }

    /// Rows stored for a campaign (any state).
    func storedCodes(_ campaign: String) async throws -> Int {
        let rows = try await runtime.database.pool.query("SELECT count(*) AS n FROM codes WHERE campaign_id = \(campaign)")
        return try rows[0].decode("n", as: Int.self)
    }

    /// Outbox topics written so far, in order.
    func outboxTopics() async throws -> [String] {
        let rows = try await runtime.database.pool.query("SELECT topic FROM outbox ORDER BY created")
        return try rows.map { try $0.decode("topic", as: String.self) }
    }
}

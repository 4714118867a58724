import Bus
import Contracts
import Foundation
import Logging
import ProtoBridge
import Store
import TestSupport

@testable import CodeInventory
@testable import ServiceKit

/// The real code-inventory service in-process: its own schema, role and ipc endpoints against the
/// test Postgres, a manual clock, and an object-store directory of its own.
struct CodeInventoryHarness {
    let service: InProcessService
    let clock: ManualClock
    let objectDirectory: URL

    var runtime: ServiceRuntime { service.runtime }
    var client: RPCClient { service.client }
    var name: String { service.name }
    var rpcURL: String { service.rpcURL }

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    /// A fixed start so dates in assertions are exact.
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static let supreme = Principal(subject: "sup-1", roles: ["supreme"])
    static let admin = Principal(subject: "adm-1", roles: ["admin"])
    static let service = Principal.service("markets")

    /// `extra` adds settings (`CODE_UPLOAD_STALE_SECONDS`, …); `objectStore` replaces the directory store.
    static func start(
        clock: ManualClock = ManualClock(epoch),
        poolSize: Int = 8,
        extra: [String: String] = [:],
        objectStore: (any ObjectStore)? = nil
    ) async throws -> CodeInventoryHarness {
        let name = "ci-" + UUID().uuidString.prefix(8).lowercased()
        let objects = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-objects")
        try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
        let environment = InProcessService.environment(
            name: name,
            databaseURL: databaseURL,
            poolSize: poolSize,
            extra: ["OBJECT_STORE_DIR": objects.path].merging(extra) { _, new in new }
        )
        let service = try await InProcessService.start(
            definition: CodeInventoryService.makeDefinition(name: name, environment: environment, objectStore: objectStore),
            environment: environment,
            clock: clock
        )
        return CodeInventoryHarness(service: service, clock: clock, objectDirectory: objects)
    }

    /// A second process of the same service: same schema and object store, its own endpoints
    /// (and so its own reserve batches). Stop it with `stopReplica()`; the schema stays.
    func startReplica() async throws -> CodeInventoryHarness {
        let prefix = ServiceEndpoints.envPrefix(name)
        let environment = InProcessService.environment(
            name: name,
            databaseURL: Self.databaseURL,
            poolSize: 8,
            extra: [
                "OBJECT_STORE_DIR": objectDirectory.path,
                "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-replica-rpc.ipc",
                "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-replica-events.ipc",
            ]
        )
        let replica = try await InProcessService.start(
            definition: CodeInventoryService.makeDefinition(name: name, environment: environment),
            environment: environment,
            clock: clock
        )
        return CodeInventoryHarness(service: replica, clock: clock, objectDirectory: objectDirectory)
    }

    func stopReplica() async {
        await service.stop(dropSchema: false)
    }

    func stop() async {
        await service.stop(dropSchema: true)
        try? FileManager.default.removeItem(at: objectDirectory)
    }

    /// A typed call; a non-OK reply throws `RPCError`.
    func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ request: Request,
        as _: Response.Type = Response.self,
        principal: Principal = supreme,
        key: String = ""
    ) async throws -> Response {
        try await service.call(method, request, as: Response.self, principal: principal, key: key)
    }

    /// The raw reply (status, message, violations).
    func reply<Request: ProtoCodable>(_ method: String, _ request: Request, principal: Principal = supreme, key: String = "") async throws -> Reply {
        try await service.reply(method, request, principal: principal, key: key)
    }

    /// Imports CSV text through the chunked upload methods, `chunk` bytes per chunk.
    func upload(_ csv: [UInt8], campaign: String, type: String = "tm", chunk: Int = 1 << 20) async throws -> ImportCodesReply {
        let begun = try await call("BeginCodeUpload", BeginCodeUploadRequest(campaignId: campaign, type: type), as: BeginCodeUploadReply.self)
        var seq: Int32 = 0
        var start = 0
        while start < csv.count {
            let end = min(start + chunk, csv.count)
            _ = try await call(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: seq, data: Data(csv[start..<end])),
                as: AppendCodeUploadChunkReply.self
            )
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

    /// Uploads neither finished nor aborted.
    func openUploads() async throws -> Int {
        let rows = try await runtime.database.pool.query("SELECT count(*) AS n FROM uploads WHERE finished_at IS NULL AND aborted_at IS NULL")
        return try rows[0].decode("n", as: Int.self)
    }

    /// Uploads of any state.
    func uploadRows() async throws -> Int {
        try await runtime.database.pool.query("SELECT count(*) AS n FROM uploads")[0].decode("n", as: Int.self)
    }

    /// Values staged by uploads and not yet imported or discarded.
    func stagedCodes() async throws -> Int {
        try await runtime.database.pool.query("SELECT count(*) AS n FROM upload_codes")[0].decode("n", as: Int.self)
    }

    /// Chunks the service has applied to its only unfinished upload (0 when there is none).
    func chunksOfOpenUpload() async throws -> Int {
        let rows = try await runtime.database.pool.query("SELECT coalesce(max(next_seq), 0) AS n FROM uploads WHERE finished_at IS NULL")
        return try rows[0].decode("n", as: Int.self)
    }

    /// The service's stale-upload sweeper, as its definition builds it (the in-process service runs
    /// no background pieces: tests sweep when they want to).
    func sweeper() throws -> StaleUploadSweeper {
        guard let sweeper = runtime.definition.background(runtime).compactMap({ $0 as? StaleUploadSweeper }).first else {
            throw StoreError(kind: .other, message: "the definition has no StaleUploadSweeper")
        }
        return sweeper
    }

    /// The status of a reserve of one code: `.aborted` (409) when nothing is reservable.
    func reserveOne(_ campaign: String, type: String = "tm") async throws -> StatusCode {
        try await reply("ReserveCodes", ReserveCodesRequest(campaignId: campaign, type: type, count: 1)).status
    }

    /// The `codes_reserved` events written so far (one per reserve transaction).
    func reservedEvents() async throws -> [CodesReserved] {
        let rows = try await runtime.database.pool.query("SELECT payload FROM outbox WHERE topic = \(name + ".codes_reserved") ORDER BY created")
        return try rows.map { try CodesReserved(serializedBytes: try $0.decode("payload", as: [UInt8].self)) }
    }

    /// The reservation holding each reserved code of the campaign (written as `reserved`, or by a range).
    func storedReservations(_ campaign: String) async throws -> [String: String] {
        let rows = try await runtime.database.pool.query(
            "SELECT code, reserve_id::text AS reserve_id FROM code_states WHERE campaign_id = \(campaign) AND state = 'reserved'"
        )
        var stored: [String: String] = [:]
        for row in rows { stored[try row.decode("code", as: String.self)] = try row.decode("reserve_id", as: String.self) }
        return stored
    }

    /// The `reservations` rows of a campaign: reserve id → listed codes.
    func reservationRows(_ campaign: String) async throws -> [String: [String]] {
        let rows = try await runtime.database.pool.query(
            "SELECT reserve_id::text AS reserve_id, codes FROM reservations WHERE campaign_id = \(campaign)"
        )
        var listed: [String: [String]] = [:]
        for row in rows { listed[try row.decode("reserve_id", as: String.self)] = try row.decode("codes", as: [String].self) }
        return listed
    }

    /// Outbox topics written so far, in order.
    func outboxTopics() async throws -> [String] {
        let rows = try await runtime.database.pool.query("SELECT topic FROM outbox ORDER BY created")
        return try rows.map { try $0.decode("topic", as: String.self) }
    }
}

/// Starts the code-inventory service, runs `body` with it and stops it (dropping its schema and
/// object store), also when `body` throws.
@discardableResult
func withCodeInventory<Result>(
    clock: ManualClock = ManualClock(CodeInventoryHarness.epoch),
    poolSize: Int = 8,
    extra: [String: String] = [:],
    objectStore: (any ObjectStore)? = nil,
    _ body: (CodeInventoryHarness) async throws -> Result
) async throws -> Result {
    let service = try await CodeInventoryHarness.start(clock: clock, poolSize: poolSize, extra: extra, objectStore: objectStore)
    return try await withStarted(service, stop: { await $0.stop() }, body)
}

extension CodeInventoryHarness {
    /// Starts a replica (`startReplica()`), runs `body` with it and stops it (the schema stays),
    /// also when `body` throws.
    @discardableResult
    func withReplica<Result>(_ body: (CodeInventoryHarness) async throws -> Result) async throws -> Result {
        try await withStarted(try await startReplica(), stop: { await $0.stopReplica() }, body)
    }
}

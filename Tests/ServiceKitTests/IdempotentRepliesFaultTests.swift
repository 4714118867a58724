import Bus
import Contracts
import Foundation
import Store
import Synchronization
import XCTest

@testable import ServiceKit

/// The idempotency store with the database connection killed between each pair of its steps:
/// claim of the key, the handler's effect, the stored reply and the commit. Every request, retried
/// with its key until it is answered, takes effect exactly once, and no key is left without a reply.
final class IdempotentRepliesFaultTests: XCTestCase {
    /// Where the handler kills its own database session, once.
    enum KillPoint: String, CaseIterable, Sendable {
        case afterClaim, insideEffect, afterEffect, afterReply
    }

    func test_connectionKilledBetweenSteps_appliesOnce_andStrandsNoKey() async throws {
        for point in KillPoint.allCases {
            let armed = Arm(true)
            try await Self.withEffectService(kill: point, armed: armed) { service, schema in
                let statuses = try await Self.callUntilAnswered(service, key: "k-\(point)", text: "a")
                XCTAssertEqual(statuses.last, .ok, "\(point): \(statuses)")
                XCTAssertFalse(armed.isArmed, "\(point): the kill happened")
                try await Self.assertExactlyOnce(service, schema: schema, key: "k-\(point)", point.rawValue)
            }
        }
    }

    func test_connectionKilledDuringCommit_appliesOnce_andTheRetryGetsTheReply() async throws {
        // A deferred trigger kills the session inside COMMIT: with the sleep it dies before the
        // commit record (nothing kept); without it, usually just after (kept, reply lost on the way).
        for sleepsAfterKill in [true, false] {
            let armed = Arm(false)
            try await Self.withEffectService(kill: .afterReply, armed: armed) { service, schema in
                let pool = service.runtime.database.pool
                try await pool.execute("CREATE SEQUENCE \(identifier: schema).kill_once")
                try await pool.execute(
                    """
                    CREATE FUNCTION \(identifier: schema).kill_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF nextval('\(unsafeRaw: schema).kill_once') = 1 THEN
                            PERFORM pg_terminate_backend(pg_backend_pid());
                            \(unsafeRaw: sleepsAfterKill ? "PERFORM pg_sleep(5);" : "")
                        END IF;
                        RETURN NULL;
                    END $$
                    """
                )
                try await pool.execute(
                    """
                    CREATE CONSTRAINT TRIGGER kill_at_commit AFTER INSERT ON \(identifier: schema).effects
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION \(identifier: schema).kill_at_commit()
                    """
                )
                let statuses = try await Self.callUntilAnswered(service, key: "k-commit", text: "a")
                XCTAssertEqual(statuses.last, .ok, "\(statuses)")
                XCTAssertTrue(statuses.dropLast().allSatisfy { $0 == .unavailable }, "a lost commit is UNAVAILABLE: \(statuses)")
                try await Self.assertExactlyOnce(service, schema: schema, key: "k-commit", "commit (sleep \(sleepsAfterKill))")
            }
        }
    }

    func test_concurrentDuplicates_runOnce_andAllGetTheFirstReply() async throws {
        let armed = Arm(false)
        try await Self.withEffectService(kill: .afterClaim, armed: armed) { service, schema in
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        await service.client.callRaw(
                            "Apply",
                            body: try EchoRequest(text: "same").serializedBytes(),
                            options: CallOptions(principal: Principal(subject: "u1"), idempotencyKey: "k-race")
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(Set(replies.map(\.status)), [.ok])
            XCTAssertEqual(Set(replies.map(\.body)).count, 1, "every duplicate got the first reply")
            try await Self.assertExactlyOnce(service, schema: schema, key: "k-race", "race")
        }
    }

    func test_keyReusedWithAnotherBody_isRefused_andChangesNothing() async throws {
        let armed = Arm(false)
        try await Self.withEffectService(kill: .afterClaim, armed: armed) { service, schema in
            let options = CallOptions(principal: Principal(subject: "u1"), idempotencyKey: "k-reuse")
            let first = await service.client.callRaw("Apply", body: try EchoRequest(text: "a").serializedBytes(), options: options)
            XCTAssertEqual(first.status, .ok)
            let other = await service.client.callRaw("Apply", body: try EchoRequest(text: "b").serializedBytes(), options: options)
            XCTAssertEqual(other.status, .failedPrecondition)
            XCTAssertEqual(other.reason, IdempotentReplies.keyReusedReason)
            let again = await service.client.callRaw("Apply", body: try EchoRequest(text: "b").serializedBytes(), options: options)
            XCTAssertEqual(again.reason, IdempotentReplies.keyReusedReason, "the refusal of a reuse is not stored as the key's answer")
            let same = await service.client.callRaw("Apply", body: try EchoRequest(text: "a").serializedBytes(), options: options)
            XCTAssertEqual(same.body, first.body)
            try await Self.assertExactlyOnce(service, schema: schema, key: "k-reuse", "reuse")
        }
    }

    // MARK: - Helpers

    /// A service whose idempotent `Apply` writes one effect row in a transaction of its own and
    /// reads it back (as handlers do), killing its session at `kill` while `armed`.
    static func withEffectService(
        kill point: KillPoint,
        armed: Arm,
        _ body: (TestService, String) async throws -> Void
    ) async throws {
        try await withTestService(register: { runtime in
            let pool = runtime.database.pool
            let schema = runtime.config.schema
            @Sendable func killHere(_ here: KillPoint, _ tx: Transaction? = nil) async throws {
                guard here == point, armed.fire() else { return }
                let kill: SQL = "SELECT pg_terminate_backend(pg_backend_pid())"
                if let tx { _ = try await tx.query(kill) } else { _ = try await pool.query(kill) }
            }
            runtime.registerIdempotent("Apply") { (request: EchoRequest, context) in
                try await killHere(.afterClaim)
                try await pool.transaction { tx in
                    try await tx.execute("INSERT INTO \(identifier: schema).effects (key, text) VALUES (\(context.idempotencyKey), \(request.text))")
                    try await killHere(.insideEffect, tx)
                }
                try await killHere(.afterEffect)
                let count = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).effects WHERE key = \(context.idempotencyKey)")
                    .first!.decode("n", as: Int.self)
                try await killHere(.afterReply)
                return EchoReply(text: "applied \(request.text) (\(count) row)")
            }
        }) { service in
            let schema = service.runtime.config.schema
            try await service.runtime.database.pool.execute("CREATE TABLE \(identifier: schema).effects (key text NOT NULL, text text NOT NULL)")
            try await body(service, schema)
        }
    }

    /// Calls `Apply` with `key` until it gets an answer other than UNAVAILABLE / ABORTED, as a
    /// client following the same-key rule does; returns every status it saw.
    static func callUntilAnswered(_ service: TestService, key: String, text: String) async throws -> [StatusCode] {
        var statuses: [StatusCode] = []
        for _ in 0..<20 {
            let reply = await service.client.callRaw(
                "Apply",
                body: try EchoRequest(text: text).serializedBytes(),
                options: CallOptions(principal: Principal(subject: "u1"), idempotencyKey: key)
            )
            statuses.append(reply.status)
            if reply.status == .ok {
                XCTAssertEqual(try EchoReply(serializedBytes: Array(reply.body)).text, "applied \(text) (1 row)")
            }
            guard reply.status == .unavailable || reply.status == .aborted else { return statuses }
            try await Task.sleep(for: .milliseconds(50))
        }
        return statuses
    }

    static func assertExactlyOnce(
        _ service: TestService,
        schema: String,
        key: String,
        _ label: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws {
        let pool = service.runtime.database.pool
        let effects = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).effects WHERE key = \(key)").first!.decode(
            "n",
            as: Int.self
        )
        XCTAssertEqual(effects, 1, "\(label): effects of the key", file: file, line: line)
        let stranded = try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).idempotency_keys WHERE reply IS NULL")
            .first!.decode("n", as: Int.self)
        XCTAssertEqual(stranded, 0, "\(label): keys without a reply", file: file, line: line)
        let again = await service.client.callRaw(
            "Apply",
            body: try EchoRequest(text: "a").serializedBytes(),
            options: CallOptions(principal: Principal(subject: "u1"), idempotencyKey: key)
        )
        if key != "k-race" { XCTAssertEqual(again.status, .ok, "\(label): a later retry gets the stored reply", file: file, line: line) }
    }
}

/// A one-shot switch: `fire()` is true once, while armed.
final class Arm: Sendable {
    private let state: Mutex<Bool>
    init(_ armed: Bool) { state = Mutex(armed) }
    var isArmed: Bool { state.withLock { $0 } }
    func fire() -> Bool {
        state.withLock { armed in
            defer { armed = false }
            return armed
        }
    }
}

import Bus
import Claimer
import CodeInventory
import Contracts
import Foundation
import Logging
import ServiceKit
import Store
import TestSupport
import XCTest

/// code-inventory's new promo codes reach every user with a key once, over the bus or its outbox.
final class PromoCodeEventsTests: XCTestCase {
    static let admin = Principal(subject: "adm", roles: ["admin"])

    /// A throwaway code-inventory, and a claimer whose consumer reads its events (at `eventsURL`
    /// when given, to make the bus lose them) and catches up every `catchUpMs`.
    func withInventoryAndClaimer(
        catchUpMs: Int,
        eventsURL: String? = nil,
        workers: Bool,
        _ body: (InProcessService, ClaimerHarness) async throws -> Void
    ) async throws {
        let name = "ci-" + UUID().uuidString.prefix(8).lowercased()
        let environment = InProcessService.environment(
            name: name,
            databaseURL: ClaimerHarness.databaseURL,
            extra: ["OBJECT_STORE_DIR": NSTemporaryDirectory()]
        )
        try await withInProcessService(
            definition: CodeInventoryService.makeDefinition(name: name, environment: environment),
            environment: environment,
            clock: SystemClock()
        ) { inventory in
            let prefix = ServiceEndpoints.envPrefix(name)
            let extra = [
                "CLAIM_AUTO_ENQUEUE": "true", "CLAIM_WORKERS_ENABLED": "false", "CLAIM_EVENTS_CATCH_UP_MS": String(catchUpMs),
                "\(prefix)_RPC_URL": inventory.rpcURL, "\(prefix)_EVENTS_URL": eventsURL ?? inventory.runtime.config.eventsURL,
            ]
            try await withClaimer(extra: extra, workers: workers, codeInventory: name) { claimer in
                try await body(inventory, claimer)
            }
        }
    }

    /// Creates an active promo code and publishes code-inventory's outbox (its relay's work).
    func create(_ code: String, on inventory: InProcessService) async throws {
        let now = Date()
        let _: PromoCode = try await inventory.call(
            "CreatePromoCode",
            CreatePromoCodeRequest(
                code: code,
                benefit: PromoBenefit(credits: 100),
                maxRedemptions: 100,
                validFrom: Timestamps.format(now.addingTimeInterval(-60)),
                validUntil: Timestamps.format(now.addingTimeInterval(3600))
            ),
            principal: Self.admin
        )
        _ = try await inventory.runtime.relay.publishBatch()
    }

    /// Users `u0`… with a key on file (each with one unrelated code queued).
    func keyHolders(_ count: Int, on claimer: ClaimerHarness) async throws -> [String] {
        let users = (0..<count).map { "u\($0)" }
        for user in users { try await claimer.submit(user, codes: ["OTHER-1"]) }
        return users
    }

    func jobs(for code: String, on claimer: ClaimerHarness) async throws -> (jobs: Int, users: Int) {
        let row = try await claimer.pool.query(
            "SELECT count(*) AS n, count(DISTINCT user_id) AS u FROM jobs WHERE code = \(code)"
        )[0]
        return (try row.decode("n"), try row.decode("u"))
    }

    func test_newPromoCode_isEnqueuedOncePerKeyHolder_withTwoConsumersRunning() async throws {
        try await withInventoryAndClaimer(catchUpMs: 200, workers: true) { inventory, claimer in
            _ = try await keyHolders(20, on: claimer)
            try await claimer.withReplica {
                try await create("AUTO-NEW", on: inventory)
                try await eventually("20 users get the code", timeout: .seconds(20)) {
                    try await jobs(for: "AUTO-NEW", on: claimer).users == 20
                }
                // Both consumers go on reading live events and catching up: nothing is enqueued twice.
                try await Task.sleep(for: .seconds(1))
                let (count, users) = try await jobs(for: "AUTO-NEW", on: claimer)
                XCTAssertEqual(count, 20)
                XCTAssertEqual(users, 20)
                let marked = try await claimer.count("SELECT count(*) AS n FROM auto_claims WHERE code = 'AUTO-NEW'")
                XCTAssertEqual(marked, 20)
            }
        }
    }

    func test_claimerDownWhileCodeCreated_catchesUpWhenItReturns() async throws {
        // A minute between periodic checks: only the catch-up at start can find the code.
        try await withInventoryAndClaimer(catchUpMs: 60_000, workers: false) { inventory, claimer in
            _ = try await keyHolders(3, on: claimer)
            try await create("WHILE-DOWN", on: inventory)
            try await claimer.withReplica {
                try await eventually("the code is enqueued after the restart", timeout: .seconds(20)) {
                    try await jobs(for: "WHILE-DOWN", on: claimer).users == 3
                }
            }
        }
    }

    func test_eventsLostOnTheBus_areFilledByThePeriodicCheck() async throws {
        // The consumer listens where nothing publishes: every live event is lost to it.
        let nowhere = "ipc:///tmp/nowhere-\(UUID().uuidString.prefix(8)).ipc"
        try await withInventoryAndClaimer(catchUpMs: 300, eventsURL: nowhere, workers: false) { inventory, claimer in
            _ = try await keyHolders(3, on: claimer)
            try await create("BEFORE", on: inventory)
            try await claimer.withReplica {
                // The catch-up at start is over once it enqueued the code created before it.
                try await eventually("the start's catch-up", timeout: .seconds(20)) {
                    try await jobs(for: "BEFORE", on: claimer).users == 3
                }
                try await create("FIRST", on: inventory)
                try await create("SECOND", on: inventory)
                try await eventually("both codes are enqueued without a later event", timeout: .seconds(20)) {
                    let first = try await jobs(for: "FIRST", on: claimer).users
                    let second = try await jobs(for: "SECOND", on: claimer).users
                    return first == 3 && second == 3
                }
            }
        }
    }

    func test_aCodeEnqueuedOnce_isNotEnqueuedAgainWhenItsJobEnded() async throws {
        try await withInventoryAndClaimer(catchUpMs: 200, workers: false) { inventory, claimer in
            _ = try await keyHolders(2, on: claimer)
            try await claimer.withReplica {
                try await create("ONCE", on: inventory)
                try await eventually("the code is enqueued", timeout: .seconds(20)) {
                    try await jobs(for: "ONCE", on: claimer).users == 2
                }
            }
            // The job ended; the event is read again from the start (a lost cursor): no new job.
            _ = try await claimer.pool.execute("UPDATE jobs SET state = 'cancelled' WHERE code = 'ONCE'")
            _ = try await claimer.pool.execute("DELETE FROM processed_events")
            _ = try await claimer.pool.execute("DELETE FROM event_cursors")
            try await claimer.withReplica {
                try await eventually("the outbox was read again", timeout: .seconds(20)) {
                    try await claimer.count("SELECT count(*) AS n FROM event_cursors") == 1
                }
            }
            let (count, _) = try await jobs(for: "ONCE", on: claimer)
            XCTAssertEqual(count, 2)
        }
    }
}

import Contracts
import Foundation
import Store
import XCTest

@testable import Scheduler

/// Exactly once per tick across replicas: three engines, each on its own connection pool, over
/// the same schema and the same (manual) clock, all passing at every simulated minute.
final class SchedulerReplicaTests: XCTestCase {
    func test_threeReplicas_over100Ticks_runEachTickExactlyOnce() async throws {
        try await withScheduler { harness in
            try await harness.only(["expire-pending-discounts", "markets-ingest"])
            try await harness.withReplica { second in
                try await harness.withReplica { third in
                    let replicas = [harness.engine, second.engine, third.engine]
                    for _ in 1...100 {
                        harness.clock.advance(by: 60)
                        let now = harness.clock.now()
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for replica in replicas { group.addTask { _ = try await replica.tick(now: now) } }
                            try await group.waitForAll()
                        }
                    }
                    let minutely = harness.target.requests.filter { $0.job == "expire-pending-discounts" }
                    XCTAssertEqual(minutely.count, 100)
                    XCTAssertEqual(Set(minutely.map(\.scheduledForUnixMs)).count, 100)
                    XCTAssertEqual(Set(minutely.map(\.runId)).count, 100)
                    XCTAssertEqual(harness.target.count("markets-ingest"), 20)
                    XCTAssertEqual(harness.target.requests.count, 120)
                    let minutelyStatuses = try await harness.statuses("expire-pending-discounts")
                    XCTAssertEqual(minutelyStatuses, ["succeeded": 100])
                    let fiveMinuteStatuses = try await harness.statuses("markets-ingest")
                    XCTAssertEqual(fiveMinuteStatuses, ["succeeded": 20])
                    let first = try await harness.pool.query(
                        """
                        SELECT min(scheduled_for) AS first, max(scheduled_for) AS last FROM runs WHERE job = 'expire-pending-discounts'
                        """
                    )
                    XCTAssertEqual(try first[0].decode("first", as: Date.self), SchedulerHarness.epoch.addingTimeInterval(60))
                    XCTAssertEqual(try first[0].decode("last", as: Date.self), SchedulerHarness.epoch.addingTimeInterval(6000))
                }
            }
        }
    }
}

import Foundation
import Store
import XCTest

@testable import ServiceKit

/// The relay's bounded scan (`RelayScanBound`) against a real outbox.
final class OutboxRelayScanTests: XCTestCase {
    func test_eventCommittedBelowTheBound_isSkippedByFastPasses_andPublishedByTheNextSweep() async throws {
        try await withTestService { service in
            let outbox = service.runtime.outbox
            let pool = service.runtime.database.pool
            let schema = service.runtime.config.schema
            let (inserted, insertedSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            // "late" draws its `created` first and commits only after "early" was numbered.
            let late = Task {
                try await pool.transaction { tx in
                    let id = try await outbox.enqueue(tx, topic: "\(service.name).late", payload: [1])
                    insertedSignal.yield()
                    for await _ in release { break }
                    return id
                }
            }
            for await _ in inserted { break }
            _ = try await pool.transaction { tx in try await outbox.enqueue(tx, topic: "\(service.name).early", payload: [2]) }

            let relay = service.runtime.relay
            let now = ContinuousClock.now
            var bound = RelayScanBound(settle: .zero, sweepInterval: .seconds(3_600))
            try await relay.publishAll(bound: &bound, now: now)
            releaseSignal.yield()
            _ = try await late.value
            try await relay.publishAll(bound: &bound, now: now.advanced(by: .seconds(1)))
            let sequences = {
                try await pool.query("SELECT topic, sequence FROM \(identifier: schema).outbox ORDER BY created")
                    .map { "\(try $0.decode("topic", as: String.self)):\(try $0.decode("sequence", as: Int64?.self).map(String.init) ?? "-")" }
            }
            let afterFastPass = try await sequences()
            XCTAssertEqual(
                afterFastPass,
                ["\(service.name).late:-", "\(service.name).early:1"],
                "a pass scans above the events numbered before: the late one is not seen yet"
            )

            try await relay.publishAll(bound: &bound, now: now.advanced(by: .seconds(3_601)))
            let afterSweep = try await sequences()
            XCTAssertEqual(
                afterSweep,
                ["\(service.name).late:2", "\(service.name).early:1"],
                "the sweep publishes it with the next sequence number"
            )
        }
    }

    func test_pass_returnsHowManyItPublished_andTheRelayComesBackSoonOnlyAfterABusyPass() async throws {
        try await withTestService { service in
            let outbox = service.runtime.outbox
            let pool = service.runtime.database.pool
            for index in 0..<3 {
                _ = try await pool.transaction { tx in try await outbox.enqueue(tx, topic: "\(service.name).thing", payload: [UInt8(index)]) }
            }
            let relay = service.runtime.relay
            var bound = RelayScanBound(settle: .zero, sweepInterval: .seconds(3_600))
            let busy = try await relay.publishAll(bound: &bound)
            let idle = try await relay.publishAll(bound: &bound)
            XCTAssertEqual([busy, idle], [3, 0])
            XCTAssertEqual(relay.wait(afterPublishing: busy), .milliseconds(25))
            XCTAssertEqual(relay.wait(afterPublishing: idle), .milliseconds(100))
        }
    }
}

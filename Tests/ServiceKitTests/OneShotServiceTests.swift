import Logging
import ServiceLifecycle
import Synchronization
import XCTest

@testable import ServiceKit

/// A piece of work that ends on its own while its group is shutting down does not fail the group.
final class OneShotServiceTests: XCTestCase {
    func test_workFinishingDuringShutdown_groupStopsCleanly() async throws {
        let gate = Gate()
        let group = Self.group(first: OneShotService(work: GatedWork(gate: gate)), gate: gate)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await gate.waitUntilStarted()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The failure `OneShotService` exists for: the same work unwrapped fails the group.
    func test_unwrappedWorkFinishingDuringShutdown_failsTheGroup() async throws {
        let gate = Gate()
        let group = Self.group(first: GatedWork(gate: gate), gate: gate)
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                await gate.waitUntilStarted()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            XCTFail("the group should report serviceFinishedUnexpectedly")
        } catch let error as ServiceGroupError {
            XCTAssertEqual(error, .serviceFinishedUnexpectedly(service: "GatedWork"))
        }
    }

    /// `first` and, after it, a service that on shutdown lets `first`'s work finish and waits for it.
    private static func group(first: some Service, gate: Gate) -> ServiceGroup {
        ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: first, successTerminationBehavior: .ignore),
                    .init(service: ReleasingOnShutdown(gate: gate), successTerminationBehavior: .ignore),
                ],
                logger: Logger(label: "test")
            )
        )
    }
}

/// Started and released by a test, once each.
private final class Gate: Sendable {
    private let started = Mutex(false)
    private let released = Mutex(false)
    private let finished = Mutex(false)

    func markStarted() { started.withLock { $0 = true } }
    func release() { released.withLock { $0 = true } }
    func markFinished() { finished.withLock { $0 = true } }
    var isReleased: Bool { released.withLock { $0 } }
    var isFinished: Bool { finished.withLock { $0 } }

    func waitUntilStarted() async {
        while !started.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
    }
}

/// Work that ends on its own once the gate is released, ignoring shutdown (as a migration does).
private struct GatedWork: Service {
    let gate: Gate

    func run() async throws {
        gate.markStarted()
        while !gate.isReleased { try? await Task.sleep(for: .milliseconds(5)) }
        gate.markFinished()
    }
}

/// On shutdown: releases the gated work and returns only after it has finished.
private struct ReleasingOnShutdown: Service {
    let gate: Gate

    func run() async throws {
        try? await gracefulShutdown()
        gate.release()
        while !gate.isFinished { try? await Task.sleep(for: .milliseconds(5)) }
        // Let the group see the work's end before this service's own.
        try? await Task.sleep(for: .milliseconds(50))
    }
}

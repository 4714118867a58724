import ServiceKit
import Synchronization

/// The engine each runtime of a definition built, so `background` finds the one `register` made.
final class EngineRegistry: Sendable {
    private let engines = Mutex<[ObjectIdentifier: SchedulerEngine]>([:])

    func set(_ engine: SchedulerEngine, for runtime: ServiceRuntime) {
        engines.withLock { $0[ObjectIdentifier(runtime)] = engine }
    }

    func engine(for runtime: ServiceRuntime) -> SchedulerEngine? {
        engines.withLock { $0[ObjectIdentifier(runtime)] }
    }
}

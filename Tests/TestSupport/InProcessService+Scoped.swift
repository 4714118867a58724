import Logging
import ServiceKit

/// Starts `definition` in-process (`InProcessService.start`), runs `body` with it and stops it,
/// dropping its schema, also when `body` throws.
@discardableResult
public func withInProcessService<Result>(
    definition: ServiceDefinition,
    environment: ServiceEnvironment,
    clock: any WallClock,
    logLevel: Logger.Level = .warning,
    logger: Logger? = nil,
    _ body: (InProcessService) async throws -> Result
) async throws -> Result {
    let service = try await InProcessService.start(definition: definition, environment: environment, clock: clock, logLevel: logLevel, logger: logger)
    return try await withStarted(service, stop: { await $0.stop(dropSchema: true) }, body)
}

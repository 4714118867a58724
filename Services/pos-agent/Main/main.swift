import Foundation
import Logging
import PosAgent

let config: AgentConfig
do {
    config = try AgentConfig(environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("pos-agent: \(error)\n".utf8))
    exit(1)
}

let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardOutput(label: label)
    handler.logLevel = level
    return handler
}
let logger = {
    var logger = Logger(label: "pos-agent")
    logger[metadataKey: "store"] = "\(config.storeId)"
    return logger
}()

let backend = BackendClient(baseURL: config.backendURL, apiKey: config.apiKey, timeout: config.intervals.requestTimeout)
let runtime = AgentRuntime(config: config, backend: backend, logger: logger)
var failed = false
do {
    try await runtime.run(onServerRunning: { port in
        logger.info(
            "pos-agent listening on http://\(AgentConfig.host):\(port)",
            metadata: ["backend": "\(config.backendURL)", "exchangeDir": "\(config.exchangeDirectory.path)"]
        )
    })
} catch {
    logger.critical("pos-agent stopped on an error", metadata: ["error": "\(error)"])
    failed = true
}
try? await backend.shutdown()
logger.info("pos-agent stopped")
exit(failed ? 1 : 0)

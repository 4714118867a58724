import ArgumentParser
import Claimer
import Foundation
import Logging
import ServiceKit
import Store

/// `claimer` serves (default); `claimer rotate-key` re-seals stored API keys under the current
/// key; `claimer generate-key` prints a new key for `CLAIMER_ENCRYPTION_KEY`.
@main
struct ClaimerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claimer",
        abstract: "Claims promo codes for users from a Postgres-backed queue.",
        subcommands: [Serve.self, Migrate.self, RotateKey.self, GenerateKey.self],
        defaultSubcommand: Serve.self
    )
}

/// `claimer migrate`: what every service's `migrate` does (the Job with the admin URL).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Provision the claimer's role and schema, apply its migrations, then exit.")

    func run() async throws {
        let definition: ServiceDefinition
        do {
            definition = try ClaimerService.definition()
        } catch {
            FileHandle.standardError.write(Data("claimer: \(error)\n".utf8))
            throw ExitCode(2)
        }
        await ServiceMain.run(definition, arguments: ["claimer", "migrate"])
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the bus methods and run the claim workers (until SIGTERM/SIGINT).")

    func run() async throws {
        let definition: ServiceDefinition
        do {
            definition = try ClaimerService.definition()
        } catch {
            FileHandle.standardError.write(Data("claimer: \(error)\n".utf8))
            throw ExitCode(2)
        }
        await ServiceMain.run(definition)
    }
}

struct RotateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Re-seal every stored API key under CLAIMER_ENCRYPTION_KEY (old keys in CLAIMER_PREVIOUS_KEYS)."
    )

    func run() async throws {
        let environment = ServiceEnvironment()
        let config = ServiceConfig(name: ClaimerService.name, environment: environment)
        ServiceMain.bootstrapLogging(level: config.logLevel)
        let logger = Logger(label: "claimer.rotate-key")
        let ring: KeyRing
        do {
            ring = try KeyRing.fromEnvironment(environment.values)
        } catch {
            logger.critical("\(error)")
            throw ExitCode(2)
        }
        let database = ServiceDatabase(config: config, logger: logger)
        let (resealed, unreadable) = try await APIKeyRotation(pool: database.pool, ring: ring, logger: logger).run()
        await database.pool.close()
        print("re-sealed \(resealed) API keys under \(ring.currentId); \(unreadable) unreadable")
        if unreadable > 0 { throw ExitCode(1) }
    }
}

struct GenerateKey: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate-key", abstract: "Print a new random key (id:base64).")

    func run() { print(KeyRing.generate()) }
}

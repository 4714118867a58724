import Foundation

/// Reads configuration from environment variables, with defaults that work on a laptop.
public struct ServiceEnvironment: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    public func string(_ name: String, default value: String) -> String {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return value }
        return raw
    }

    public func int(_ name: String, default value: Int) -> Int {
        values[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? value
    }

    public func optional(_ name: String) -> String? {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }
}

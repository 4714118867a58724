import Foundation

/// The agent's settings, normally from environment variables (see README, "pos-agent").
public struct AgentConfig: Sendable {
    public var storeId: Int64
    public var storeName: String
    /// Base URL of the backend gateway without a trailing slash, e.g. `http://127.0.0.1:8080`.
    public var backendURL: String
    public var apiKey: String
    /// Directory shared with 1C (`amount.json` in, `discount.txt` out).
    public var exchangeDirectory: URL
    /// The agent's discount memory across restarts (`AgentStateFile`); by default `.pos-agent-state.json` in
    /// `exchangeDirectory`, which exists for sure and sits on the same disk as `discount.txt`.
    public var stateFile: URL
    /// The HTTP server always binds 127.0.0.1: only the till's own browser may read it. 0 picks a free port (tests).
    public var port: Int
    public var intervals: AgentIntervals

    public static let host = "127.0.0.1"

    public init(
        storeId: Int64,
        storeName: String? = nil,
        backendURL: String,
        apiKey: String,
        exchangeDirectory: URL,
        stateFile: URL? = nil,
        port: Int = 3333,
        intervals: AgentIntervals = AgentIntervals()
    ) {
        self.storeId = storeId
        self.storeName = storeName ?? "Store \(storeId)"
        self.backendURL = backendURL.hasSuffix("/") ? String(backendURL.dropLast()) : backendURL
        self.apiKey = apiKey
        self.exchangeDirectory = exchangeDirectory
        self.stateFile = stateFile ?? AgentStateFile(directory: exchangeDirectory).url
        self.port = port
        self.intervals = intervals
    }

    /// Reads `STORE_ID`, `STORE_NAME`, `BACKEND_URL`, `STORE_API_KEY`, `EXCHANGE_DIR`, `STATE_FILE`, `PORT`,
    /// `POLL_AMOUNT_MS`, `POLL_DISCOUNTS_MS`, `DISCOUNT_CONSUME_TIMEOUT_MS`; every problem is reported at once.
    public init(environment env: [String: String]) throws(AgentConfigError) {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            let text = env[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            return text.isEmpty ? nil : text
        }
        func required(_ name: String, _ meaning: String) -> String? {
            if let text = value(name) { return text }
            problems.append("\(name) is required (\(meaning))")
            return nil
        }
        func milliseconds(_ name: String) -> Duration? {
            guard let text = value(name) else { return nil }
            guard let ms = Int(text), ms > 0 else {
                problems.append("\(name) must be a positive number of milliseconds, got \"\(text)\"")
                return nil
            }
            return .milliseconds(ms)
        }

        var storeId: Int64 = 0
        if let text = required("STORE_ID", "this till's store id, a positive integer") {
            if let id = Int64(text), id > 0 { storeId = id } else { problems.append("STORE_ID must be a positive integer, got \"\(text)\"") }
        }
        let backend = required("BACKEND_URL", "the backend gateway, e.g. http://127.0.0.1:8080")
        if let backend, !Self.isHTTPURL(backend) {
            problems.append("BACKEND_URL must be an http:// or https:// URL with a host, got \"\(backend)\"")
        }
        let apiKey = required("STORE_API_KEY", "the store's key for the x-store-api-key header")
        let directory = required("EXCHANGE_DIR", "the directory shared with 1C")
        if let directory {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problems.append("EXCHANGE_DIR=\(directory) is not an existing directory")
            }
        }
        // The file itself may be missing (first start), but its directory must exist: the agent creates files there.
        let stateFile = value("STATE_FILE").map { URL(fileURLWithPath: $0) }
        if let stateFile {
            var isDirectory: ObjCBool = false
            let parent = stateFile.deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problems.append("STATE_FILE=\(stateFile.path): its directory \(parent) does not exist")
            } else if FileManager.default.fileExists(atPath: stateFile.path, isDirectory: &isDirectory), isDirectory.boolValue {
                problems.append("STATE_FILE=\(stateFile.path) is a directory, not a file")
            }
        }
        var port = 3333
        if let text = value("PORT") {
            if let number = Int(text), (1...65535).contains(number) {
                port = number
            } else {
                problems.append("PORT must be 1...65535, got \"\(text)\"")
            }
        }
        var intervals = AgentIntervals()
        if let poll = milliseconds("POLL_AMOUNT_MS") { intervals.amountPoll = poll }
        if let poll = milliseconds("POLL_DISCOUNTS_MS") { intervals.discountPoll = poll }
        if let timeout = milliseconds("DISCOUNT_CONSUME_TIMEOUT_MS") { intervals.consumeTimeout = timeout }

        guard problems.isEmpty, let backend, let apiKey, let directory else {
            throw AgentConfigError("invalid configuration:\n  - " + problems.joined(separator: "\n  - "))
        }
        self.init(
            storeId: storeId,
            storeName: value("STORE_NAME"),
            backendURL: backend,
            apiKey: apiKey,
            exchangeDirectory: URL(fileURLWithPath: directory, isDirectory: true),
            stateFile: stateFile,
            port: port,
            intervals: intervals
        )
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}

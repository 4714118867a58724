/// Where each service listens: RPC and event URLs by service name, overridable by environment.
public enum ServiceEndpoints {
    /// The five services behind the gateway, in port order (RPC 7101…, events 7201…).
    public static let services = ["loyalty", "code-inventory", "claimer", "markets", "scheduler"]

    /// `code-inventory` → `CODE_INVENTORY`.
    public static func envPrefix(_ service: String) -> String {
        service.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// `<SERVICE>_RPC_URL`, default `tcp://127.0.0.1:71xx`.
    public static func rpcURL(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        environment.string("\(envPrefix(service))_RPC_URL", default: "tcp://127.0.0.1:\(7101 + index(service))")
    }

    /// `<SERVICE>_EVENTS_URL`, default `tcp://127.0.0.1:72xx`.
    public static func eventsURL(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        environment.string("\(envPrefix(service))_EVENTS_URL", default: "tcp://127.0.0.1:\(7201 + index(service))")
    }

    private static func index(_ service: String) -> Int {
        services.firstIndex(of: service) ?? 0
    }
}

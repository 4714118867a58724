/// Where each service listens: RPC and event URLs by service name, overridable by environment.
public enum ServiceEndpoints {
    /// The five services behind the gateway, in port order (RPC 7101…, events 7201…).
    public static let services = ["loyalty", "code-inventory", "claimer", "markets", "scheduler"]

    /// `code-inventory` → `CODE_INVENTORY`.
    public static func envPrefix(_ service: String) -> String {
        service.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// `<SERVICE>_RPC_URL`: the service's endpoints for its callers — one URL, or a comma list of
    /// replicas, where a `tcp://name:port` stands for every address of the name. Default `tcp://127.0.0.1:71xx`.
    public static func rpcURL(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        environment.string("\(envPrefix(service))_RPC_URL", default: "tcp://127.0.0.1:\(7101 + index(service))")
    }

    /// `<SERVICE>_EVENTS_URL`, default `tcp://127.0.0.1:72xx`.
    public static func eventsURL(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        environment.string("\(envPrefix(service))_EVENTS_URL", default: "tcp://127.0.0.1:\(7201 + index(service))")
    }

    /// Where the service itself binds its RPC socket: `<SERVICE>_RPC_BIND`, else `<SERVICE>_RPC_URL`
    /// (which callers read; with several replicas it lists them all, or names them in DNS, and
    /// each replica binds its own address).
    public static func rpcBindURL(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        environment.string("\(envPrefix(service))_RPC_BIND", default: rpcURL(service, environment))
    }

    /// Where the service binds its event socket: `<SERVICE>_EVENTS_BIND`, else `<SERVICE>_EVENTS_URL`.
    public static func eventsBindURL(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        environment.string("\(envPrefix(service))_EVENTS_BIND", default: eventsURL(service, environment))
    }

    /// `<SERVICE>_HTTP_ADDRESS` (`host:port`, or `off`): the service's own probe and metrics port;
    /// default `127.0.0.1:91xx` for the five services, `off` for any other name (test services).
    public static func httpAddress(_ service: String, _ environment: ServiceEnvironment = ServiceEnvironment()) -> String {
        let fallback = services.contains(service) ? "127.0.0.1:\(9101 + index(service))" : off
        return environment.string("\(envPrefix(service))_HTTP_ADDRESS", default: fallback)
    }

    /// The address value that turns a service's HTTP port off.
    public static let off = "off"

    private static func index(_ service: String) -> Int {
        services.firstIndex(of: service) ?? 0
    }
}

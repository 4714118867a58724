import ServiceKit

/// The route table: everything the gateway serves besides its own probes and pages. Each route is
/// declared on its rpc in proto/ (`option (api.http)`) and generated into `Generated/` by `make proto`.
public enum GatewayRoutes {
    public static var all: [RouteSpec] { declared }
}

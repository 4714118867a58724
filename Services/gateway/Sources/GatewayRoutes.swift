import ServiceKit

/// The route table: everything the gateway serves besides its own probes.
public enum GatewayRoutes {
    public static var all: [RouteSpec] {
        platform + codeInventory + loyalty + markets + claimer + scheduler
    }

    /// Per-service health and an admin echo (used by the bus benchmark and smoke tests).
    static var platform: [RouteSpec] {
        ServiceEndpoints.services.flatMap { service in
            [
                RouteSpec(.get, "/api/health/\(service)", service: service, rpc: "Health",
                          request: "platform.HealthRequest", response: "platform.HealthReply", auth: .open,
                          summary: "Health of \(service)"),
                RouteSpec(.post, "/api/admin/\(service)/echo", service: service, rpc: "Echo",
                          request: "platform.EchoRequest", response: "platform.EchoReply", auth: .anyRole(["admin"]),
                          summary: "Echo through \(service) (admin)"),
            ]
        }
    }
}

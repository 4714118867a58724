/// `<SERVICE>_HTTP_ADDRESS` is neither `host:port` nor `off`.
public struct ServiceHTTPPortError: Error, CustomStringConvertible {
    public var setting: String
    public var service: String

    public var description: String {
        "\(ServiceEndpoints.envPrefix(service))_HTTP_ADDRESS is \"\(setting)\": expected host:port (e.g. 0.0.0.0:9101) or off"
    }
}

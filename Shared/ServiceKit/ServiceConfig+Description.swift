/// Printing a configuration (at any log level, in any error) never shows a password: the
/// database URLs lose their password and the service role's password is hidden.
extension ServiceConfig: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "ServiceConfig(name: \(name), schema: \(schema), rpcURL: \(rpcURL), eventsURL: \(eventsURL), httpAddress: \(httpAddress), "
            + "databaseURL: \(Redaction.url(databaseURL)), serviceDatabaseURL: \(serviceDatabaseURL.map(Redaction.url) ?? "nil"), "
            + "databaseRole: \(databaseRole), databasePassword: \(Redaction.secret(databasePassword)), poolSize: \(poolSize), "
            + "poolWarm: \(poolWarm), maxMessageBytes: \(maxMessageBytes), maxConcurrentRequests: \(maxConcurrentRequests), "
            + "logLevel: \(logLevel), version: \(version), outboxRetentionHours: \(outboxRetentionHours))"
    }

    public var debugDescription: String { description }
}

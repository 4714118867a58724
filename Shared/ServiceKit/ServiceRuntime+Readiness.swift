extension ServiceRuntime {
    /// The readiness checks now; the database ping is cached for a second (`isReachable`).
    public func readiness() async -> ServiceReadiness {
        let migrated = database.isReady
        return ServiceReadiness(
            migrated: migrated,
            database: migrated ? await database.isReachable() : false,
            serving: !drain.isDraining
        )
    }

    /// The Prometheus text of this process, pool and process figures sampled first (the bus
    /// `Metrics` built-in and the HTTP port's `/metrics` answer the same).
    public func metricsText() -> String {
        metrics.record(pool: database.pool.stats)
        metrics.process.record(into: metrics.registry)
        return metrics.text()
    }
}

/// The scheduler's admin API (role `admin`; the service checks the role too).
extension GatewayRoutes {
    static var scheduler: [RouteSpec] {
        let service = "scheduler"
        let admin = AuthRule.anyRole(["admin"])
        func s(_ name: String) -> String { "scheduler.\(name)" }
        return [
            RouteSpec(.get, "/api/admin/jobs", service: service, rpc: "ListJobs",
                      request: s("ListJobsRequest"), response: s("ListJobsReply"), auth: admin,
                      summary: "Every scheduled job with its cron, time zone, next run and last run (admin)"),
            // A manual run waits for the job itself: the deadline covers the scheduler's run timeout.
            RouteSpec(.post, "/api/admin/jobs/{name}", service: service, rpc: "RunJobNow",
                      request: s("RunJobNowRequest"), response: s("JobRun"), auth: admin, timeout: .seconds(660),
                      summary: "Run a job now and return its run with the service's summary (admin; unknown job 404, running with overlap skip 409)"),
            RouteSpec(.patch, "/api/admin/jobs/{name}", service: service, rpc: "UpdateJob",
                      request: s("UpdateJobRequest"), response: s("ScheduledJob"), auth: admin,
                      summary: "Edit a job: {cron?, timezone?, enabled?, overlap?, catchUpWindowSeconds?} (admin; 400 with field violations)"),
            RouteSpec(.get, "/api/admin/jobs/{name}/runs", service: service, rpc: "ListJobRuns",
                      request: s("ListJobRunsRequest"), response: s("ListJobRunsReply"), auth: admin,
                      summary: "A job's run history, newest first (admin, ?limit=&cursor=&status=)"),
            RouteSpec(.get, "/api/admin/alerts", service: service, rpc: "ListAlerts",
                      request: s("ListAlertsRequest"), response: s("ListAlertsReply"), auth: admin,
                      summary: "Scheduler alerts, newest first: long runs and failure rates (admin, ?limit=&cursor=&job=)"),
        ]
    }
}

-- A job names one of the services with a bus endpoint (ServiceEndpoints.services; JobTarget in
-- Swift): an unknown name has no endpoint of its own, and would otherwise be called at another
-- service's. Keep both lists the same when a service is added. NOT VALID: rows already stored are
-- not checked (a database holding such a job still starts; its runs fail at dispatch, and PATCH
-- refuses to keep it enabled), every row written from now on is.
ALTER TABLE jobs ADD CONSTRAINT jobs_service_known
    CHECK (service IN ('loyalty', 'code-inventory', 'claimer', 'markets', 'scheduler')) NOT VALID;

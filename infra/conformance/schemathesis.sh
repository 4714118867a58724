#!/usr/bin/env bash
# Runs inside infra/run.sh (the platform is up): Schemathesis as an admin against the gateway.
set -uo pipefail
token=$(python3 - <<'PY'
import base64, hashlib, hmac, json, os, time
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
claims = b64(json.dumps({"sub": "conformance-admin", "roles": ["admin", "user"], "exp": int(time.time()) + 3600}).encode())
signature = hmac.new(os.environ["JWT_SECRET"].encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
print(f"{header}.{claims}.{b64(signature)}")
PY
)
exec "$CONFORMANCE_VENV/bin/schemathesis" run "http://127.0.0.1:$GATEWAY_PORT/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${CONFORMANCE_EXAMPLES:-10}" --request-timeout 10 --workers 2 \
    -H "Authorization: Bearer $token" --seed "${CONFORMANCE_SEED:-20261206}" --no-color

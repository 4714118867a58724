#!/usr/bin/env bash
# `make deploy-check` (run by `make test`): render the Kubernetes manifests and validate them, and
# the compose file, offline once the tools are installed.
#
#   infra/deploy/validate.sh
#
# 1. Copies infra/deploy/k8s to a temporary directory and fills its secrets/ with
#    generate-secrets.sh (a placeholder DATABASE_URL), as an operator would.
# 2. Renders it with `kubectl kustomize` (or `kustomize build`) when installed; always also with
#    check/render.py (the same features in Python), and requires both to give the same objects
#    (DEPLOY_RENDERER=python: only check/render.py).
# 3. Validates every rendered object with kubernetes-validate --strict against the Kubernetes
#    versions in DEPLOY_KUBE_VERSIONS (default "1.32.0 1.37.0"; the schemas ship in the package).
# 4. Checks the deployment rules (check/policy.py: replicas, probes, limits, PDBs, non-root,
#    one image, each pod only its own Secret, the migrate Job alone with the admin URL).
# 5. Validates docker-compose.yml against the compose spec (check-jsonschema's bundled
#    vendor.compose-spec schema) and that its services scale (no container_name, no host ports).
# Tools come from PyPI into .data/venv-deploy (pinned below) on first use.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DEPLOY=$ROOT/infra/deploy
VENV=$ROOT/.data/venv-deploy
PY=$VENV/bin/python
PACKAGES=('kubernetes-validate==1.37.0' 'check-jsonschema==0.39.0' 'PyYAML==6.0.3')
VERSIONS=${DEPLOY_KUBE_VERSIONS:-1.32.0 1.37.0}

fail() { echo "deploy-check: FAILED: $*" >&2; exit 1; }

if [ ! -x "$VENV/bin/kubernetes-validate" ] || [ ! -x "$VENV/bin/check-jsonschema" ]; then
    echo "deploy-check: installing ${PACKAGES[*]} into .data/venv-deploy"
    mkdir -p "$ROOT/.data"
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "${PACKAGES[@]}" || fail "installing the validators from PyPI"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$DEPLOY/k8s" "$work/k8s"
rm -rf "$work/k8s/secrets" "$work/k8s/secrets.env"
DATABASE_URL=postgresql://postgres:placeholder@postgres.invalid:5432/platform \
    "$work/k8s/generate-secrets.sh" --input /dev/null --out "$work/k8s/secrets" > /dev/null || fail "generate-secrets.sh"

"$PY" "$DEPLOY/check/render.py" "$work/k8s" > "$work/python.yaml" || fail "rendering with check/render.py"
rendered=$work/python.yaml
renderer="check/render.py"
if [ "${DEPLOY_RENDERER:-}" = python ]; then
    :   # forced: only check/render.py (what a machine without kubectl/kustomize runs)
elif command -v kubectl > /dev/null && kubectl kustomize "$work/k8s" > "$work/kustomize.yaml" 2> "$work/kustomize.err"; then
    renderer="kubectl kustomize"
elif command -v kustomize > /dev/null && kustomize build "$work/k8s" > "$work/kustomize.yaml" 2> "$work/kustomize.err"; then
    renderer="kustomize build"
elif command -v kubectl > /dev/null || command -v kustomize > /dev/null; then
    cat "$work/kustomize.err" >&2
    fail "kustomize could not render infra/deploy/k8s"
fi
if [ "$renderer" != "check/render.py" ]; then
    rendered=$work/kustomize.yaml
    # Same objects, whoever renders (the generated Secrets' hash suffixes aside).
    "$PY" - "$work/kustomize.yaml" "$work/python.yaml" <<'PYEOF' || fail "check/render.py and $renderer disagree"
import re, sys, yaml
def load(path):
    text = re.sub(r"(-secrets)-[a-z0-9]{10}\b", r"\1", open(path).read())
    docs = [d for d in yaml.safe_load_all(text) if d]
    for d in docs:
        if d["kind"] == "Secret":  # kustomize wraps long base64 values
            d["data"] = {k: "".join(v.split()) for k, v in d.get("data", {}).items()}
    return sorted((yaml.safe_dump(d, sort_keys=True) for d in docs))
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    import difflib
    sys.stderr.writelines(difflib.unified_diff("".join(a).splitlines(True), "".join(b).splitlines(True), "kustomize", "render.py"))
    sys.exit(1)
PYEOF
fi
echo "deploy-check: rendered infra/deploy/k8s with $renderer ($(grep -c '^kind:' "$rendered") objects)"

for version in $VERSIONS; do
    "$VENV/bin/kubernetes-validate" --strict --quiet -k "$version" "$rendered" > "$work/validate.log" 2>&1 \
        || { cat "$work/validate.log" >&2; fail "the manifests do not validate against Kubernetes $version"; }
    echo "deploy-check: every object validates against the Kubernetes $version schemas (strict)"
done
"$PY" "$DEPLOY/check/policy.py" k8s "$rendered" || fail "deployment rules (check/policy.py)"

"$VENV/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$DEPLOY/docker-compose.yml" \
    || fail "docker-compose.yml does not validate against the compose spec"
"$PY" "$DEPLOY/check/policy.py" compose "$DEPLOY/docker-compose.yml" || fail "compose rules (check/policy.py)"
echo "deploy-check: passed"

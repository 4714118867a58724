"""The deployment rules of docs/operations.md, checked on the rendered manifests and the compose file.

    python3 policy.py k8s RENDERED.yaml
    python3 policy.py compose docker-compose.yml

Kubernetes: every Deployment runs at least 2 replicas, has a PodDisruptionBudget, HTTP liveness
and readiness probes, requests and limits on every container, runs as non-root without privilege
escalation, takes its image from the kustomization's `images:` (no tag written in a resource) and
reads only its own Secret (`<name>-secrets-<hash>`); only the migrate Job reads the admin
DATABASE_URL; each service has a headless `<name>-bus` Service. No Secret is committed as a resource.
Compose: services are reached by name and scale (no container_name, no published host port except
the gateway's).
"""

import re
import sys

import yaml

SERVICES = ["loyalty", "code-inventory", "claimer", "markets", "scheduler"]
EXECUTABLES = SERVICES + ["gateway"]


def pod_spec(obj):
    return obj["spec"]["template"]["spec"]


def check_containers(where, spec, problems, image):
    if not spec.get("securityContext", {}).get("runAsNonRoot"):
        problems.append(f"{where}: pod securityContext.runAsNonRoot is not true")
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        name = f"{where}/{container['name']}"
        resources = container.get("resources", {})
        for part in ("requests", "limits"):
            if not {"cpu", "memory"} <= set(resources.get(part, {})):
                problems.append(f"{name}: resources.{part} needs cpu and memory")
        if container.get("securityContext", {}).get("allowPrivilegeEscalation") is not False:
            problems.append(f"{name}: allowPrivilegeEscalation is not false")
        if container.get("image") != image:
            problems.append(f"{name}: image {container.get('image')!r}, expected {image!r} (set it in kustomization images:)")


def secret_refs(spec):
    refs = set()
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        refs |= {s["secretRef"]["name"] for s in container.get("envFrom", []) if "secretRef" in s}
        refs |= {e["valueFrom"]["secretKeyRef"]["name"] for e in container.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
    refs |= {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
    return refs


def check_k8s(path):
    objects = [o for o in yaml.safe_load_all(open(path)) if o]
    by_kind = {}
    for obj in objects:
        by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj
    problems = []
    secrets = by_kind.get("Secret", {})
    secret_keys = {name: set(s.get("data", {})) | set(s.get("stringData", {})) for name, s in secrets.items()}
    images = {c["image"] for kind in ("Deployment", "Job") for o in by_kind.get(kind, {}).values() for c in pod_spec(o)["containers"]}
    image = sorted(images)[0] if len(images) == 1 else None
    if image is None or not re.fullmatch(r"[^:@]+(:[\w.-]+|@sha256:[0-9a-f]{64})", image):
        problems.append(f"every container must use the one image with an explicit tag or digest; found {sorted(images)}")

    deployments = by_kind.get("Deployment", {})
    if sorted(deployments) != sorted(EXECUTABLES):
        problems.append(f"Deployments {sorted(deployments)}, expected {sorted(EXECUTABLES)}")
    pdbs = by_kind.get("PodDisruptionBudget", {}).values()
    for name, deployment in deployments.items():
        spec = pod_spec(deployment)
        if deployment["spec"].get("replicas", 1) < 2:
            problems.append(f"deployment/{name}: fewer than 2 replicas")
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        if not any(set(p["spec"]["selector"].get("matchLabels", {}).items()) <= set(labels.items()) for p in pdbs):
            problems.append(f"deployment/{name}: no PodDisruptionBudget selects its pods")
        for container in spec["containers"]:
            for probe in ("livenessProbe", "readinessProbe"):
                if "httpGet" not in container.get(probe, {}):
                    problems.append(f"deployment/{name}/{container['name']}: {probe} is not an HTTP probe")
        check_containers(f"deployment/{name}", spec, problems, image)
        refs = secret_refs(spec)
        if any(not re.fullmatch(rf"{re.escape(name)}-secrets(-[a-z0-9]+)?", r) for r in refs) or len(refs) > 1:
            problems.append(f"deployment/{name}: reads Secrets {sorted(refs)}, expected only its own {name}-secrets")
        for ref in refs:
            if "DATABASE_URL" in secret_keys.get(ref, set()):
                problems.append(f"deployment/{name}: its Secret holds the admin DATABASE_URL")
    for name in SERVICES:
        bus = by_kind.get("Service", {}).get(f"{name}-bus")
        if bus is None or bus["spec"].get("clusterIP") != "None":
            problems.append(f"service/{name}-bus: missing or not headless")

    jobs = by_kind.get("Job", {})
    admin_readers = [n for n, j in jobs.items() if any("DATABASE_URL" in secret_keys.get(r, set()) for r in secret_refs(pod_spec(j)))]
    if len(admin_readers) != 1:
        problems.append(f"exactly one Job (migrate) must read the admin DATABASE_URL; found {admin_readers}")
    for name, job in jobs.items():
        check_containers(f"job/{name}", pod_spec(job), problems, image)
        commands = sorted(tuple(c.get("command", [])) for c in pod_spec(job)["containers"])
        if name in admin_readers and commands != sorted((f"/app/{s}", "migrate") for s in SERVICES):
            problems.append(f"job/{name}: expected one `/app/<service> migrate` container per service, found {commands}")
    inventory = pod_spec(deployments["code-inventory"]) if "code-inventory" in deployments else {}
    claims = {v["name"] for v in inventory.get("volumes", []) if "persistentVolumeClaim" in v}
    mounts = [m for c in inventory.get("containers", []) for m in c.get("volumeMounts", [])]
    if not any(m["name"] in claims and m["mountPath"] == "/data/objects" for m in mounts):
        problems.append("deployment/code-inventory: no PersistentVolumeClaim mounted at /data/objects (OBJECT_STORE_DIR)")
    return problems, f"{len(objects)} objects"


def check_compose(path):
    compose = yaml.safe_load(open(path))
    problems = []
    for name, service in compose["services"].items():
        if "container_name" in service:
            problems.append(f"compose {name}: container_name prevents --scale")
        if service.get("ports") and name != "gateway":
            problems.append(f"compose {name}: publishes a host port, which prevents --scale")
    for name in SERVICES + ["gateway"]:
        if name not in compose["services"]:
            problems.append(f"compose: service {name} missing")
    return problems, f"{len(compose['services'])} services"


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"k8s", "compose"}:
        raise SystemExit("usage: policy.py k8s|compose FILE")
    problems, summary = (check_k8s if sys.argv[1] == "k8s" else check_compose)(sys.argv[2])
    for problem in problems:
        print(f"policy: {problem}", file=sys.stderr)
    if problems:
        raise SystemExit(1)
    print(f"policy: {sys.argv[1]} rules hold ({summary})")

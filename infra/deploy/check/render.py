"""Renders infra/deploy/k8s the way `kubectl kustomize` does, for the features that kustomization uses.

Used by validate.sh where neither kubectl nor kustomize is installed. Supported: `resources` (files),
`images` (name, newName, newTag, digest) and `secretGenerator` (name, envs, type), with the
generated Secrets' names given a content-hash suffix and every reference to them in pod templates
rewritten. Any other kustomization field is an error, so a new feature cannot be silently skipped.
The hash is not kustomize's own (the names differ in their suffix only).

    python3 render.py DIR > rendered.yaml
"""

import base64
import hashlib
import sys
from pathlib import Path

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "images", "secretGenerator"}


def read_env_file(path):
    data = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise SystemExit(f"render: {path}: line without '=': {line!r}")
        data[key] = value
    return data


def generate_secret(directory, spec):
    unknown = set(spec) - {"name", "envs", "type"}
    if unknown:
        raise SystemExit(f"render: secretGenerator {spec.get('name')}: unsupported fields {sorted(unknown)}")
    data = {}
    for env in spec.get("envs", []):
        data.update(read_env_file(directory / env))
    encoded = {k: base64.b64encode(v.encode()).decode() for k, v in sorted(data.items())}
    digest = hashlib.sha256(repr(sorted(encoded.items())).encode()).hexdigest()[:10]
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": f"{spec['name']}-{digest}"},
        "type": spec.get("type", "Opaque"),
        "data": encoded,
    }


def set_image(container, images):
    image = container.get("image", "")
    name = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.split("/")[-1] else image.split("@")[0]
    for spec in images:
        if spec["name"] != name:
            continue
        unknown = set(spec) - {"name", "newName", "newTag", "digest"}
        if unknown:
            raise SystemExit(f"render: images {name}: unsupported fields {sorted(unknown)}")
        new = spec.get("newName", name)
        if "digest" in spec:
            container["image"] = f"{new}@{spec['digest']}"
        elif "newTag" in spec:
            container["image"] = f"{new}:{spec['newTag']}"
        else:
            container["image"] = new


def pod_spec(obj):
    if obj.get("kind") in {"Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"}:
        return obj["spec"]["template"]["spec"]
    if obj.get("kind") == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def rename_secrets(spec, names):
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        for source in container.get("envFrom", []):
            ref = source.get("secretRef")
            if ref and ref.get("name") in names:
                ref["name"] = names[ref["name"]]
        for env in container.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref and ref.get("name") in names:
                ref["name"] = names[ref["name"]]
    for volume in spec.get("volumes", []):
        secret = volume.get("secret")
        if secret and secret.get("secretName") in names:
            secret["secretName"] = names[secret["secretName"]]


def render(directory):
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise SystemExit(f"render: kustomization fields not supported here: {sorted(unknown)} (use kubectl kustomize)")
    objects = []
    for resource in kustomization.get("resources", []):
        objects += [doc for doc in yaml.safe_load_all((directory / resource).read_text()) if doc]
    names = {}
    for spec in kustomization.get("secretGenerator", []):
        secret = generate_secret(directory, spec)
        names[spec["name"]] = secret["metadata"]["name"]
        objects.append(secret)
    for obj in objects:
        spec = pod_spec(obj)
        if spec is None:
            continue
        rename_secrets(spec, names)
        for container in spec.get("containers", []) + spec.get("initContainers", []):
            set_image(container, kustomization.get("images", []))
    return objects


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: render.py DIR")
    yaml.safe_dump_all(render(Path(sys.argv[1])), sys.stdout, sort_keys=False)

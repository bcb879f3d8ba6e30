"""Checks custom resources (Strimzi, CloudNativePG) against the openAPIV3Schema of their real CRDs.

Run by infra/k8s/validate.mjs inside its virtualenv (PyYAML and jsonschema come with kubernetes-validate):

    python validate_crds.py --crds <dir with CRD YAML>=<label> [...] --summary <out.json> <manifests.yaml> [...]

For every document whose group and kind one of the CRDs defines, it prints one line (`ok` or `FAIL` with
every error) and records it in the summary; documents of other kinds are left to kubernetes-validate.
The check is what the API server's schema validation does with `kubectl apply` (strict field validation):

  - types, required fields, enums, patterns, lengths, bounds, int-or-string, nullable;
  - unknown fields are errors (the API server would reject them under strict field validation, or
    silently prune them), except below `x-kubernetes-preserve-unknown-fields`;
  - the apiVersion must be one the CRD serves; metadata must have a valid name, string labels/annotations.

Not checked: `x-kubernetes-validations` (CEL rules; each line counts how many the CRD has), list-type
uniqueness (`x-kubernetes-list-type`), string formats, and whatever the operator's own webhook or
reconciler would refuse later.
"""

import argparse
import json
import os
import sys
import traceback

import jsonschema
import yaml

DNS_SUBDOMAIN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}

# The API server validates ObjectMeta itself (the CRD schema only says `type: object`).
OBJECT_META = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "maxLength": 253, "pattern": DNS_SUBDOMAIN},
        "generateName": {"type": "string"},
        "namespace": {"type": "string", "maxLength": 63, "pattern": DNS_SUBDOMAIN},
        "labels": STRING_MAP,
        "annotations": STRING_MAP,
        "finalizers": {"type": "array", "items": {"type": "string"}},
        "ownerReferences": {"type": "array", "items": {"type": "object"}},
        "uid": {"type": "string"},
        "resourceVersion": {"type": "string"},
        "generation": {"type": "integer"},
        "creationTimestamp": {},
        "deletionTimestamp": {},
        "deletionGracePeriodSeconds": {"type": "integer"},
        "managedFields": {"type": "array"},
        "selfLink": {"type": "string"},
    },
    "additionalProperties": False,
}

INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
JUNCTORS = ("allOf", "anyOf", "oneOf")
DROPPED = {"description", "example", "externalDocs", "format", "nullable", "default", "title"}


def to_json_schema(node, in_junctor=False):
    """OpenAPI v3 structural schema (Kubernetes flavour) -> JSON Schema draft 4 with strict objects.

    Inside allOf/anyOf/oneOf/not a structural schema only restates constraints on fields declared
    outside, so no `additionalProperties: false` is added there (it would reject the declared fields).
    """
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties", "definitions"):
            out[key] = {k: to_json_schema(v) for k, v in value.items()}
        elif key == "items":
            out[key] = [to_json_schema(v) for v in value] if isinstance(value, list) else to_json_schema(value)
        elif key in JUNCTORS:
            out[key] = [to_json_schema(v, in_junctor=True) for v in value]
        elif key == "not":
            out[key] = to_json_schema(value, in_junctor=True)
        elif key == "additionalProperties":
            out[key] = to_json_schema(value) if isinstance(value, dict) else value
        elif key.startswith("x-kubernetes-") or key in DROPPED:
            continue
        else:
            out[key] = value
    if node.get("format") in INT_BOUNDS and node.get("type") == "integer":
        low, high = INT_BOUNDS[node["format"]]
        out.setdefault("minimum", low)
        out.setdefault("maximum", high)
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out.setdefault("anyOf", [{"type": "integer"}, {"type": "string"}])
    if node.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if node.get("x-kubernetes-embedded-resource"):
        props = out.setdefault("properties", {})
        props.setdefault("apiVersion", {"type": "string"})
        props.setdefault("kind", {"type": "string"})
        props.setdefault("metadata", {"type": "object"})
    is_object = node.get("type") == "object" or "properties" in node
    if (
        is_object
        and not in_junctor
        and "additionalProperties" not in node
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def count_cel_rules(node):
    if isinstance(node, dict):
        own = len(node.get("x-kubernetes-validations") or [])
        return own + sum(count_cel_rules(v) for v in node.values())
    if isinstance(node, list):
        return sum(count_cel_rules(v) for v in node)
    return 0


def load_crds(specs):
    """{(group, kind): {"label", "versions": {name: {"served", "validator", "cel"}}}}"""
    crds = {}
    for spec in specs:
        directory, _, label = spec.partition("=")
        for file_name in sorted(os.listdir(directory)):
            if not file_name.endswith((".yaml", ".yml")):
                continue
            with open(os.path.join(directory, file_name), encoding="utf-8") as handle:
                for doc in yaml.safe_load_all(handle):
                    if not doc or doc.get("kind") != "CustomResourceDefinition":
                        continue
                    group, kind = doc["spec"]["group"], doc["spec"]["names"]["kind"]
                    versions = {}
                    for version in doc["spec"]["versions"]:
                        schema = version.get("schema", {}).get("openAPIV3Schema", {})
                        converted = to_json_schema(schema)
                        converted.setdefault("properties", {})["metadata"] = OBJECT_META
                        versions[version["name"]] = {
                            "served": version.get("served", False),
                            "validator": jsonschema.Draft4Validator(converted),
                            "cel": count_cel_rules(schema),
                        }
                    crds[(group, kind)] = {"label": label or directory, "versions": versions}
    return crds


def error_path(error):
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crds", action="append", default=[], help="DIR=LABEL with CRD YAML files")
    parser.add_argument("--summary", help="write a JSON list of the documents checked here")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    crds = load_crds(args.crds)
    checked, failures = [], 0
    for file_name in args.files:
        with open(file_name, encoding="utf-8") as handle:
            docs = [d for d in yaml.safe_load_all(handle) if d]
        for doc in docs:
            api_version, kind = str(doc.get("apiVersion", "")), str(doc.get("kind", ""))
            group, _, version = api_version.rpartition("/")
            crd = crds.get((group, kind))
            if crd is None:
                continue
            name = (doc.get("metadata") or {}).get("name", "?")
            what = f"{kind}/{name}"
            checked.append({"apiVersion": api_version, "kind": kind, "name": name})
            served = sorted(v for v, info in crd["versions"].items() if info["served"])
            info = crd["versions"].get(version)
            if info is None or not info["served"]:
                failures += 1
                print(
                    f"FAIL {what}: {api_version} is not served by the {crd['label']} CRD "
                    f"(served: {', '.join(group + '/' + v for v in served) or 'none'})"
                )
                continue
            errors = sorted(info["validator"].iter_errors(doc), key=lambda e: list(e.absolute_path))
            if errors:
                failures += 1
                print(f"FAIL {what} against the {crd['label']} CRD ({api_version}):")
                for error in errors:
                    message = error.message if len(error.message) <= 300 else error.message[:297] + "..."
                    print(f"       {error_path(error)}: {message}")
            else:
                cel = f"; {info['cel']} CEL rules not evaluated" if info["cel"] else ""
                print(f"ok   {what} against the {crd['label']} CRD ({api_version}{cel})")
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as handle:
            json.dump(checked, handle)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a broken CRD or input file: not a validation verdict (validate.mjs tells them apart)
        traceback.print_exc()
        sys.exit(3)

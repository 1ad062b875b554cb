"""Checks examples/k8s/*.yaml as the Job API would read them, and prints what they run.

Usage: check_k8s.py SHARDS_JOB MERGE_JOB. Exits 1 naming the first key that is missing or
wrong; prints JSON {"shards": {...}, "merge": {...}} with each Job's command, environment and
(for the shards) completions and parallelism, for the end-to-end test to run them in a stand-in
for Kubernetes.
"""

import json
import sys

import yaml


def fail(path, what):
    sys.exit(f"{path}: {what}")


def job(path):
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    if len(docs) != 1:
        fail(path, f"{len(docs)} YAML documents, expected one Job")
    doc = docs[0]
    if doc.get("apiVersion") != "batch/v1" or doc.get("kind") != "Job":
        fail(path, "not a batch/v1 Job")
    if not doc.get("metadata", {}).get("name"):
        fail(path, "metadata.name missing")
    spec = doc.get("spec") or fail(path, "spec missing")
    pod = spec.get("template", {}).get("spec") or fail(path, "spec.template.spec missing")
    # The Job API rejects a pod template that may restart in place.
    if pod.get("restartPolicy") not in ("Never", "OnFailure"):
        fail(path, "spec.template.spec.restartPolicy must be Never or OnFailure")
    containers = pod.get("containers") or fail(path, "spec.template.spec.containers missing")
    for c in containers:
        for key in ("name", "image"):
            if not isinstance(c.get(key), str) or not c[key]:
                fail(path, f"containers[].{key} missing")
    mounts = {m["name"] for c in containers for m in c.get("volumeMounts", [])}
    volumes = {v["name"] for v in pod.get("volumes", [])}
    if not mounts <= volumes:
        fail(path, f"volumeMounts {sorted(mounts - volumes)} name no volume")
    c = containers[0]
    command = c.get("command") or fail(path, "containers[0].command missing")
    if not all(isinstance(a, str) for a in command):
        fail(path, "command must be a list of strings")
    env = {}
    for e in c.get("env", []):
        if not isinstance(e.get("name"), str) or not isinstance(e.get("value"), str):
            fail(path, "env entries need a name and a string value")
        env[e["name"]] = e["value"]
    return spec, command, env


def main():
    shards_path, merge_path = sys.argv[1:3]
    spec, command, env = job(shards_path)
    if spec.get("completionMode") != "Indexed":
        fail(shards_path, "spec.completionMode must be Indexed (it sets JOB_COMPLETION_INDEX)")
    completions = spec.get("completions")
    if not isinstance(completions, int) or completions < 1:
        fail(shards_path, "spec.completions must be a positive integer")
    if env.get("KHABAR_NUM_SHARDS") != str(completions):
        fail(shards_path, "env KHABAR_NUM_SHARDS must equal spec.completions")
    if command[:2] != ["khabar", "run"]:
        fail(shards_path, "the shards run `khabar run`")
    parallelism = spec.get("parallelism", completions)
    _, merge_command, merge_env = job(merge_path)
    if merge_command[:2] != ["khabar", "merge"]:
        fail(merge_path, "the merge runs `khabar merge`")
    json.dump(
        {
            "shards": {"command": command, "env": env, "completions": completions, "parallelism": parallelism},
            "merge": {"command": merge_command, "env": merge_env},
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The JSON contract (docs/json.md): every JSON golden under tests/golden and a fresh output of
each JSON-writing command validate against their schema in docs/schema/, and a document with a
required key removed, or another schema_version, does not.

Usage: json_contract_test.py STOWAGE SOURCE_DIR

Needs python3-jsonschema (Debian; scripts/build.sh installs it). Without it the test is skipped
(exit 77), except under STOWAGE_CI=1 (.ci/run), where it fails."""
import copy
import json
import os
import pathlib
import subprocess
import sys
import tempfile

SKIP = 77


def missing_validator(why):
    if os.environ.get("STOWAGE_CI") == "1":
        print(f"json-contract: FAILED: {why} (STOWAGE_CI=1: CI installs python3-jsonschema)")
        sys.exit(1)
    print(f"json-contract: skipped: {why} (apt-get install python3-jsonschema)")
    sys.exit(SKIP)


try:
    import jsonschema
except ImportError as e:
    missing_validator(f"no jsonschema module: {e}")
if not hasattr(jsonschema, "Draft202012Validator"):
    missing_validator("jsonschema too old for draft 2020-12 (need 4.0 or later)")


def load_schemas(directory):
    schemas = {}
    for path in sorted(directory.glob("*.schema.json")):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[path.name.removesuffix(".schema.json")] = schema
    return schemas


def validator_for(schemas, name):
    """A validator of schema `name` that resolves references to the other schemas by their $id."""
    schema = schemas[name]
    try:  # jsonschema 4.18 and later
        from referencing import Registry, Resource

        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:  # Debian 12's 4.10
        store = {s["$id"]: s for s in schemas.values()}
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def describe(error):
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message[:300]}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    stowage = os.path.abspath(sys.argv[1])
    source = pathlib.Path(sys.argv[2]).resolve()
    schemas = load_schemas(source / "docs/schema")
    for required in ("advise", "table", "simulate", "sweep", "accuracy"):
        if required not in schemas:
            print(f"json-contract: FAILED: no docs/schema/{required}.schema.json")
            return 1
    validators = {name: validator_for(schemas, name) for name in schemas}
    failures = []
    checked = 0

    def check(what, schema, doc):
        nonlocal checked
        checked += 1
        errors = errors_of(validators[schema], doc)
        for e in errors[:5]:
            failures.append(f"{what} ({schema}.schema.json): {describe(e)}")

    # Every golden that is JSON, by the command that wrote it (cases.txt and advise-cases.txt).
    golden = source / "tests/golden"
    commands = {}
    for cases in golden.glob("*cases.txt"):
        for line in cases.read_text().splitlines():
            name, _, args = line.partition(" ")
            commands[name] = args.split()[0]
    for path in sorted(golden.iterdir()):
        try:
            doc = json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            continue  # a text golden
        command = commands.get(path.stem)
        if command not in schemas:
            failures.append(f"{path.name}: a JSON golden of `{command}`, which has no schema")
            continue
        check(f"tests/golden/{path.name}", command, doc)

    # A fresh output of each JSON-writing command.
    with tempfile.TemporaryDirectory() as tmp:
        def run(*args):
            r = subprocess.run([stowage, *args], cwd=source, capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"stowage {' '.join(args)}: exit {r.returncode}: {r.stderr[:500]}")
                return None
            return json.loads(r.stdout) if r.stdout else None

        def run_and_check(schema, *args):
            doc = run(*args)
            if doc is not None:
                check("stowage " + " ".join(args), schema, doc)
            return doc

        small = "tests/fixtures/sweep/small.yaml"
        advice = run_and_check("advise", "advise", "--format", "json", "--robustness",
                               "--uncertainty", "--worlds", "16")
        run_and_check("table", "table", "--format", "json", "--guidance", "data/guidance.tsv")
        run_and_check("simulate", "simulate", "--storage", "nas-performance", "--format", "json")
        run_and_check("simulate", "simulate", "--flows", "tests/fixtures/flows/two_links.yaml",
                      "--format", "json")
        run_and_check("sweep", "sweep", small, "--format", "json")
        parts = []
        for i in (1, 2):
            part = f"{tmp}/part-{i}.json"
            run("sweep", small, "--shard", f"{i}/2", "-o", part)
            parts.append(part)
            check(f"sweep --shard {i}/2", "sweep", json.loads(pathlib.Path(part).read_text()))
        run("merge", *parts, "-o", f"{tmp}/merged.json")
        check("merge", "sweep", json.loads(pathlib.Path(f"{tmp}/merged.json").read_text()))
        banded = run_and_check("sweep", "sweep", small, "--format", "json", "--uncertainty",
                               "--worlds", "4")
        if banded is not None and "holds_in" not in banded["rows"][0]:
            failures.append("sweep --uncertainty: rows without holds_in")
        run_and_check("accuracy", "accuracy", "--format", "json")
        banded = run_and_check("accuracy", "accuracy", "--format", "json", "--uncertainty",
                               "--worlds", "4")
        if banded is not None and ("bands" not in banded or "band" not in banded["cases"][0]):
            failures.append("accuracy --uncertainty: no bands")
        for doc in (run("profiles", "list", "--format", "json"),
                    run("profiles", "show", "a10", "--format", "json")):
            if doc is not None and doc.get("schema_version") != 1:
                failures.append("profiles list/show: no schema_version 1")

    # The schemas are not empty: a golden with a required key removed, a candidate's time of the
    # wrong type or another schema_version fails.
    sample = json.loads((golden / "advise-default.txt").read_text())
    broken = {
        "without recommended": lambda d: d.pop("recommended"),
        "without schema_version": lambda d: d.pop("schema_version"),
        "schema_version 2": lambda d: d.update(schema_version=2),
        "a candidate without p99_s": lambda d: d["candidates"][0].pop("p99_s"),
        "a p99_s as text": lambda d: d["candidates"][0].update(p99_s="34 s"),
        "an infeasible candidate with a p99": lambda d: d["candidates"][0].update(feasible=False),
    }
    for what, edit in broken.items():
        doc = copy.deepcopy(sample)
        edit(doc)
        if not errors_of(validators["advise"], doc):
            failures.append(f"advise-default.txt {what}: validates, but must not")
    if advice is not None and "uncertainty" in advice:
        doc = copy.deepcopy(advice)
        doc["uncertainty"]["candidates"][0].pop("holds")
        if not errors_of(validators["advise"], doc):
            failures.append("advise --uncertainty without a candidate's holds: validates")

    for f in failures:
        print(f"json-contract: {f}")
    print(f"json-contract: {checked} documents checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

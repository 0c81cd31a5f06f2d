// Validates Kubernetes objects (multi-document YAML files) against the
// OpenAPI schemas of the npm packages kubernetes-models and
// @kubernetes-models/keda, strictly: a field the schema does not know is an
// error, which the packages' own validate() lets through.
//
// Strictness without a second copy of the schemas: the packages ship their
// schemas compiled to ajv's standalone code, which reads every property the
// schema names (`data.replicas`) and enumerates only the keys of maps
// (`for (key in data)` over labels, data, ...). The object is validated
// through a Proxy that records both; a key that was neither read nor
// enumerated is unknown to the schema.
//
// usage: node validate.mjs FILE...                 every object must be valid
//        node validate.mjs --expect-rejected FILE... every object must be rejected
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
};

async function modelOf(doc) {
  const path = modules[doc?.apiVersion];
  if (!path) throw new Error(`apiVersion ${JSON.stringify(doc?.apiVersion)} is not one this validator knows`);
  const cls = (await import(path))[doc.kind];
  if (!cls || cls.kind !== doc.kind) throw new Error(`no kind ${doc.kind} in ${doc.apiVersion}`);
  return cls;
}

// A Proxy over `value` that records, per object, the keys read and whether
// its keys were enumerated.
function tracked(value, seen) {
  if (value === null || typeof value !== "object") return value;
  const record = { read: new Set(), enumerated: false };
  seen.set(value, record);
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      const child = Reflect.get(target, key, receiver);
      if (child === null || typeof child !== "object") return child;
      return seen.has(child) ? seen.get(child).proxy : attach(child);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });

  function attach(child) {
    const proxy = tracked(child, seen);
    seen.get(child).proxy = proxy;
    return proxy;
  }
}

function unknownFields(value, seen, path, out) {
  if (value === null || typeof value !== "object") return out;
  const record = seen.get(value);
  for (const [key, child] of Object.entries(value)) {
    const at = `${path}/${key}`;
    // An object the validator never reached is unchecked: reject it too, so
    // the check fails closed.
    if (!Array.isArray(value) && (!record || (!record.enumerated && !record.read.has(key)))) {
      out.push(`${at}: unknown field`);
      continue;
    }
    unknownFields(child, seen, at, out);
  }
  return out;
}

// Problems of one object, [] when it is valid.
export async function problems(doc) {
  let model;
  try {
    model = await modelOf(doc);
  } catch (e) {
    return [e.message];
  }
  const seen = new Map();
  const proxy = tracked(doc, seen);
  try {
    model.prototype.validate.call(proxy);
  } catch (e) {
    return [String(e.message ?? e).split("\n").join("; ")];
  }
  return unknownFields(doc, seen, "", []);
}

async function main(argv) {
  const expectRejected = argv[0] === "--expect-rejected";
  const files = expectRejected ? argv.slice(1) : argv;
  if (files.length === 0) {
    console.error("usage: node validate.mjs [--expect-rejected] FILE...");
    return 64;
  }
  let failures = 0, count = 0;
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(file, "utf8"));
    for (const [i, d] of docs.entries()) {
      if (d.errors.length) {
        console.error(`${file}: document ${i + 1}: not YAML: ${d.errors[0].message}`);
        failures++;
        continue;
      }
      const doc = d.toJS();
      if (doc === null) continue;
      count++;
      const what = `${file}: ${doc.kind ?? "?"} ${doc.metadata?.name ?? "?"}`;
      const found = await problems(doc);
      if (expectRejected) {
        if (found.length === 0) {
          console.error(`${what}: accepted, but it must be rejected`);
          failures++;
        } else console.log(`${what}: rejected as expected: ${found.join("; ")}`);
      } else if (found.length) {
        for (const p of found) console.error(`${what}: ${p}`);
        failures++;
      }
    }
  }
  if (count === 0) {
    console.error("no objects to validate");
    return 1;
  }
  console.log(`${count} objects ${expectRejected ? "checked for rejection" : "checked"}, ${failures} failed`);
  return failures ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));

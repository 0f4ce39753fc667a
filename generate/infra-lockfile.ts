/**
 * `infra/package-lock.json`, so `npm ci` installs exactly the versions dazzle was built and
 * tested with (CI gets a reproducible install and an npm cache key). infra/ pins the same
 * aws-cdk-lib, constructs, aws-cdk, ts-node, typescript and @types/node as dazzle's own
 * package.json, so its lockfile is the part of dazzle's lockfile those packages reach, found
 * by Node's resolution over the lockfile's paths, with npm's dev/optional flags recomputed for
 * infra's own roots. Pure: no registry, no network, the same bytes for the same inputs.
 */

/** The subset of npm's lockfile v3 this reads and writes. */
export interface NpmLockfile {
  readonly name?: string;
  readonly version?: string;
  readonly lockfileVersion: number;
  readonly requires?: boolean;
  readonly packages: Readonly<Record<string, LockedPackage>>;
}

interface LockedPackage {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly inBundle?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [field: string]: unknown;
}

export interface InfraManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

export class InfraLockfileError extends Error {
  override readonly name = "InfraLockfileError";
}

interface Reach {
  prod: boolean;
  prodRequired: boolean;
  dev: boolean;
  devRequired: boolean;
  nonPeer: boolean;
}

const flagFields = ["dev", "optional", "devOptional", "peer"];

export function renderInfraLockfile(source: NpmLockfile, manifest: InfraManifest): string {
  if (source.lockfileVersion !== 3) {
    throw new InfraLockfileError(`expected an npm lockfile v3, not v${source.lockfileVersion}`);
  }
  const reach = new Map<string, Reach>();
  const visit = (path: string, via: Omit<Reach, "nonPeer">, peer: boolean) => {
    const known = reach.get(path);
    const next: Reach = {
      prod: (known?.prod ?? false) || via.prod,
      prodRequired: (known?.prodRequired ?? false) || via.prodRequired,
      dev: (known?.dev ?? false) || via.dev,
      devRequired: (known?.devRequired ?? false) || via.devRequired,
      nonPeer: (known?.nonPeer ?? false) || !peer,
    };
    if (known && JSON.stringify(known) === JSON.stringify(next)) return;
    reach.set(path, next);
    const entry = source.packages[path]!;
    for (const [edges, optional, peerEdge] of [[entry.dependencies, false, false], [
      entry.optionalDependencies,
      true,
      false,
    ], [entry.peerDependencies, false, true]] as const) {
      for (const name of Object.keys(edges ?? {})) {
        const optionalPeer = peerEdge && entry.peerDependenciesMeta?.[name]?.optional === true;
        const target = resolveFrom(source, path, name);
        if (target === undefined) {
          // npm leaves optional dependencies and optional peers out when absent.
          if (optional || optionalPeer || peerEdge) continue;
          throw new InfraLockfileError(`${path} needs ${name}, which the lockfile lacks`);
        }
        const required = !optional && !optionalPeer;
        visit(target, { prod: next.prod, prodRequired: next.prodRequired && required, dev: next.dev,
          devRequired: next.devRequired && required }, peerEdge);
      }
    }
  };
  for (const [roots, dev] of [[manifest.dependencies, false], [manifest.devDependencies,
    true]] as const) {
    for (const [name, wanted] of Object.entries(roots)) {
      const path = `node_modules/${name}`;
      const locked = source.packages[path];
      if (locked?.version !== wanted) {
        throw new InfraLockfileError(`infra pins ${name} ${wanted}, but dazzle's lockfile has ` +
          `${locked?.version ?? "none"}`);
      }
      visit(path, { prod: !dev, prodRequired: !dev, dev, devRequired: dev }, false);
    }
  }
  // A bundled package ships inside its parent's tarball: it comes with it.
  for (const path of Object.keys(source.packages)) {
    if (!source.packages[path]!.inBundle) continue;
    const parent = bundleParent(path);
    const parentReach = parent === undefined ? undefined : reach.get(parent);
    if (parentReach && !reach.has(path)) reach.set(path, { ...parentReach });
  }
  const packages: Record<string, unknown> = {
    "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies,
      devDependencies: manifest.devDependencies },
  };
  for (const path of Object.keys(source.packages).filter((p) => reach.has(p)).sort()) {
    packages[path] = withFlags(source.packages[path]!, reach.get(path)!);
  }
  return `${
    JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3,
      requires: true, packages }, null, 2)
  }\n`;
}

/** Node's lookup: `<from>/node_modules/<name>`, then each enclosing node_modules, then root. */
function resolveFrom(source: NpmLockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (source.packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut < 0 ? "" : base.slice(0, cut);
  }
}

function bundleParent(path: string): string | undefined {
  const cut = path.lastIndexOf("/node_modules/");
  return cut < 0 ? undefined : path.slice(0, cut);
}

/** npm's flags for infra's tree: dev (only from devDependencies), optional, devOptional, peer. */
function withFlags(entry: LockedPackage, reach: Reach): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(entry)) {
    if (!flagFields.includes(field)) copy[field] = value;
  }
  const dev = !reach.prod;
  const optional = !reach.prodRequired && !reach.devRequired;
  if (dev) copy["dev"] = true;
  if (optional) copy["optional"] = true;
  if (!dev && !optional && !reach.prodRequired) copy["devOptional"] = true;
  if (!reach.nonPeer) copy["peer"] = true;
  return copy;
}

import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DistrolessAppArgs } from "./args";
import { ensureDockerignore } from "./build/dockerignore";
import { declareImage } from "./build/image";
import { declareAws } from "./destinations/aws";
import { ChildContext, Destination } from "./destinations/destination";
import { declareGcp } from "./destinations/gcp";
import { ociDestination } from "./destinations/oci";
import { AppSpec, ResolvedArgs, resolveAppSpec } from "./spec";

export const DISTROLESS_APP_TYPE = "distroless:index:DistrolessApp";

interface AppOutputs {
    imageRefs: pulumi.Output<Record<string, string>>;
    digest: pulumi.Output<string>;
    baseImage: pulumi.Output<string>;
    platforms: pulumi.Output<string[]>;
    repositoryUrls: pulumi.Output<Record<string, string>>;
}

/**
 * An application image on a distroless base: the base is chosen and pinned,
 * one multi-platform build produces one OCI index, which is pushed to every
 * destination registry, whose repositories and pull grants are declared too.
 *
 * Arguments are checked before anything is registered. When some arrive as
 * Outputs, the checks (and every child) wait until their values are known;
 * a failed check then fails the component's outputs with the same message.
 */
export class DistrolessApp extends pulumi.ComponentResource {
    /** A digest-pinned reference per destination (`gcp`, `aws`, `oci:HOST/REPO`, `local`). */
    public readonly imageRefs!: pulumi.Output<Record<string, string>>;
    /** The digest of the multi-platform index. */
    public readonly digest!: pulumi.Output<string>;
    /** The base image the final stage is built on, mirrored and pinned. */
    public readonly baseImage!: pulumi.Output<string>;
    public readonly platforms!: pulumi.Output<string[]>;
    /** Registry host and repository path per destination. */
    public readonly repositoryUrls!: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DistrolessAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const { known, passwords } = separate(args);
        // Plain values are checked before the component itself is registered.
        const spec = isPlain(known) ? resolveAppSpec(name, withPasswords(known as ResolvedArgs, passwords)) : undefined;
        super(DISTROLESS_APP_TYPE, name, {}, opts);

        let outputs: AppOutputs;
        if (spec) {
            outputs = this.declare(spec);
        } else {
            // Which fields arrived as secrets: their values are never shown, and never baked into the image.
            const deferred = pulumi.all([pulumi.output(known), secretFieldsOf(known)]).apply(([resolved, secretFields]) =>
                this.declare(resolveAppSpec(name, withPasswords(resolved as ResolvedArgs, passwords), secretFields)));
            outputs = {
                imageRefs: deferred.apply((o) => o.imageRefs),
                digest: deferred.apply((o) => o.digest),
                baseImage: deferred.apply((o) => o.baseImage),
                platforms: deferred.apply((o) => o.platforms),
                repositoryUrls: deferred.apply((o) => o.repositoryUrls),
            };
        }
        Object.assign(this, outputs);
        this.registerOutputs({ ...outputs });
    }

    private declare(spec: AppSpec): AppOutputs {
        for (const warning of spec.warnings) {
            pulumi.log.warn(warning, this);
        }
        // The build context is the app's directory and the Dockerfile is inline, so
        // <context>/.dockerignore is the only ignore file BuildKit reads: without one,
        // stray files would reach the image and change the context hash.
        if ("inline" in spec.dockerfile && fs.existsSync(spec.context) && ensureDockerignore(spec.context, spec.language)) {
            pulumi.log.info(`wrote ${path.join(spec.context, ".dockerignore")} (the default for ${spec.language}; edit it freely)`, this);
        }
        const ctx: ChildContext = {
            parent: this,
            repositoryOptions: spec.protectRepositories ? { protect: true, retainOnDelete: true } : {},
        };
        const destinations: Destination[] = [];
        if (spec.gcp) {
            destinations.push(declareGcp(spec, spec.gcp, ctx));
        }
        if (spec.aws) {
            destinations.push(declareAws(spec, spec.aws, destinations.length === 0 && spec.cache, ctx));
        }
        destinations.push(...spec.oci.map(ociDestination));

        const image = declareImage(spec, destinations, ctx);
        const repositoryUrls = repositoryUrlsOf(destinations);
        const localExport = spec.localExport;
        const imageRefs = image.digest.apply((digest) => repositoryUrls.apply((urls) => {
            const refs: Record<string, string> = {};
            for (const [key, url] of Object.entries(urls)) {
                refs[key] = `${url}@${digest}`;
            }
            if (localExport) {
                refs.local = `oci-archive:${localExport.path}@${digest}`;
            }
            return refs;
        }));
        return {
            imageRefs,
            digest: image.digest,
            baseImage: pulumi.output(spec.base.image.reference),
            platforms: pulumi.output([...spec.platforms]),
            repositoryUrls,
        };
    }
}

/**
 * Each destination's image name by key, in destination order: plain names as
 * they are, and one apply for the names a provider computes (Outputs are what
 * the SDK's cost per app grows with).
 */
function repositoryUrlsOf(destinations: readonly Destination[]): pulumi.Output<Record<string, string>> {
    const computed = destinations.flatMap((d) => typeof d.imageName === "string" ? [] : [d.imageName]);
    const record = (values: readonly string[]) => {
        let next = 0;
        return Object.fromEntries(destinations.map((d) => [d.key, typeof d.imageName === "string" ? d.imageName : values[next++]]));
    };
    if (computed.length === 0) {
        return pulumi.output(record([]));
    }
    return computed.length === 1 ? computed[0].apply((v) => record([v])) : pulumi.all(computed).apply(record);
}

type Passwords = Map<number, pulumi.Input<string>>;

/**
 * Registry passwords are never checked and must keep their secret wrapping,
 * so they are set aside before the other args are resolved.
 */
function separate(args: DistrolessAppArgs): { known: object; passwords: Passwords } {
    const passwords: Passwords = new Map();
    if (typeof args !== "object" || args === null) {
        // Untyped callers (other languages, config): the shape check names what is missing.
        return { known: {}, passwords };
    }
    if (!Array.isArray(args.oci)) {
        return { known: args, passwords };
    }
    const oci = args.oci.map((registry, i) => {
        if (isPlainObject(registry) && "password" in registry) {
            const { password, ...rest } = registry as { password?: pulumi.Input<string> };
            if (password !== undefined) {
                passwords.set(i, password);
            }
            return rest;
        }
        return registry;
    });
    return { known: { ...args, oci }, passwords };
}

function withPasswords(args: ResolvedArgs, passwords: Passwords): ResolvedArgs {
    if (passwords.size === 0 || !args.oci) {
        return args;
    }
    return { ...args, oci: args.oci.map((r, i) => passwords.has(i) ? { ...r, password: passwords.get(i) } : r) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** The paths of the fields given as secret Outputs, such as env.TOKEN. */
async function secretFieldsOf(value: unknown, path = ""): Promise<string[]> {
    if (pulumi.Output.isInstance(value)) {
        return await pulumi.isSecret(value) ? [path] : [];
    }
    const child = (key: string | number) => typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    let entries: [string | number, unknown][] = [];
    if (Array.isArray(value)) {
        entries = value.map((v, i) => [i, v]);
    } else if (isPlainObject(value)) {
        entries = Object.entries(value);
    }
    return (await Promise.all(entries.map(([k, v]) => secretFieldsOf(v, child(k))))).flat();
}

/** True when no Output or Promise hides anywhere inside the value. */
function isPlain(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return false;
    }
    if (Array.isArray(value)) {
        return value.every(isPlain);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).every(isPlain);
    }
    return true;
}

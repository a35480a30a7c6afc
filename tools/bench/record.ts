import * as pulumi from "@pulumi/pulumi";

/**
 * Everything a program declares, in a form that can be compared between two
 * programs and replayed by hand: for each resource its type, name, parent,
 * the property keys its class passed (outputs-only keys included, as
 * undefined), the resolved inputs as the monitor received them (secrets
 * keep Pulumi's wire marking), its options and the resources it depends
 * on; for each invoke its token, parent, options and resolved arguments.
 */

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** `type::name` of the parent; absent for the stack's direct children. */
    parent?: string;
    readonly custom: boolean;
    readonly propKeys: string[];
    inputs: Record<string, unknown>;
    readonly opts: Record<string, unknown>;
    /** `type::name` of every resource this one depends on, as sent to the engine. */
    dependencies: string[];
}

export interface RecordedInvoke {
    readonly token: string;
    readonly parent?: string;
    readonly opts: Record<string, unknown>;
    inputs: Record<string, unknown>;
}

export interface Recording {
    readonly resources: RecordedResource[];
    readonly invokes: RecordedInvoke[];
    /** Modules first loaded while the program ran; later runs load them before the clock starts. */
    loadedModules: string[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Options that change what is registered; parent is recorded separately, the rest is not set by this program. */
const RECORDED_OPTIONS = [
    "protect", "retainOnDelete", "version", "pluginDownloadURL", "aliases", "additionalSecretOutputs",
    "ignoreChanges", "deleteBeforeReplace", "replaceOnChanges", "customTimeouts", "deletedWith", "provider", "providers",
];

/** The invoke entry points of the SDK; provider packages call them through the runtime module. */
const INVOKE_FUNCTIONS = ["invoke", "invokeOutput", "invokeSingle", "invokeSingleOutput"] as const;

interface ResourceInternals {
    __name?: string;
    __pulumiType?: string;
}

function parentKey(parent: pulumi.Resource | undefined): string | undefined {
    const r = parent as unknown as ResourceInternals | undefined;
    if (!r?.__pulumiType || r.__pulumiType === STACK_TYPE) {
        return undefined;
    }
    return `${r.__pulumiType}::${r.__name}`;
}

function recordedOptions(opts: object | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of RECORDED_OPTIONS) {
        const value = (opts as Record<string, unknown> | undefined)?.[key];
        if (value !== undefined) {
            // A resource or Output among options cannot be written by hand as a literal; flag it.
            out[key] = isLiteral(value) ? value : "[not a literal]";
        }
    }
    return out;
}

function isLiteral(value: unknown): boolean {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.every(isLiteral);
    }
    if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.values(value as object).every((v) => v === undefined || isLiteral(v));
    }
    return false;
}

/**
 * Collects a Recording. Resource shapes come from a stack transformation
 * (which sees the class's props and options), inputs from the mock monitor;
 * invokes are seen by wrapping the SDK's invoke functions, which costs
 * nothing when not recording because it is only installed then.
 */
export class Recorder {
    private readonly resources = new Map<string, RecordedResource>();
    private readonly invokes: RecordedInvoke[] = [];
    private readonly pending: Promise<unknown>[] = [];

    /** Installs the transformation and the invoke wrappers; call inside runInPulumiStack. */
    install(): void {
        pulumi.runtime.registerStackTransformation((t) => {
            this.resources.set(`${t.type}::${t.name}`, {
                type: t.type,
                name: t.name,
                parent: parentKey(t.opts.parent),
                custom: t.resource instanceof pulumi.CustomResource,
                propKeys: Object.keys(t.props ?? {}),
                inputs: {},
                opts: recordedOptions(t.opts),
                dependencies: [],
            });
            return undefined;
        });
        // The dependency edges are computed by the SDK from Output inputs and
        // dependsOn; only the request to the monitor shows them.
        const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, cb: unknown) => unknown };
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, cb) => {
            const entry = this.resources.get(`${req.getType()}::${req.getName()}`);
            if (entry) {
                entry.dependencies = [...new Set(req.getDependenciesList().map(urnKey))].sort();
            }
            return register(req, cb);
        };
        const runtime = pulumi.runtime as unknown as Record<string, (...args: unknown[]) => unknown>;
        for (const fn of INVOKE_FUNCTIONS) {
            const original = runtime[fn];
            runtime[fn] = (token: unknown, args: unknown, options?: unknown, ...rest: unknown[]) => {
                const opts = options as pulumi.InvokeOptions | undefined;
                const entry: RecordedInvoke = { token: String(token), parent: parentKey(opts?.parent), opts: recordedOptions(opts), inputs: {} };
                this.invokes.push(entry);
                this.pending.push(new Promise((resolve) => pulumi.output(args as object).apply((v) => {
                    entry.inputs = JSON.parse(JSON.stringify(v ?? {})) as Record<string, unknown>;
                    resolve(undefined);
                    return v;
                })));
                return original(token, args, options, ...rest);
            };
        }
    }

    /** The monitor's view of a registration: the resolved, serialised inputs. */
    registered(type: string, name: string, inputs: Record<string, unknown>): void {
        const entry = this.resources.get(`${type}::${name}`);
        if (entry) {
            entry.inputs = inputs;
        }
    }

    async recording(loadedModules: string[]): Promise<Recording> {
        await Promise.all(this.pending);
        return {
            resources: [...this.resources.values()].filter((r) => r.type !== STACK_TYPE),
            invokes: this.invokes,
            loadedModules,
        };
    }
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getDependenciesList(): string[];
}

/** `urn:pulumi:STACK::PROJECT::[parent$]type::name` -> `type::name`. */
function urnKey(urn: string): string {
    const parts = urn.split("::");
    return `${parts[2].split("$").pop()}::${parts.slice(3).join("::")}`;
}

/** One line per declaration, sorted: two recordings declare the same things when these lists are equal. */
export function canonicalLines(recording: Recording): string[] {
    const resources = recording.resources.map((r) => JSON.stringify(["resource", r.type, r.name, r.parent ?? null, r.custom, [...r.propKeys].sort(), sortKeys(r.inputs), sortKeys(r.opts), r.dependencies]));
    const invokes = recording.invokes.map((i) => JSON.stringify(["invoke", i.token, i.parent ?? null, sortKeys(i.inputs), sortKeys(i.opts)]));
    return [...resources, ...invokes].sort();
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
    }
    return value;
}

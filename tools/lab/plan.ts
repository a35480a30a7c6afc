/**
 * What the lab builds comes from the offline plan of the `local` stack, so
 * the images tested are exactly those the component would ask docker-build
 * for: the plan's context, inline Dockerfile, build args, target, labels and
 * platforms, with mirrors and pins pointed at the lab's loopback registry.
 */
import * as path from "path";
import { loadStack } from "../plan/project";
import { run } from "./proc";

const IMAGE_TYPE = "docker-build:index:Image";
const APP_TYPE = "distroless:index:DistrolessApp";
const ROOT = path.resolve(__dirname, "..", "..");

/** One app's build, as the plan declares it. */
export interface BuildInputs {
    readonly app: string;
    readonly language: string;
    readonly version: string;
    readonly context: string;
    readonly dockerfile: string;
    readonly buildArgs: Readonly<Record<string, string>>;
    readonly labels: Readonly<Record<string, string>>;
    readonly target?: string;
    readonly platforms: readonly string[];
    /** Tags the plan gives the image (`name:tag`), without registry. */
    readonly tags: readonly string[];
    /** Where the local stack writes the OCI tarball. */
    readonly exportPath?: string;
}

/** An app as the stack file lists it (the lab adds the seed's base-debian12 case). */
export interface StackApp {
    readonly name: string;
    readonly domain: string;
    readonly language: string;
    readonly context: string;
    readonly version: string;
    readonly main?: string;
    readonly base?: Record<string, unknown>;
}

interface PlannedResource {
    type: string;
    name: string;
    parent?: string;
    inputs: Record<string, unknown>;
}

/** The apps the local stack file declares. */
export function localStackApps(): StackApp[] {
    const settings = loadStack(ROOT, "local");
    return JSON.parse(settings.config[`${settings.project}:apps`]) as StackApp[];
}

/**
 * Runs `npm run plan -- --stack local --json` with `--config` overrides, as a
 * user would, and returns each app's build inputs.
 */
export async function planBuilds(options: {
    mirrors: Record<string, string>;
    pins: Record<string, string>;
    apps: readonly StackApp[];
}): Promise<BuildInputs[]> {
    const overrides = [
        `mirrors=${JSON.stringify(options.mirrors)}`,
        `pins=${JSON.stringify(options.pins)}`,
        `apps=${JSON.stringify(options.apps)}`,
    ];
    const { stdout } = await run("npx", [
        "tsx", "tools/plan/cli.ts", "--stack", "local", "--json", ...overrides.flatMap((o) => ["--config", o]),
    ], { cwd: ROOT });
    const doc = JSON.parse(stdout) as { stack: string; resources: PlannedResource[] };
    return buildsOf(doc.resources, options.apps);
}

export function buildsOf(resources: readonly PlannedResource[], apps: readonly StackApp[]): BuildInputs[] {
    return apps.map((app) => {
        const parent = `${APP_TYPE}::${app.name}`;
        const images = resources.filter((r) => r.type === IMAGE_TYPE && r.parent === parent);
        if (images.length !== 1) {
            throw new Error(`the plan declares ${images.length} images for ${app.name}, expected one`);
        }
        const inputs = images[0].inputs as {
            context: { location: string };
            dockerfile: { inline?: string; location?: string };
            buildArgs?: Record<string, string>;
            labels?: Record<string, string>;
            target?: string;
            platforms: string[];
            tags: string[];
            exports?: { oci?: { dest: string } }[];
        };
        if (inputs.dockerfile.inline === undefined) {
            throw new Error(`${app.name}: the lab builds template Dockerfiles, this app names its own`);
        }
        return {
            app: app.name,
            language: app.language,
            version: app.version,
            context: inputs.context.location,
            dockerfile: inputs.dockerfile.inline,
            buildArgs: inputs.buildArgs ?? {},
            labels: inputs.labels ?? {},
            target: inputs.target,
            platforms: inputs.platforms,
            tags: inputs.tags,
            exportPath: inputs.exports?.find((e) => e.oci)?.oci?.dest,
        };
    });
}

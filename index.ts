import * as pulumi from "@pulumi/pulumi";
import { DistrolessApp } from "./components";
import { appArgs } from "./program/apps";
import { CONFIG_KEYS, parseStackConfig } from "./program/config";

/**
 * The stack program: read the stack's typed configuration, apply its
 * environment profile and stamp out one DistrolessApp per app.
 */
const project = pulumi.getProject();
const stack = pulumi.getStack();
const raw: Record<string, unknown> = {};
for (const key of CONFIG_KEYS) {
    // Read raw, so secret keys (an OCI password set with --secret --path)
    // are parsed like the others; the program wraps passwords in secrets.
    const value = pulumi.runtime.getConfig(`${project}:${key}`);
    if (value !== undefined) {
        raw[key] = parseConfigValue(value);
    }
}
const { config, environment } = parseStackConfig(project, stack, raw);
const apps = config.apps.map((app) =>
    new DistrolessApp(app.name, appArgs(app, config, environment, __dirname, pulumi.secret)));

/** Structured values arrive as JSON text; scalars stay strings (a version like 1 is not a number). */
function parseConfigValue(value: string): unknown {
    const structured = /^\s*[[{]/.test(value) || value === "true" || value === "false";
    return structured ? JSON.parse(value) : value;
}

function byApp<T>(pick: (app: DistrolessApp) => pulumi.Output<T>): pulumi.Output<Record<string, T>> {
    return pulumi.output(Object.fromEntries(config.apps.map((a, i) => [a.name, pick(apps[i])]))) as pulumi.Output<Record<string, T>>;
}

export const environmentName = environment;
export const imageRefs = byApp((app) => app.imageRefs);
export const digests = byApp((app) => app.digest);
export const baseImages = byApp((app) => app.baseImage);
export const repositoryUrls = byApp((app) => app.repositoryUrls);

import * as pulumi from "@pulumi/pulumi";
import { DistrolessApp } from "./components";
import { appArgs, checkApps } from "./program/apps";
import { StackConfigError, misplacedSecrets, misspeltNamespaces, parseStackConfig } from "./program/config";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";

/**
 * The stack program: read the stack's typed configuration, apply its
 * environment profile and stamp out one DistrolessApp per app.
 */
const project = pulumi.getProject();
const stack = pulumi.getStack();
const allConfig = pulumi.runtime.allConfig();
// Keys are checked before any value is parsed, so no message can show a
// decrypted value: a misspelt namespace, or a secret where none belongs.
const keyProblems = [
    ...misspeltNamespaces(project, Object.keys(allConfig)),
    ...misplacedSecrets(project, Object.keys(allConfig).filter(isConfigSecret)),
];
if (keyProblems.length > 0) {
    throw new StackConfigError(stack, keyProblems);
}
// Every key of the project's namespace, read raw, so a misspelt key is
// refused by the schema and secret keys (an OCI password set with --secret
// --path) are parsed like the others; the program wraps passwords in secrets.
const raw: Record<string, unknown> = {};
for (const [fullKey, value] of Object.entries(allConfig)) {
    if (fullKey.startsWith(`${project}:`)) {
        const key = fullKey.slice(project.length + 1);
        raw[key] = parseConfigValue(key, value);
    }
}
const { config, environment } = parseStackConfig(project, stack, raw);
// Every app pushes to the same registries: one secret per password, shared.
const secrets = new Map<string, pulumi.Output<string>>();
const secretOnce = (value: string) => secrets.get(value) ?? secrets.set(value, pulumi.secret(value)).get(value);
const argsByApp = config.apps.map((app) => appArgs(app, config, environment, __dirname, secretOnce));
// Every app is checked before the first is declared: one bad app leaves
// nothing half-created, and the message lists every app's problems at once.
checkApps(stack, config.apps.map((app, i) => [app.name, argsByApp[i]]));
// A plain loop, not map(): the SDK records the whole call stack of every
// resource it registers, so two frames fewer here are two fewer per resource.
const apps: DistrolessApp[] = [];
for (let i = 0; i < config.apps.length; i++) {
    apps.push(new DistrolessApp(config.apps[i].name, argsByApp[i]));
}

/** Whether Pulumi marks a config key secret (set with --secret). The SDK keeps this check internal. */
function isConfigSecret(key: string): boolean {
    const check = (runtimeConfig as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    if (check) {
        return check(key);
    }
    const keys: unknown = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]");
    return Array.isArray(keys) && keys.includes(key);
}

/** Structured values arrive as JSON text; scalars stay strings (a version like 1 is not a number); null is absent. */
function parseConfigValue(key: string, value: string): unknown {
    if (!(/^\s*[[{]/.test(value) || value === "true" || value === "false" || value === "null")) {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        // Neither the value nor the parser's message (which quotes part of it): it may be a decrypted secret.
        throw new StackConfigError(stack, [`${project}:${key}: not valid JSON; structured values are JSON, as \`pulumi config set --path\` writes them`]);
    }
}

function byApp<T>(pick: (app: DistrolessApp) => pulumi.Output<T>): pulumi.Output<Record<string, T>> {
    return pulumi.output(Object.fromEntries(config.apps.map((a, i) => [a.name, pick(apps[i])]))) as pulumi.Output<Record<string, T>>;
}

// What a deployment needs per app: its digest-pinned references, by
// destination (each holds the repository and the index digest).
export const environmentName = environment;
export const imageRefs = byApp((app) => app.imageRefs);

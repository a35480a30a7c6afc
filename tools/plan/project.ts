import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { isStructuredKey } from "../../program/config";

/** Placeholder a `secure:` value becomes offline: it is never decrypted. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackSettings {
    readonly project: string;
    readonly stack: string;
    /** `project:key` -> value as the language host passes it (JSON text for structured values). */
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
    readonly programPath: string;
}

/**
 * Reads Pulumi.yaml and the stack's file the way the Pulumi CLI would, and
 * applies `KEY=VALUE` overrides as `pulumi config set` would (a key without
 * a namespace belongs to the project).
 */
export function loadStack(projectDir: string, stack: string, overrides: readonly string[] = []): StackSettings {
    const projectFile = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
        name: string; main?: string; stackConfigDir?: string;
    };
    const project = projectFile.name;
    const stackFile = path.join(projectDir, projectFile.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new Error(`no stack "${stack}": ${path.relative(projectDir, stackFile)} does not exist`);
    }
    const parsed = (YAML.parse(fs.readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(parsed.config ?? {})) {
        const fullKey = qualify(project, key);
        if (isSecure(value) && fullKey.startsWith(`${project}:`) && isStructuredKey(fullKey.slice(project.length + 1))) {
            throw new Error(`${path.relative(projectDir, stackFile)}: ${key} is encrypted as a whole, and the offline plan never decrypts, so it cannot `
                + "read the structure inside; encrypt only the secret values in it, e.g. pulumi config set --secret --path 'oci[0].password'");
        }
        const { text, secret } = encode(value);
        config[fullKey] = text;
        if (secret) {
            secretKeys.push(fullKey);
        }
    }
    for (const override of overrides) {
        const eq = override.indexOf("=");
        if (eq <= 0) {
            throw new Error(`--config ${JSON.stringify(override)}: expected KEY=VALUE`);
        }
        config[qualify(project, override.slice(0, eq))] = override.slice(eq + 1);
    }
    return {
        project,
        stack,
        config,
        secretKeys,
        programPath: path.join(projectDir, projectFile.main ?? "index.ts"),
    };
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Structured values become JSON; `secure:` values anywhere inside become placeholders. */
function encode(value: unknown): { text: string; secret: boolean } {
    let secret = false;
    const redact = (v: unknown): unknown => {
        if (isSecure(v)) {
            secret = true;
            return SECRET_PLACEHOLDER;
        }
        if (Array.isArray(v)) {
            return v.map(redact);
        }
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, redact(inner)]));
        }
        return v;
    };
    const redacted = redact(value);
    const text = typeof redacted === "string" ? redacted : typeof redacted === "object" ? JSON.stringify(redacted) : String(redacted);
    return { text, secret };
}

function isSecure(v: unknown): boolean {
    return v !== null && typeof v === "object" && !Array.isArray(v)
        && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

import YAML from "yaml";
import { DeclaredResource, SECRET_SIG, SECRET_VALUE, UNKNOWN } from "./runner";

export const SECRET_SHOWN = "[secret]";
export const COMPUTED_SHOWN = "(computed)";

/**
 * Inputs as they will be printed: unknowns become "(computed)", secrets keep
 * Pulumi's secret marking with the value replaced, so nothing secret is shown.
 */
export function presentInputs(value: unknown): unknown {
    if (value === UNKNOWN) {
        return COMPUTED_SHOWN;
    }
    if (Array.isArray(value)) {
        return value.map(presentInputs);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record.__pulumiUnknown === true) {
            return COMPUTED_SHOWN;
        }
        if (record[SECRET_SIG] === SECRET_VALUE) {
            return { [SECRET_SIG]: SECRET_VALUE, value: SECRET_SHOWN };
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, presentInputs(v)]));
    }
    return value;
}

export interface PlanDocument {
    stack: string;
    offline: true;
    resources: { type: string; name: string; parent?: string; inputs: unknown }[];
}

export function planDocument(stack: string, resources: readonly DeclaredResource[]): PlanDocument {
    return {
        stack,
        offline: true,
        resources: resources.map((r) => ({
            type: r.type,
            name: r.name,
            ...(r.parent ? { parent: r.parent } : {}),
            inputs: presentInputs(r.inputs),
        })),
    };
}

/** For people: a tree under each component, inputs as YAML, clearly offline. */
export function planText(doc: PlanDocument, warnings: readonly string[]): string {
    const lines = [
        `OFFLINE PLAN for stack "${doc.stack}": evaluated under Pulumi's mock runtime; no cloud, registry or build was contacted.`,
        `Values a provider computes show as ${COMPUTED_SHOWN}; secrets show as ${SECRET_SHOWN}.`,
        "",
    ];
    const children = new Map<string, PlanDocument["resources"]>();
    for (const r of doc.resources) {
        const key = r.parent ?? "";
        children.set(key, [...(children.get(key) ?? []), r]);
    }
    const walk = (key: string, depth: number) => {
        for (const r of children.get(key) ?? []) {
            const indent = "    ".repeat(depth);
            lines.push(`${indent}+ ${r.type}  ${r.name}`);
            const inputs = unmarkSecrets(r.inputs) as Record<string, unknown>;
            if (Object.keys(inputs).length > 0) {
                const yaml = YAML.stringify(inputs, { lineWidth: 0 }).trimEnd();
                lines.push(...yaml.split("\n").map((l) => `${indent}      ${l}`));
            }
            walk(`${r.type}::${r.name}`, depth + 1);
        }
    };
    walk("", 0);
    lines.push("", `${doc.resources.length} resources would be declared.`);
    for (const w of warnings) {
        lines.push(`warning: ${w}`);
    }
    return lines.join("\n");
}

/** For the text plan: a secret-marked value is shown as the placeholder alone. */
function unmarkSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unmarkSecrets);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SECRET_SIG] === SECRET_VALUE) {
            return SECRET_SHOWN;
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unmarkSecrets(v)]));
    }
    return value;
}

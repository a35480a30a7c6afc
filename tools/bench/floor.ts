import { RecordedInvoke, RecordedResource, Recording } from "./record";
import { GeneratedApp } from "./workload";

/**
 * The floor: what the SDK costs for exactly our declarations, with none of
 * our program around them. It is made from a recording of our program: one
 * app of each language becomes a template, and the template becomes the
 * JavaScript a person would write by hand, a plain ComponentResource, then
 * `new pulumi.CustomResource(type, name, {literal inputs}, {parent, dependsOn})`
 * per child and `pulumi.runtime.invoke(token, {literal args}, {parent})` per
 * invoke, with the app's name spliced into every string that contains it.
 * Where our program passes Outputs, which carry dependencies, the floor
 * passes the resolved value and names the same resources in `dependsOn`, so
 * the engine gets the same dependency graph (the per-property dependency
 * map is the one thing it does not reproduce). The module is written before
 * the clock starts, so the floor pays neither for config parsing nor for
 * interpreting a template.
 */

/** One app's declarations, as recorded, keyed by the language it stands for. */
export interface AppTemplate {
    readonly language: string;
    readonly appName: string;
    readonly resources: RecordedResource[];
    readonly invokes: RecordedInvoke[];
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The declarations of the first recorded app of each language: its
 * component and everything under it. Invokes are attributed by parent.
 */
export function appTemplates(recording: Recording, apps: readonly GeneratedApp[]): AppTemplate[] {
    const templates: AppTemplate[] = [];
    for (const language of [...new Set(apps.map((a) => a.language))]) {
        const app = apps.find((a) => a.language === language) as GeneratedApp;
        const root = recording.resources.find((r) => r.name === app.name && r.parent === undefined);
        if (!root) {
            throw new Error(`the recording has no top-level resource named ${app.name}`);
        }
        const members = new Set([`${root.type}::${root.name}`]);
        const resources = [root];
        // Recorded in construction order, so a parent always comes before its children.
        for (const r of recording.resources) {
            if (r.parent !== undefined && members.has(r.parent)) {
                members.add(`${r.type}::${r.name}`);
                resources.push(r);
            }
        }
        const invokes = recording.invokes.filter((i) => i.parent !== undefined && members.has(i.parent));
        templates.push({ language, appName: app.name, resources, invokes });
    }
    return templates;
}

/**
 * The floor program as a CommonJS module, loaded the way the stack program
 * is (required inside the stack's evaluation), so both run under the same
 * loader frames. One line per app, as a person would write it.
 */
export function floorModule(templates: readonly AppTemplate[], apps: readonly GeneratedApp[], pulumiPath: string): string {
    const lines: string[] = [
        "\"use strict\";",
        `const pulumi = require(${JSON.stringify(pulumiPath)});`,
        "const declare = {};",
    ];
    for (const t of templates) {
        const emit = new Emitter(t.appName);
        const vars = new Map<string, string>();
        lines.push(`declare[${JSON.stringify(t.language)}] = (n, u) => {`);
        t.resources.forEach((r, i) => {
            const v = `r${i}`;
            vars.set(`${r.type}::${r.name}`, v);
            const dependsOn = r.dependencies.map((d) => {
                const dep = vars.get(d);
                if (!dep) {
                    throw new Error(`${r.type}::${r.name} depends on ${d}, which is not declared before it in the same app`);
                }
                return dep;
            });
            const optsSource = [
                ...(r.parent !== undefined ? [`parent: ${vars.get(r.parent)}`] : []),
                ...(dependsOn.length > 0 ? [`dependsOn: [${dependsOn.join(", ")}]`] : []),
                ...Object.entries(r.opts).map(([k, value]) => `${JSON.stringify(k)}: ${emit.value(value)}`),
            ].join(", ");
            const props = r.propKeys.map((k) => `${JSON.stringify(k)}: ${k in r.inputs ? emit.value(r.inputs[k]) : "undefined"}`);
            for (const k of Object.keys(r.inputs)) {
                if (!r.propKeys.includes(k)) {
                    props.push(`${JSON.stringify(k)}: ${emit.value(r.inputs[k])}`);
                }
            }
            const ctor = r.custom ? "pulumi.CustomResource" : "pulumi.ComponentResource";
            lines.push(`    const ${v} = new ${ctor}(${JSON.stringify(r.type)}, ${emit.string(r.name)}, {${props.join(", ")}}, {${optsSource}});`);
        });
        for (const inv of t.invokes) {
            const opts = [
                ...(inv.parent !== undefined ? [`parent: ${vars.get(inv.parent)}`] : []),
                ...Object.entries(inv.opts).map(([k, value]) => `${JSON.stringify(k)}: ${emit.value(value)}`),
            ].join(", ");
            lines.push(`    pulumi.runtime.invoke(${JSON.stringify(inv.token)}, ${emit.value(inv.inputs)}, {${opts}});`);
        }
        // A component announces that it is complete, as every component must.
        t.resources.forEach((r, i) => {
            if (!r.custom) {
                lines.push(`    r${i}.registerOutputs({});`);
            }
        });
        lines.push("};");
    }
    for (const app of apps) {
        if (!templates.some((t) => t.language === app.language)) {
            throw new Error(`the floor has no template for ${app.language} apps`);
        }
        lines.push(`declare[${JSON.stringify(app.language)}](${JSON.stringify(app.name)}, ${JSON.stringify(app.name.replace(/-/g, "_"))});`);
    }
    return lines.join("\n") + "\n";
}

/**
 * JavaScript literals for recorded values. A string that contains the app's
 * name (or its underscore form, as a Python module name) becomes a
 * concatenation with the name variable `n` (or `u`); Pulumi's secret
 * marking becomes `pulumi.secret(...)`.
 */
class Emitter {
    private readonly underscored: string;

    constructor(private readonly appName: string) {
        this.underscored = appName.replace(/-/g, "_");
    }

    value(v: unknown): string {
        if (v === undefined) {
            return "undefined";
        }
        if (typeof v === "string") {
            return this.string(v);
        }
        if (v === null || typeof v === "number" || typeof v === "boolean") {
            return JSON.stringify(v);
        }
        if (Array.isArray(v)) {
            return `[${v.map((e) => this.value(e)).join(", ")}]`;
        }
        const record = v as Record<string, unknown>;
        if (SECRET_SIG in record) {
            if (record[SECRET_SIG] !== SECRET_VALUE) {
                throw new Error(`the floor cannot write a ${String(record[SECRET_SIG])} value (resource reference, asset or unknown) by hand`);
            }
            return `pulumi.secret(${this.value(record.value)})`;
        }
        return `{${Object.entries(record).map(([k, e]) => `${JSON.stringify(k)}: ${this.value(e)}`).join(", ")}}`;
    }

    string(s: string): string {
        const terms: string[] = [];
        s.split(this.appName).forEach((piece, i) => {
            if (i > 0) {
                terms.push("n");
            }
            piece.split(this.underscored).forEach((part, j) => {
                if (j > 0) {
                    terms.push("u");
                }
                if (part !== "") {
                    terms.push(JSON.stringify(part));
                }
            });
        });
        return terms.length > 0 ? terms.join(" + ") : "\"\"";
    }
}

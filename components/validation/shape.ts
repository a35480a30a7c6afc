import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { Problem, problem } from "./problem";

/**
 * The shape of the component's arguments once their Inputs are resolved:
 * types and known keys only. It runs before every other rule, so a list
 * given as a string, a boolean given as "false" or a misspelt key is named
 * as such (field, value, rule), instead of slipping past a rule or failing
 * in one with a TypeError. Arguments can come from other Pulumi languages
 * and from untyped config, so the compiler's checks are not enough.
 */

const text = z.string();
const flag = z.boolean();
const count = z.number();
const texts = z.array(z.string());
const textMap = z.record(z.string(), z.string());

const retention = z.strictObject({ untaggedDays: count.optional(), keepTagged: count.optional() });

export const argsShape = z.strictObject({
    domain: text,
    language: text,
    context: text,
    main: text.optional(),
    dockerfile: text.optional(),
    entrypoint: texts.optional(),
    cmd: texts.optional(),
    env: textMap.optional(),
    buildArgs: textMap.optional(),
    buildOnPreview: flag.optional(),
    base: z.strictObject({
        variant: text.optional(),
        debian: count.optional(),
        nonroot: flag.optional(),
        debug: flag.optional(),
        image: text.optional(),
    }).optional(),
    mirrors: textMap.optional(),
    pins: textMap.optional(),
    platforms: texts.optional(),
    version: text,
    commit: text.optional(),
    latest: flag.optional(),
    allowPublicPull: flag.optional(),
    cache: flag.optional(),
    protectRepositories: flag.optional(),
    sourceUrl: text.optional(),
    gcp: z.strictObject({
        project: text,
        location: text,
        repositoryId: text.optional(),
        readers: texts.optional(),
        writers: texts.optional(),
        immutableTags: flag.optional(),
        scanning: flag.optional(),
        retention: retention.optional(),
        cleanupDryRun: flag.optional(),
        kmsKeyName: text.optional(),
    }).optional(),
    aws: z.strictObject({
        repositoryName: text.optional(),
        pullPrincipals: texts.optional(),
        pushPrincipals: texts.optional(),
        lambdaPull: flag.optional(),
        immutableTags: flag.optional(),
        scanOnPush: flag.optional(),
        retention: retention.optional(),
        kmsKey: text.optional(),
        forceDelete: flag.optional(),
    }).optional(),
    oci: z.array(z.strictObject({
        address: text,
        repository: text.optional(),
        namespace: text.optional(),
        username: text.optional(),
        // Set aside unresolved so it keeps its secret wrapping; only its presence matters here.
        password: z.unknown().optional(),
    })).optional(),
    localExport: z.strictObject({ path: text }).optional(),
});

const EXPECTED: Record<string, string> = {
    string: "must be a string",
    boolean: "must be true or false",
    number: "must be a number",
    int: "must be a whole number",
    array: "must be a list",
    object: "must be an object",
    record: "must be a map of strings",
};

/**
 * Every place where a value does not have the shape `schema` describes, as
 * problems that name the field (prefixed with `prefix`), its value and the
 * rule. Null counts as absent, as Pulumi's wire format has it.
 */
export function shapeProblems(schema: z.ZodType, value: unknown, prefix = ""): Problem[] {
    const cleaned = withoutNulls(value);
    const result = schema.safeParse(cleaned);
    if (result.success) {
        return [];
    }
    const out: Problem[] = [];
    for (const issue of result.error.issues) {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        if (issue.code === "unrecognized_keys") {
            const known = knownKeys(schema, path);
            for (const key of issue.keys) {
                out.push(problem(fieldName(prefix, [...path, key]), valueAt(cleaned, [...path, key]), unknownKeyRule(key, known)));
            }
            continue;
        }
        const at = valueAt(cleaned, path);
        out.push(problem(fieldName(prefix, path), at, ruleOf(issue, at)));
    }
    return out;
}

function ruleOf(issue: z.core.$ZodIssue, value: unknown): string {
    switch (issue.code) {
        case "invalid_type":
            if (value === undefined) {
                return "is required";
            }
            if (issue.expected === "string" && typeof value === "number") {
                return "must be a string; quote numbers such as \"1.0\"";
            }
            return EXPECTED[issue.expected] ?? issue.message;
        case "invalid_value":
            return `must be one of ${issue.values.map((v) => String(v)).join(", ")}`;
        case "too_small":
            if (issue.origin === "string") {
                return "must not be empty";
            }
            if (issue.origin === "array") {
                return `must list at least ${String(issue.minimum)}`;
            }
            return issue.inclusive === false ? `must be greater than ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}`;
        case "too_big":
            if (issue.origin === "array") {
                return `must list at most ${String(issue.maximum)}`;
            }
            return issue.origin === "string" ? `must be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}`;
        default:
            return issue.message;
    }
}

export function fieldName(prefix: string, path: readonly (string | number)[]): string {
    const field = path.reduce<string>((acc, part) =>
        typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part, "");
    return `${prefix}${field || "(arguments)"}`;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
    let at = value;
    for (const part of path) {
        if (typeof at !== "object" || at === null) {
            return undefined;
        }
        at = (at as Record<string | number, unknown>)[part];
    }
    return at;
}

/** Drops object properties whose value is null, at any depth; list entries stay as they are. */
export function withoutNulls(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutNulls);
    }
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
    }
    return value;
}

/** The keys the object schema at `path` accepts. */
function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
    let at: z.ZodType | undefined = schema;
    for (const part of path) {
        at = unwrap(at);
        if (at instanceof z.ZodObject && typeof part === "string") {
            at = at.shape[part] as z.ZodType | undefined;
        } else if (at instanceof z.ZodArray && typeof part === "number") {
            at = at.element as z.ZodType;
        } else {
            return [];
        }
    }
    at = unwrap(at);
    return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
    let at = schema;
    while (at instanceof z.ZodOptional || at instanceof z.ZodNullable) {
        at = at.unwrap() as z.ZodType;
    }
    return at;
}

function unknownKeyRule(key: string, known: readonly string[]): string {
    const close = known.filter((k) => distance(k.toLowerCase(), key.toLowerCase()) <= Math.max(2, Math.floor(k.length / 4)));
    const hint = close.length > 0 ? `did you mean ${close.join(" or ")}?` : `known: ${known.join(", ")}`;
    return `is not a known key; ${hint}`;
}

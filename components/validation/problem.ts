import { distance } from "fastest-levenshtein";

/** One broken rule: which field, what value it had, and what the rule is. */
export interface Problem {
    readonly field: string;
    readonly value: unknown;
    readonly rule: string;
}

export function problem(field: string, value: unknown, rule: string): Problem {
    return { field, value, rule };
}

/** What an error message shows instead of a value that may be a credential. */
export const REDACTED = "[secret]";

const SECRET_WORDS = ["pass", "secret", "token", "credential", "apikey", "api_key", "private"];
const SECRET_KEYS = ["pw", "pwd", "auth", "key"];
/** The keys of a registry entry that never hold a credential; any other key there may. */
const REGISTRY_PUBLIC_KEYS = ["address", "repository", "namespace", "username"];
/** Longest value shown in a message; a longer one is cut, saying how long it was. */
const SHOWN_CHARACTERS = 200;

/**
 * Whether a key (or the last key of a field path) may hold a credential:
 * it names one, or it is a misspelling of "password", or it is an unknown key
 * of a registry entry (a typo in the key must not print what it holds).
 */
export function isSecretKey(key: string): boolean {
    const registryKey = /^oci\[\d+\]\.([^.[]+)$/.exec(key.replace(/^[\w-]+:/, ""));
    if (registryKey) {
        return !REGISTRY_PUBLIC_KEYS.includes(registryKey[1]);
    }
    const last = key.replace(/\[\d+\]$/, "").split(/[.:]/).pop()?.toLowerCase() ?? "";
    return SECRET_WORDS.some((w) => last.includes(w)) || SECRET_KEYS.includes(last) || distance(last, "password") <= 2;
}

/** `oci` or one of its entries, whose shape is wrong: only the known public keys are shown. */
function isRegistryField(field: string): boolean {
    return /^oci(\[\d+\])?$/.test(field.replace(/^[\w-]+:/, ""));
}

function maskRegistry(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(maskRegistry);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) =>
            [k, REGISTRY_PUBLIC_KEYS.includes(k) && typeof v === "string" ? v : REDACTED]));
    }
    return typeof value === "string" ? REDACTED : value;
}

function maskKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(maskKeys);
    }
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v !== undefined ? REDACTED : maskKeys(v)]));
    }
    return value;
}

/**
 * The value a message (and the error's problem list) may show for a field:
 * credentials replaced by a placeholder, wherever they sit.
 */
export function masked(field: string, value: unknown): unknown {
    if (value === undefined) {
        return undefined;
    }
    if (isSecretKey(field)) {
        return REDACTED;
    }
    return isRegistryField(field) ? maskRegistry(value) : maskKeys(value);
}

/** IAM member kinds, whose `kind:name@domain` looks like userinfo but is not. */
const IAM_KINDS = ["user", "group", "serviceAccount", "domain", "deleted", "principal", "principalSet"];

/** Userinfo (`user:password@` or a bare token before `@`) at the start of a value or after `scheme://` is masked. */
function withoutUserinfo(text: string): string {
    return text
        .replace(/(^|"|:\/\/)([^\s/@:"]+):(?!\/\/)([^\s"]*)@/g, (whole, before: string, user: string) =>
            IAM_KINDS.includes(user) ? whole : `${before}${user}:${REDACTED}@`)
        .replace(/:\/\/([^\s/:@"]+)@/g, `://${REDACTED}@`);
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(missing)";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return String(value);
    }
    const text = value === REDACTED ? REDACTED : withoutUserinfo(JSON.stringify(value) ?? String(value));
    return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}... (${text.length} characters)` : text;
}

export function formatProblem(p: Problem): string {
    return `${p.field} = ${describeValue(masked(p.field, p.value))}: ${p.rule}`;
}

/**
 * Thrown before any resource is registered. The message lists every broken
 * rule, one per line, each naming the field, its value and the rule.
 */
export class ValidationError extends Error {
    readonly problems: readonly Problem[];

    constructor(subject: string, problems: readonly Problem[]) {
        const lines = problems.map((p) => `  - ${formatProblem(p)}`);
        super(`${subject} is invalid:\n${lines.join("\n")}`);
        this.name = "ValidationError";
        // Printed with the error by Node and Pulumi: no raw credential in it either.
        this.problems = problems.map((p) => ({ ...p, value: masked(p.field, p.value) }));
    }
}

/** Collects problems and warnings while rules run. */
export class Findings {
    readonly problems: Problem[] = [];
    readonly warnings: string[] = [];

    /** @param secretFields fields whose value arrived as a Pulumi secret: never shown. */
    constructor(private readonly secretFields: readonly string[] = []) {}

    add(field: string, value: unknown, rule: string): void {
        this.problems.push(problem(field, this.isSecret(field) ? REDACTED : value, rule));
    }

    addAll(problems: readonly Problem[]): void {
        problems.forEach((p) => this.add(p.field, p.value, p.rule));
    }

    /** A field is secret when it is, or holds, or lies inside, a secret field. */
    isSecret(field: string): boolean {
        const within = (inner: string, outer: string) =>
            inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
        return this.secretFields.some((s) => within(field, s) || within(s, field));
    }

    warn(message: string): void {
        this.warnings.push(message);
    }

    throwIfAny(subject: string): void {
        if (this.problems.length > 0) {
            throw new ValidationError(subject, this.problems);
        }
    }
}

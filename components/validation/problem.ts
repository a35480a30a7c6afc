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
const REGISTRY_PUBLIC_KEYS = ["address", "repository", "username"];
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

/** IAM member kinds, whose `kind:name@domain` looks like userinfo but is not. */
const IAM_KINDS = ["user", "group", "serviceAccount", "domain", "deleted", "principal", "principalSet"];

/** `user:password@` at the start of an address or after `scheme://` keeps its user and loses its password. */
function withoutUserinfoPassword(text: string): string {
    return text.replace(/(^|"|:\/\/)([^\s/@:"]+):([^\s/@"]+)@/g, (whole, before: string, user: string) =>
        IAM_KINDS.includes(user) ? whole : `${before}${user}:${REDACTED}@`);
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(missing)";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return String(value);
    }
    // Credentials nested in a shown object are masked too.
    const text = withoutUserinfoPassword(
        JSON.stringify(value, (key, v: unknown) => (key !== "" && isSecretKey(key) && v !== undefined ? REDACTED : v)) ?? String(value));
    return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}... (${text.length} characters)` : text;
}

export function formatProblem(p: Problem): string {
    const value = isSecretKey(p.field) && p.value !== undefined ? REDACTED : describeValue(p.value);
    return `${p.field} = ${value}: ${p.rule}`;
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
        this.problems = problems;
    }
}

/** Collects problems and warnings while rules run. */
export class Findings {
    readonly problems: Problem[] = [];
    readonly warnings: string[] = [];

    add(field: string, value: unknown, rule: string): void {
        this.problems.push(problem(field, value, rule));
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

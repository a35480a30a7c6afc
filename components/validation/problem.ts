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

const SECRET_WORDS = ["pass", "pwd", "secret", "token", "credential", "apikey", "api_key"];

/**
 * Whether a key (or the last key of a field path) may hold a credential:
 * it names one, or it is a misspelling of "password" (a typo in the key must
 * not print the password it holds).
 */
export function isSecretKey(key: string): boolean {
    const last = key.replace(/\[\d+\]$/, "").split(/[.:]/).pop()?.toLowerCase() ?? "";
    return SECRET_WORDS.some((w) => last.includes(w)) || distance(last, "password") <= 2;
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(missing)";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return String(value);
    }
    // Credentials nested in a shown object are masked too.
    return JSON.stringify(value, (key, v: unknown) => (key !== "" && isSecretKey(key) && v !== undefined ? REDACTED : v)) ?? String(value);
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

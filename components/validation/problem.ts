/** One broken rule: which field, what value it had, and what the rule is. */
export interface Problem {
    readonly field: string;
    readonly value: unknown;
    readonly rule: string;
}

export function problem(field: string, value: unknown, rule: string): Problem {
    return { field, value, rule };
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(missing)";
    }
    return JSON.stringify(value);
}

export function formatProblem(p: Problem): string {
    return `${p.field} = ${describeValue(p.value)}: ${p.rule}`;
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

/**
 * Small pure helpers shared by the language templates: they render the
 * Dockerfile instructions whose quoting rules are easy to get wrong.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `ENV` lines, sorted by name so the rendered text does not depend on map order. */
export function renderEnv(env: Readonly<Record<string, string>>): string[] {
    return Object.keys(env)
        .sort()
        .map((name) => {
            if (!ENV_NAME.test(name)) {
                throw new Error(`environment variable name "${name}" must match ${ENV_NAME}`);
            }
            const value = env[name];
            if (/[\r\n]/.test(value)) {
                throw new Error(`environment variable ${name} must not contain a line break`);
            }
            // Inside double quotes the Dockerfile parser treats \ as an escape
            // and expands $: escape both so the value arrives verbatim.
            const quoted = value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$/g, "\\$");
            return `ENV ${name}="${quoted}"`;
        });
}

/** An exec-form instruction (JSON array): never a shell, which distroless lacks. */
export function execForm(instruction: "ENTRYPOINT" | "CMD", argv: readonly string[]): string {
    return `${instruction} ${JSON.stringify(argv)}`;
}

/** The final stage's user, entrypoint and cmd, shared by every language. */
export function renderRuntime(options: {
    nonroot: boolean;
    entrypoint: readonly string[];
    cmd?: readonly string[];
}): string[] {
    // The component passes the app's version as a build argument; the app can read it at run time.
    const lines: string[] = ["ARG VERSION", "ENV APP_VERSION=$VERSION"];
    if (options.nonroot) {
        // Numeric, so it holds even if a base lacked the passwd entry.
        lines.push("USER 65532:65532");
    }
    lines.push(execForm("ENTRYPOINT", options.entrypoint));
    if (options.cmd) {
        lines.push(execForm("CMD", options.cmd));
    }
    return lines;
}

/** Joins instructions and blank-line separated stages into the Dockerfile text. */
export function dockerfile(stages: readonly (readonly string[])[]): string {
    return stages.map((stage) => stage.join("\n")).join("\n\n") + "\n";
}

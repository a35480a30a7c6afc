import { StackSettings, loadStack } from "../plan/project";

/**
 * The benchmark's stack: the dev stack file as it is (its gcp and aws
 * destinations and the dev environment profile), with its apps replaced by
 * N generated ones and a generic OCI registry added, so every app pushes to
 * all three kinds of destination.
 */

/** The environment profile measured; the stack name selects it. */
export const BENCH_STACK = "dev";

/** A registry with credentials, so the password's secret wrapping is part of the work. */
export const BENCH_OCI_REGISTRIES = [
    { address: "registry.example.com", username: "bench", password: "bench-password" },
];

export interface GeneratedApp {
    readonly name: string;
    readonly domain: string;
    readonly language: "python" | "go";
    readonly context: string;
    readonly version: string;
}

/**
 * Fixed-width names, so no app's name is part of another's: the floor
 * builds each app's declarations by substituting the name into a template.
 */
export function appName(index: number): string {
    return `svc-${String(index).padStart(4, "0")}`;
}

/** Alternating python and go, on the demo sources the stacks build. */
export function generatedApps(count: number): GeneratedApp[] {
    return Array.from({ length: count }, (_, i) => {
        const language = i % 2 === 0 ? "python" : "go";
        return {
            name: appName(i),
            domain: "bench",
            language,
            context: language === "python" ? "demo/hello_python" : "demo/hello_go",
            version: "0.1.0",
        };
    });
}

/**
 * The settings a run of the program gets, in the language host's form
 * (`project:key` -> JSON text). With no app the program's schema refuses the
 * stack; the 0-app points do not evaluate the program (see child.ts).
 */
export function benchSettings(projectDir: string, count: number): StackSettings {
    const dev = loadStack(projectDir, BENCH_STACK);
    return {
        ...dev,
        config: {
            ...dev.config,
            [`${dev.project}:apps`]: JSON.stringify(generatedApps(count)),
            [`${dev.project}:oci`]: JSON.stringify(BENCH_OCI_REGISTRIES),
        },
    };
}

/** A structured config value of the settings, decoded. */
export function configValue<T>(settings: StackSettings, key: string): T | undefined {
    const text = settings.config[`${settings.project}:${key}`];
    return text === undefined ? undefined : JSON.parse(text) as T;
}

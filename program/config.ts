import { z } from "zod";
import { ENVIRONMENTS, Environment, PROFILES } from "../components/profile";

/**
 * The stack file's schema. Keys are those of `pulumi config set`, under the
 * project's namespace; unknown keys are refused so a typo fails at preview.
 */

const stringMap = z.record(z.string(), z.string());
const nonEmpty = z.string().min(1);

const base = z.object({
    variant: nonEmpty.optional(),
    debian: z.number().int().optional(),
    nonroot: z.boolean().optional(),
    debug: z.boolean().optional(),
    image: nonEmpty.optional(),
}).strict();

const retention = z.object({
    untaggedDays: z.number().int().positive().optional(),
    keepTagged: z.number().int().positive().optional(),
}).strict();

const app = z.object({
    name: nonEmpty,
    domain: nonEmpty,
    language: nonEmpty,
    context: nonEmpty,
    version: nonEmpty,
    main: nonEmpty.optional(),
    dockerfile: nonEmpty.optional(),
    entrypoint: z.array(z.string()).optional(),
    cmd: z.array(z.string()).optional(),
    env: stringMap.optional(),
    buildArgs: stringMap.optional(),
    base: base.optional(),
    platforms: z.array(nonEmpty).optional(),
    sourceUrl: nonEmpty.optional(),
}).strict();

const gcp = z.object({
    project: nonEmpty,
    location: nonEmpty,
    repositoryId: nonEmpty.optional(),
    readers: z.array(nonEmpty).optional(),
    writers: z.array(nonEmpty).optional(),
    retention: retention.optional(),
    kmsKeyName: nonEmpty.optional(),
}).strict();

const aws = z.object({
    pullPrincipals: z.array(nonEmpty).optional(),
    pushPrincipals: z.array(nonEmpty).optional(),
    lambdaPull: z.boolean().optional(),
    retention: retention.optional(),
    kmsKey: nonEmpty.optional(),
}).strict();

const oci = z.object({
    address: nonEmpty,
    repository: nonEmpty.optional(),
    username: nonEmpty.optional(),
    password: nonEmpty.optional(),
}).strict();

export const stackConfigSchema = z.object({
    environment: z.enum(ENVIRONMENTS).optional(),
    apps: z.array(app).min(1),
    commit: nonEmpty.optional(),
    gcp: gcp.optional(),
    aws: aws.optional(),
    oci: z.array(oci).optional(),
    /** Directory of the OCI tarballs written by local stacks, relative to the project. */
    localExportDir: nonEmpty.optional(),
    allowPublicPull: z.boolean().optional(),
    buildOnPreview: z.boolean().optional(),
    mirrors: stringMap.optional(),
    pins: stringMap.optional(),
    platforms: z.array(nonEmpty).optional(),
}).strict();

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type AppConfig = z.infer<typeof app>;

/** The keys the schema knows, so a raw config bag can be read key by key. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];

export class StackConfigError extends Error {
    constructor(stack: string, lines: string[]) {
        super(`stack "${stack}" has invalid configuration:\n${lines.map((l) => `  - ${l}`).join("\n")}`);
        this.name = "StackConfigError";
    }
}

/**
 * Parses raw config values (already JSON-decoded) into a StackConfig and
 * checks what the environment forbids. Errors name the stack and the key.
 */
export function parseStackConfig(project: string, stack: string, raw: Record<string, unknown>): { config: StackConfig; environment: Environment } {
    const parsed = stackConfigSchema.safeParse(raw);
    if (!parsed.success) {
        throw new StackConfigError(stack, parsed.error.issues.map((issue) => {
            const path = issue.path.reduce<string>((acc, part) =>
                typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part), "");
            const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
            return `${project}:${path || "(root)"}: ${issue.message}${keys}`;
        }));
    }
    const config = parsed.data;
    const environment = config.environment ?? (ENVIRONMENTS as readonly string[]).find((e) => e === stack) as Environment | undefined;
    if (!environment) {
        throw new StackConfigError(stack, [
            `${project}:environment: the stack name is not one of ${ENVIRONMENTS.join(", ")}; set environment to one of them`,
        ]);
    }
    const problems: string[] = [];
    const profile = PROFILES[environment];
    if (profile.localOnly) {
        for (const key of ["gcp", "aws", "oci"] as const) {
            if (config[key] !== undefined) {
                problems.push(`${project}:${key}: the ${environment} environment only exports an OCI tarball and declares no registry; remove ${key}`);
            }
        }
    }
    if (!profile.publicPullPermitted && config.allowPublicPull) {
        problems.push(`${project}:allowPublicPull: true is refused: the ${environment} environment never allows public pulls`);
    }
    if (problems.length > 0) {
        throw new StackConfigError(stack, problems);
    }
    return { config, environment };
}

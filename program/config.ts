import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { ENVIRONMENTS, Environment, PROFILES } from "../components/profile";
import { PUBLIC_AWS_PRINCIPAL, PUBLIC_GCP_MEMBERS } from "../components/validation/principals";
import { formatProblem } from "../components/validation/problem";
import { gcpCacheRepositoryId } from "../components/spec";
import { shapeProblems, withoutNulls } from "../components/validation/shape";

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
    namespace: nonEmpty.optional(),
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

/** Whether a stack key holds a list or an object rather than a scalar. */
export function isStructuredKey(key: string): boolean {
    let schema: z.ZodType | undefined = (stackConfigSchema.shape as Record<string, z.ZodType>)[key];
    while (schema instanceof z.ZodOptional) {
        schema = schema.unwrap() as z.ZodType;
    }
    return schema instanceof z.ZodObject || schema instanceof z.ZodArray || schema instanceof z.ZodRecord;
}
export type AppConfig = z.infer<typeof app>;

export class StackConfigError extends Error {
    constructor(stack: string, lines: string[]) {
        super(`stack "${stack}" has invalid configuration:\n${lines.map((l) => `  - ${l}`).join("\n")}`);
        this.name = "StackConfigError";
    }
}

/**
 * Parses raw config values (already JSON-decoded; every key of the project's
 * namespace, so a misspelt key is refused too) into a StackConfig and checks
 * what the environment forbids. Errors name the stack, the key and its value.
 */
export function parseStackConfig(project: string, stack: string, raw: Record<string, unknown>): { config: StackConfig; environment: Environment } {
    // Null means absent, as `pulumi config` has it.
    const cleaned = withoutNulls(raw);
    const parsed = stackConfigSchema.safeParse(cleaned);
    if (!parsed.success) {
        throw new StackConfigError(stack, shapeProblems(stackConfigSchema, cleaned, `${project}:`).map(formatProblem));
    }
    const config = parsed.data;
    const named = (ENVIRONMENTS as readonly string[]).find((e) => e === stack) as Environment | undefined;
    if (named && config.environment !== undefined && config.environment !== named) {
        // Otherwise one line in the prod stack file would lift prod's lock-down.
        throw new StackConfigError(stack, [
            `${project}:environment = "${config.environment}": the stack "${stack}" is the ${named} environment; a stack named after an environment keeps its profile`,
        ]);
    }
    const environment = named ?? config.environment;
    if (!environment) {
        throw new StackConfigError(stack, [
            `${project}:environment = (missing): the stack name is not one of ${ENVIRONMENTS.join(", ")}; set environment to one of them`,
        ]);
    }
    const profile = PROFILES[environment];
    const problems: string[] = [...collisions(project, config, profile.immutableTags)];
    if (profile.localOnly) {
        for (const key of ["gcp", "aws", "oci"] as const) {
            if (config[key] !== undefined) {
                problems.push(`${project}:${key}: the ${environment} environment only exports an OCI tarball and declares no registry; remove ${key}`);
            }
        }
    }
    if (!profile.publicPullPermitted) {
        const refused = `refused, the ${environment} environment never allows public pulls`;
        if (config.allowPublicPull) {
            problems.push(`${project}:allowPublicPull = true: ${refused}`);
        }
        (config.gcp?.readers ?? []).forEach((member, i) => {
            if (PUBLIC_GCP_MEMBERS.includes(member)) {
                problems.push(`${project}:gcp.readers[${i}] = "${member}": ${refused}`);
            }
        });
        (config.aws?.pullPrincipals ?? []).forEach((principal, i) => {
            if (principal === PUBLIC_AWS_PRINCIPAL) {
                problems.push(`${project}:aws.pullPrincipals[${i}] = "${principal}": ${refused}`);
            }
        });
    }
    if (!profile.localOnly && config.localExportDir !== undefined) {
        problems.push(`${project}:localExportDir = "${config.localExportDir}": the ${environment} environment pushes to registries and exports no archive; remove localExportDir`);
    }
    if (problems.length > 0) {
        throw new StackConfigError(stack, problems);
    }
    return { config, environment };
}

/**
 * Apps of one stack must not land on each other: distinct names (they are the
 * components' names) and distinct images `{domain}-{name}` (repository names),
 * and a stack-wide OCI repository would give every app the same one.
 */
function collisions(project: string, config: StackConfig, immutableTags: boolean): string[] {
    const problems: string[] = [];
    const names = new Map<string, number>();
    const images = new Map<string, number>();
    // Under immutable tags each app's build cache has its own Artifact Registry repository, {image}-cache.
    const cacheRepositories = new Map<string, number>();
    if (immutableTags && config.gcp && config.gcp.repositoryId === undefined) {
        config.apps.forEach((app, i) => cacheRepositories.set(gcpCacheRepositoryId(`${app.domain}-${app.name}`), i));
    }
    config.apps.forEach((app, i) => {
        const twin = names.get(app.name);
        if (twin !== undefined) {
            problems.push(`${project}:apps[${i}].name = "${app.name}": apps[${twin}] has the same name; app names are unique in a stack`);
        }
        names.set(app.name, i);
        const image = `${app.domain}-${app.name}`;
        const other = images.get(image);
        if (other !== undefined && twin === undefined) {
            problems.push(`${project}:apps[${i}] = ${app.domain}/${app.name}: its image ${image} is also apps[${other}]'s; rename one`);
        }
        images.set(image, i);
        const cacheOf = cacheRepositories.get(image);
        if (cacheOf !== undefined) {
            problems.push(`${project}:apps[${i}] = ${app.domain}/${app.name}: its repository ${image} is also the build cache repository of apps[${cacheOf}]; rename one`);
        }
    });
    if (config.apps.length > 1) {
        (config.oci ?? []).forEach((registry, i) => {
            if (registry.repository !== undefined) {
                problems.push(`${project}:oci[${i}].repository = "${registry.repository}": every app would push to this one repository; leave it out (each app gets {domain}-{name})`);
            }
        });
    }
    return problems;
}

/**
 * Keys under a namespace one or two letters away from the project's are
 * almost surely misspelt project keys, which the program would never read.
 */
const PROVIDER_NAMESPACES = ["aws", "gcp", "docker-build", "pulumi"];

export function misspeltNamespaces(project: string, fullKeys: readonly string[]): string[] {
    const problems: string[] = [];
    for (const fullKey of fullKeys) {
        const namespace = fullKey.split(":")[0];
        if (namespace !== project && !PROVIDER_NAMESPACES.includes(namespace)
            && distance(namespace, project) <= Math.min(2, Math.floor(project.length / 5))) {
            problems.push(`${fullKey}: the namespace ${namespace} is not the project's; did you mean ${project}:${fullKey.slice(namespace.length + 1)}?`);
        }
    }
    return problems;
}

/**
 * Only registry passwords may be secret: every other value of a stack ends up
 * in an image or a resource name, where a secret has no place. The check names
 * the key only, never its (decrypted) value.
 */
export function misplacedSecrets(project: string, secretFullKeys: readonly string[]): string[] {
    return secretFullKeys
        .filter((k) => k.startsWith(`${project}:`) && k !== `${project}:oci`)
        .map((k) => `${k} = [secret]: only oci[].password may be secret; this value would be written into an image or a resource `
            + "(ENV, build args and labels can be read by anyone who can pull the image), so give secrets to the app at run time");
}

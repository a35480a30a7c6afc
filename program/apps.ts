import * as path from "path";
import { DistrolessAppArgs } from "../components/args";
import { ResolvedArgs, resolveAppSpec } from "../components/spec";
import { ValidationError } from "../components/validation/problem";
import { Environment, PROFILES, resourceOptionsFor } from "../components/profile";
import { AppConfig, StackConfig } from "./config";

/**
 * One app's component args: the stack file's values with the environment
 * profile applied on top. Pure, so each environment's differences can be
 * tested without the Pulumi runtime.
 */
export function appArgs(
    app: AppConfig, config: StackConfig, environment: Environment, projectDir: string, secret: (s: string) => unknown,
): DistrolessAppArgs {
    const profile = PROFILES[environment];
    const options = resourceOptionsFor(profile);
    const retentionDefaults = { untaggedDays: profile.untaggedDays, keepTagged: profile.keepTagged };
    const args: DistrolessAppArgs = {
        domain: app.domain,
        language: app.language,
        context: isRemote(app.context) ? app.context : path.resolve(projectDir, app.context),
        main: app.main,
        dockerfile: app.dockerfile === undefined ? undefined : path.resolve(projectDir, app.dockerfile),
        entrypoint: app.entrypoint,
        cmd: app.cmd,
        env: app.env,
        buildArgs: app.buildArgs,
        base: app.base,
        platforms: app.platforms ?? config.platforms,
        version: app.version,
        commit: config.commit,
        sourceUrl: app.sourceUrl,
        latest: profile.latest,
        allowPublicPull: profile.publicPullPermitted && (config.allowPublicPull ?? false),
        buildOnPreview: config.buildOnPreview,
        mirrors: config.mirrors,
        pins: config.pins,
        protectRepositories: options.protectRepositories,
    };
    if (profile.localOnly) {
        const dir = path.resolve(projectDir, config.localExportDir ?? "out");
        args.localExport = { path: path.join(dir, `${app.domain}-${app.name}.oci.tar`) };
        return args;
    }
    if (config.gcp) {
        args.gcp = {
            ...config.gcp,
            immutableTags: profile.immutableTags,
            scanning: profile.scanning,
            retention: { ...retentionDefaults, ...config.gcp.retention },
        };
    }
    if (config.aws) {
        args.aws = {
            ...config.aws,
            immutableTags: profile.immutableTags,
            scanOnPush: profile.scanning,
            forceDelete: options.forceDelete,
            retention: { ...retentionDefaults, ...config.aws.retention },
        };
    }
    if (config.oci) {
        args.oci = config.oci.map((registry) => ({
            ...registry,
            password: registry.password === undefined ? undefined : secret(registry.password) as string,
        }));
    }
    return args;
}

/**
 * Runs every app's validation before any is declared, and throws one error
 * that lists the problems of every invalid app. The program's args are plain
 * values (registry passwords aside, which validation leaves opaque).
 */
export function checkApps(stack: string, apps: readonly (readonly [string, DistrolessAppArgs])[]): void {
    const messages: string[] = [];
    for (const [name, args] of apps) {
        try {
            resolveAppSpec(name, args as ResolvedArgs);
        } catch (err) {
            if (!(err instanceof ValidationError)) {
                throw err;
            }
            messages.push(err.message);
        }
    }
    if (messages.length > 0) {
        throw new AppsInvalidError(stack, messages);
    }
}

export class AppsInvalidError extends Error {
    constructor(stack: string, messages: readonly string[]) {
        super(`stack "${stack}" declares nothing: ${messages.length} app(s) are invalid\n${messages.join("\n")}`);
        this.name = "AppsInvalidError";
    }
}

/** A URL or git address, which the builder fetches: not a path of the project. */
function isRemote(context: string): boolean {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@");
}

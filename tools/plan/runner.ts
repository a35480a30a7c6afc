import * as pulumi from "@pulumi/pulumi";
import { StackSettings } from "./project";

/** Pulumi's wire markers, as the mock monitor hands inputs over. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface DeclaredResource {
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly inputs: Record<string, unknown>;
}

export interface DeclaredInvoke {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
}

export interface ProgramRun {
    readonly resources: DeclaredResource[];
    readonly invokes: DeclaredInvoke[];
}

/** Invoke answers offline: placeholders, never real credentials. */
const OFFLINE_INVOKES: Record<string, Record<string, unknown>> = {
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
        userName: "AWS", password: "[computed: ECR authorization token]", authorizationToken: "[computed]",
        proxyEndpoint: "[computed]", expiresAt: "[computed]", id: "[computed]",
    },
    "gcp:organizations/getClientConfig:getClientConfig": {
        accessToken: "[computed: access token]", project: "[computed]", region: "[computed]", zone: "[computed]", id: "[computed]",
    },
};

/**
 * Runs a Pulumi program in this process under the mock runtime, in preview
 * mode so that values only a provider can compute stay unknown, and
 * records every resource and invoke it declares. One run per process: the
 * program module is loaded once.
 */
export async function runProgram(settings: StackSettings): Promise<ProgramRun> {
    process.env.PULUMI_CONFIG = JSON.stringify(settings.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(settings.secretKeys);
    process.env.PULUMI_NODEJS_PROJECT = settings.project;
    process.env.PULUMI_NODEJS_STACK = settings.stack;

    const resources: DeclaredResource[] = [];
    const invokes: DeclaredInvoke[] = [];
    const parents = new Map<string, pulumi.Output<string>>();

    await pulumi.runtime.setMocks({
        newResource: (args) => {
            resources.push({ type: args.type, name: args.name, inputs: args.inputs });
            // Inputs come back as state; everything else a provider would compute stays unknown.
            return { id: undefined, state: args.inputs };
        },
        call: (args) => {
            invokes.push({ token: args.token, inputs: args.inputs });
            return OFFLINE_INVOKES[args.token] ?? {};
        },
    }, settings.project, settings.stack, true);
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((t) => {
            if (t.opts.parent) {
                parents.set(`${t.type}::${t.name}`, t.opts.parent.urn);
            }
            return undefined;
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require(settings.programPath) as Record<string, unknown>;
        return program;
    });
    await pulumi.runtime.disconnect();

    const parentNames = new Map<string, string>();
    await Promise.all([...parents].map(async ([key, urn]) => {
        const value = await outputValue(urn);
        if (value && !value.endsWith("::" + settings.project + "-" + settings.stack)) {
            const parts = value.split("::");
            const parentType = parts[2].split("$").pop() as string;
            if (parentType !== "pulumi:pulumi:Stack") {
                parentNames.set(key, `${parentType}::${parts[3]}`);
            }
        }
    }));
    return {
        resources: resources.map((r) => ({ ...r, parent: parentNames.get(`${r.type}::${r.name}`) })),
        invokes,
    };
}

function outputValue<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

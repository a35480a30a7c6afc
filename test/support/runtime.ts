import * as pulumi from "@pulumi/pulumi";

/**
 * One mock runtime for the whole mocha process, installed when this module
 * is first imported: every test file imports it before the component.
 * It records what the program declares and answers invokes with fixed,
 * recognisable values, and fills in what providers would compute.
 */

export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    provider?: string;
}

export interface RecordedCall {
    token: string;
    inputs: Record<string, unknown>;
    provider?: string;
}

export const recorded: { resources: Recorded[]; calls: RecordedCall[] } = { resources: [], calls: [] };

export const ECR_PASSWORD = "ecr-token-password";
export const GCP_TOKEN = "gcp-access-token";
export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const DIGEST = "sha256:" + "d".repeat(64);

export function reset(): void {
    recorded.resources.length = 0;
    recorded.calls.length = 0;
}

pulumi.runtime.setMocks({
    newResource: (args) => {
        recorded.resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        const state: Record<string, unknown> = { ...args.inputs };
        switch (args.type) {
            case "aws:ecr/repository:Repository":
                state.registryId = ACCOUNT;
                state.repositoryUrl = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${String(args.inputs.name)}`;
                break;
            case "docker-build:index:Image":
                state.digest = DIGEST;
                break;
        }
        return { id: args.custom === false ? undefined : `${args.name}-id`, state };
    },
    call: (args) => {
        recorded.calls.push({ token: args.token, inputs: args.inputs, provider: args.provider });
        switch (args.token) {
            case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
                return { userName: "AWS", password: ECR_PASSWORD, authorizationToken: "token", proxyEndpoint: "https://x", expiresAt: "never", id: "id" };
            case "gcp:organizations/getClientConfig:getClientConfig":
                return { accessToken: GCP_TOKEN, project: "p", region: "r", zone: "z", id: "id" };
            default:
                return {};
        }
    },
}, "pulumi-distroless", "test", false);

/** The value of an Output, or its failure. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        // An apply that throws rejects the Output's internal promise.
        (output as unknown as { promise(): Promise<T> }).promise().then(resolve, reject);
    });
}

export async function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
    return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

/** Lets queued registrations reach the mock monitor. */
export function settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 50));
}

export function byType(type: string): Recorded[] {
    return recorded.resources.filter((r) => r.type === type);
}

export function named(name: string): Recorded {
    const found = recorded.resources.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource named ${name}; declared: ${recorded.resources.map((r) => r.name).join(", ")}`);
    }
    return found;
}

export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export function isSecretInput(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270";
}

import * as pulumi from "@pulumi/pulumi";
import { invokeResult, providerResult } from "../../tools/mock/provider";

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

export { ACCOUNT, DIGEST, ECR_PASSWORD, GCP_TOKEN, REGION } from "../../tools/mock/provider";

export function reset(): void {
    recorded.resources.length = 0;
    recorded.calls.length = 0;
}

pulumi.runtime.setMocks({
    newResource: (args) => {
        recorded.resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        return providerResult(args);
    },
    call: (args) => {
        recorded.calls.push({ token: args.token, inputs: args.inputs, provider: args.provider });
        return invokeResult(args.token);
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

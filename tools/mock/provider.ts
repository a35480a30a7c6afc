import * as pulumi from "@pulumi/pulumi";

/**
 * What the cloud providers would compute, for programs run under Pulumi's
 * mock runtime: fixed, recognisable values, shared by the tests and the
 * benchmark so both see the same resources.
 */

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const DIGEST = "sha256:" + "d".repeat(64);
export const ECR_PASSWORD = "ecr-token-password";
export const GCP_TOKEN = "gcp-access-token";

const INVOKE_RESULTS: Record<string, Record<string, unknown>> = {
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
        userName: "AWS", password: ECR_PASSWORD, authorizationToken: "token",
        proxyEndpoint: `https://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`, expiresAt: "never", id: "id",
    },
    "gcp:organizations/getClientConfig:getClientConfig": {
        accessToken: GCP_TOKEN, project: "p", region: "r", zone: "z", id: "id",
    },
};

/** A registered resource's id and state: its inputs, plus what its provider computes. */
export function providerResult(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
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
}

/** An invoke's answer; unknown tokens get an empty result. */
export function invokeResult(token: string): Record<string, unknown> {
    return INVOKE_RESULTS[token] ?? {};
}

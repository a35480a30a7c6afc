import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppSpec, AwsSpec, CACHE_TAG } from "../spec";
import { lifecyclePolicy, repositoryPolicy, tagMutability } from "./aws-policy";
import { ChildContext, Destination } from "./destination";

/**
 * ECR: a repository with its pull/push policy and lifecycle rules, and a
 * login from the registry's authorization token.
 */
export function declareAws(app: AppSpec, spec: AwsSpec, cacheHere: boolean, ctx: ChildContext): Destination {
    const name = app.name;
    const repository = new aws.ecr.Repository(`${name}-ecr`, {
        name: spec.repositoryName,
        ...tagMutability(spec, cacheHere),
        imageScanningConfiguration: { scanOnPush: spec.scanOnPush },
        encryptionConfigurations: [spec.kmsKey
            ? { encryptionType: "KMS", kmsKey: spec.kmsKey }
            : { encryptionType: "AES256" }],
        forceDelete: spec.forceDelete,
        tags: { app: app.name, domain: app.domain },
    }, { parent: ctx.parent, ...ctx.repositoryOptions });

    const policy = repositoryPolicy(spec);
    if (policy) {
        new aws.ecr.RepositoryPolicy(`${name}-ecr-policy`, {
            repository: repository.name,
            policy,
        }, { parent: ctx.parent });
    }
    new aws.ecr.LifecyclePolicy(`${name}-ecr-lifecycle`, {
        repository: repository.name,
        policy: lifecyclePolicy(spec, app.platforms.length),
    }, { parent: ctx.parent });

    // The token of the provider's own registry, which is where the repository
    // is created. The invoke's direct form: plain arguments, and a Promise costs
    // the SDK far less than an Output, once per app.
    const token = aws.ecr.getAuthorizationToken({}, { parent: ctx.parent });
    return {
        key: "aws",
        imageName: repository.repositoryUrl,
        login: pulumi.secret(token.then((t) => ({
            address: registryHost(t.proxyEndpoint),
            username: t.userName,
            password: t.password,
        }))),
        cache: { ref: repository.repositoryUrl.apply((url) => `${url}:${CACHE_TAG}`), imageManifest: true },
    };
}

/** The token's endpoint is the registry's URL (`https://ACCOUNT.dkr.ecr.REGION.amazonaws.com`); logins take the host. */
function registryHost(proxyEndpoint: string): string {
    return proxyEndpoint.replace(/^https?:\/\//, "").replace(/\/+$/, "");
}

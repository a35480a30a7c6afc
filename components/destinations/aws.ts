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

    const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, { parent: ctx.parent });
    return {
        key: "aws",
        imageName: repository.repositoryUrl,
        login: {
            address: repository.repositoryUrl.apply((url) => url.split("/")[0]),
            username: token.userName,
            password: pulumi.secret(token.password),
        },
        cache: { ref: pulumi.interpolate`${repository.repositoryUrl}:${CACHE_TAG}`, imageManifest: true },
    };
}

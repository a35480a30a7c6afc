import "./support/runtime";
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { DistrolessApp } from "../components";
import { fullArgs, localArgs } from "./support/apps";
import {
    ACCOUNT, DIGEST, ECR_PASSWORD, GCP_TOKEN, REGION, byType, isSecret, isSecretInput, named, recorded, reset, settle, valueOf,
} from "./support/runtime";

const IMAGE = "docker-build:index:Image";

describe("DistrolessApp", () => {
    describe("with gcp, aws and oci destinations", () => {
        let app: DistrolessApp;
        before(async () => {
            reset();
            app = new DistrolessApp("payments-api", fullArgs());
            await valueOf(app.imageRefs);
            await settle();
        });

        it("declares one repository per registry, the grants, the ECR policies and one image", () => {
            const types = recorded.resources.map((r) => `${r.type} ${r.name}`).sort();
            assert.deepStrictEqual(types, [
                "aws:ecr/lifecyclePolicy:LifecyclePolicy payments-api-ecr-lifecycle",
                "aws:ecr/repository:Repository payments-api-ecr",
                "aws:ecr/repositoryPolicy:RepositoryPolicy payments-api-ecr-policy",
                "distroless:index:DistrolessApp payments-api",
                "docker-build:index:Image payments-api-image",
                "gcp:artifactregistry/repository:Repository payments-api-gar",
                "gcp:artifactregistry/repository:Repository payments-api-gar-cache",
                "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember payments-api-gar-reader-serviceAccount:run@acme-apps.iam.gserviceaccount.com",
                "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember payments-api-gar-writer-group:ci@acme.example",
            ]);
        });

        it("builds one index for linux/amd64 and linux/arm64 whose final stage is the distroless base", () => {
            const image = named("payments-api-image").inputs as { platforms: string[]; dockerfile: { inline: string }; buildArgs: Record<string, string> };
            assert.deepStrictEqual(image.platforms, ["linux/amd64", "linux/arm64"]);
            const froms = image.dockerfile.inline.split("\n").filter((l) => l.startsWith("FROM "));
            assert.strictEqual(froms[froms.length - 1].split(/\s+/)[1], "gcr.io/distroless/python3-debian13:nonroot");
            assert.strictEqual(image.buildArgs.BASE_IMAGE, "gcr.io/distroless/python3-debian13:nonroot");
        });

        it("tags the version and the commit in every registry, and not latest", () => {
            const tags = named("payments-api-image").inputs.tags as string[];
            assert.deepStrictEqual(tags, [
                "europe-west1-docker.pkg.dev/acme-images/payments-payments-api/payments-payments-api:1.2.3",
                "europe-west1-docker.pkg.dev/acme-images/payments-payments-api/payments-payments-api:0123abc",
                `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments-payments-api:1.2.3`,
                `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments-payments-api:0123abc`,
                "ghcr.io/acme/payments-api:1.2.3",
                "ghcr.io/acme/payments-api:0123abc",
            ]);
        });

        it("grants Artifact Registry roles with non-authoritative members", () => {
            const members = byType("gcp:artifactregistry/repositoryIamMember:RepositoryIamMember").map((r) => [r.inputs.role, r.inputs.member]);
            assert.deepStrictEqual(members.sort(), [
                ["roles/artifactregistry.reader", "serviceAccount:run@acme-apps.iam.gserviceaccount.com"],
                ["roles/artifactregistry.writer", "group:ci@acme.example"],
            ]);
            assert.strictEqual(byType("gcp:artifactregistry/repositoryIamBinding:RepositoryIamBinding").length, 0);
        });

        it("puts pull and push principals in one ECR repository policy", () => {
            const policy = named("payments-api-ecr-policy").inputs.policy as { Statement: { Sid: string; Principal: { AWS: string[] }; Action: string[] }[] };
            const pull = policy.Statement.find((s) => s.Sid === "Pull");
            const push = policy.Statement.find((s) => s.Sid === "Push");
            assert.deepStrictEqual(pull?.Principal.AWS, ["arn:aws:iam::210987654321:root"]);
            assert.deepStrictEqual(pull?.Action, ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
            assert.ok(push?.Action.includes("ecr:PutImage"));
            assert.ok(!pull?.Action.includes("ecr:GetAuthorizationToken"), "GetAuthorizationToken is account-level");
        });

        it("keeps the build cache movable under immutable tags on both registries", () => {
            const ecr = named("payments-api-ecr").inputs;
            assert.strictEqual(ecr.imageTagMutability, "IMMUTABLE");
            const gar = named("payments-api-gar").inputs as { dockerConfig: { immutableTags: boolean } };
            assert.strictEqual(gar.dockerConfig.immutableTags, true);
            const cacheRepo = named("payments-api-gar-cache").inputs as { dockerConfig: { immutableTags: boolean }; repositoryId: string };
            assert.strictEqual(cacheRepo.dockerConfig.immutableTags, false);
            const image = named("payments-api-image").inputs as { cacheTo: { registry: { ref: string } }[] };
            assert.strictEqual(image.cacheTo[0].registry.ref,
                "europe-west1-docker.pkg.dev/acme-images/payments-payments-api-cache/payments-payments-api:buildcache");
        });

        it("never lets the ECR lifecycle expire the build cache", () => {
            const rules = (named("payments-api-ecr-lifecycle").inputs.policy as { rules: { rulePriority: number; selection: { tagPrefixList?: string[]; tagStatus: string } }[] }).rules;
            assert.deepStrictEqual(rules.map((r) => r.rulePriority), [1, 2, 3]);
            assert.deepStrictEqual(rules[0].selection.tagPrefixList, ["buildcache"]);
            assert.strictEqual(rules[rules.length - 1].selection.tagStatus, "any", "an any rule must have the highest priority");
        });

        it("keeps every registry password secret", () => {
            const registries = named("payments-api-image").inputs.registries;
            assert.ok(isSecretInput(registries), `registries reached the engine in plain text: ${JSON.stringify(registries)}`);
            const plain = JSON.stringify((registries as { value: unknown }).value);
            for (const password of [GCP_TOKEN, ECR_PASSWORD, "ghcr-password"]) {
                assert.ok(plain.includes(password), `${password} should be among the secret logins`);
            }
            const everythingElse = JSON.stringify(recorded.resources.map((r) => ({ ...r.inputs, registries: undefined })));
            assert.ok(!everythingElse.includes("ghcr-password") && !everythingElse.includes(ECR_PASSWORD));
        });

        it("logs in to Artifact Registry with the access token as oauth2accesstoken", () => {
            const logins = (named("payments-api-image").inputs.registries as { value: { address: string; username: string; password: string }[] }).value;
            assert.deepStrictEqual(logins[0], { address: "europe-west1-docker.pkg.dev", username: "oauth2accesstoken", password: GCP_TOKEN });
            assert.deepStrictEqual(logins[1], { address: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`, username: "AWS", password: ECR_PASSWORD });
        });

        it("outputs a digest-pinned reference per destination", async () => {
            assert.deepStrictEqual(await valueOf(app.imageRefs), {
                "gcp": `europe-west1-docker.pkg.dev/acme-images/payments-payments-api/payments-payments-api@${DIGEST}`,
                "aws": `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments-payments-api@${DIGEST}`,
                "oci:ghcr.io/acme/payments-api": `ghcr.io/acme/payments-api@${DIGEST}`,
            });
            assert.strictEqual(await valueOf(app.digest), DIGEST);
            assert.deepStrictEqual(await valueOf(app.platforms), ["linux/amd64", "linux/arm64"]);
            assert.strictEqual((await valueOf(app.repositoryUrls)).aws, `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments-payments-api`);
        });

        it("labels the image with its version, revision and base", () => {
            const labels = named("payments-api-image").inputs.labels as Record<string, string>;
            assert.strictEqual(labels["org.opencontainers.image.version"], "1.2.3");
            assert.strictEqual(labels["org.opencontainers.image.revision"], "0123abc");
            assert.strictEqual(labels["org.opencontainers.image.base.name"], "gcr.io/distroless/python3-debian13:nonroot");
        });
    });

    it("a secret password passed as an Output stays secret and does not delay the graph", async () => {
        reset();
        const app = new DistrolessApp("secret-app", localArgs({
            localExport: undefined,
            oci: [{ address: "registry.example.com", username: "u", password: pulumi.secret("s3cret") }],
        }));
        await settle();
        assert.ok(recorded.resources.some((r) => r.type === IMAGE), "the image is declared straight away");
        assert.ok(isSecretInput(named("secret-app-image").inputs.registries));
        assert.strictEqual(await isSecret(app.digest), false, "outputs other than credentials stay readable");
    });

    it("a local export writes an OCI tarball with no registry, no login and no cache", async () => {
        reset();
        const app = new DistrolessApp("local-app", localArgs());
        await valueOf(app.digest);
        await settle();
        const image = named("local-app-image").inputs;
        assert.strictEqual(image.push, false);
        assert.deepStrictEqual(image.exports, [{ oci: { dest: "/tmp/out.tar" } }]);
        assert.strictEqual(image.cacheTo, undefined);
        assert.strictEqual(image.registries, undefined);
        assert.deepStrictEqual(recorded.resources.map((r) => r.type).sort(), ["distroless:index:DistrolessApp", IMAGE]);
        assert.deepStrictEqual(await valueOf(app.imageRefs), { local: `oci-archive:/tmp/out.tar@${DIGEST}` });
    });

    it("ECR as the cache destination gets an image-manifest cache and an exclusion for the cache tag", async () => {
        reset();
        new DistrolessApp("ecr-app", fullArgs({ gcp: undefined, oci: undefined }));
        await settle();
        const repo = named("ecr-app-ecr").inputs;
        assert.strictEqual(repo.imageTagMutability, "IMMUTABLE_WITH_EXCLUSION");
        assert.deepStrictEqual(repo.imageTagMutabilityExclusionFilters, [{ filter: "buildcache", filterType: "WILDCARD" }]);
        const cacheTo = (named("ecr-app-image").inputs.cacheTo as { registry: Record<string, unknown> }[])[0].registry;
        assert.strictEqual(cacheTo.imageManifest, true);
        assert.strictEqual(cacheTo.ociMediaTypes, true);
        assert.strictEqual(cacheTo.ref, `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments-ecr-app:buildcache`);
    });

    it("an existing Artifact Registry repository is used, not created", async () => {
        reset();
        new DistrolessApp("shared-app", fullArgs({
            aws: undefined, oci: undefined,
            gcp: { project: "acme-images", location: "us", repositoryId: "payments", readers: ["domain:acme.example"] },
        }));
        await settle();
        assert.strictEqual(byType("gcp:artifactregistry/repository:Repository").length, 0);
        assert.strictEqual(named("shared-app-gar-reader-domain:acme.example").inputs.repository, "payments");
        assert.ok((named("shared-app-image").inputs.tags as string[])[0].startsWith("us-docker.pkg.dev/acme-images/payments/payments-shared-app:"));
    });

    it("mirrors and pins rewrite the base and the builder images", async () => {
        reset();
        const digest = "sha256:" + "a".repeat(64);
        const app = new DistrolessApp("mirrored", localArgs({
            mirrors: { "gcr.io/distroless/": "127.0.0.1:5000/distroless/", "docker.io/library/": "127.0.0.1:5000/library/" },
            pins: { "gcr.io/distroless/static-debian13:nonroot": digest },
        }));
        assert.strictEqual(await valueOf(app.baseImage), `127.0.0.1:5000/distroless/static-debian13:nonroot@${digest}`);
        await settle();
        const inline = (named("mirrored-image").inputs.dockerfile as { inline: string }).inline;
        assert.ok(!inline.includes("docker.io/"), "the builder comes through the mirror");
        assert.ok(inline.includes("127.0.0.1:5000/library/golang:"), inline);
        const labels = named("mirrored-image").inputs.labels as Record<string, string>;
        assert.strictEqual(labels["org.opencontainers.image.base.digest"], digest);
    });

    it("the seed system's base-debian12 for both languages on both platforms is expressible", async () => {
        reset();
        const seed = { variant: "base", debian: 12 };
        const py = new DistrolessApp("seed-python", localArgs({ language: "python", context: "demo/hello_python", base: seed }));
        const go = new DistrolessApp("seed-go", localArgs({ language: "go", base: seed }));
        assert.strictEqual(await valueOf(py.baseImage), "gcr.io/distroless/base-debian12:nonroot");
        assert.strictEqual(await valueOf(go.baseImage), "gcr.io/distroless/base-debian12:nonroot");
        await settle();
        for (const name of ["seed-python-image", "seed-go-image"]) {
            assert.deepStrictEqual(named(name).inputs.platforms, ["linux/amd64", "linux/arm64"]);
        }
    });

    it("explicit providers reach every child and every invoke", async () => {
        reset();
        const awsProvider = new aws.Provider("other-account", { region: "us-east-2" });
        const gcpProvider = new gcp.Provider("other-project", { project: "acme-other" });
        new DistrolessApp("provided", fullArgs({ oci: undefined }), { providers: [awsProvider, gcpProvider] });
        await settle();
        const children = recorded.resources.filter((r) => r.name.startsWith("provided-") && (r.type.startsWith("aws:") || r.type.startsWith("gcp:")));
        assert.ok(children.length >= 5);
        for (const child of children) {
            const expected = child.type.startsWith("aws:") ? "other-account" : "other-project";
            assert.ok(child.provider?.includes(`::${expected}::`), `${child.name} used ${child.provider}`);
        }
        const calls = recorded.calls.filter((c) => c.token.startsWith("aws:ecr/") || c.token.startsWith("gcp:organizations/"));
        assert.strictEqual(calls.length, 2);
        for (const call of calls) {
            const expected = call.token.startsWith("aws:") ? "other-account" : "other-project";
            assert.ok(call.provider?.includes(`::${expected}::`), `${call.token} used ${call.provider}`);
        }
    });
});

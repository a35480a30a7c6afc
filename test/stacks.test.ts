import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStack } from "../tools/plan/project";
import { PlannedResource, ROOT, plan, planFailure } from "./support/plan";

const DEMO_APPS = ["hello-python", "hello-go"];
const IMAGE = "docker-build:index:Image";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function ofApp(resources: PlannedResource[], app: string, type: string): PlannedResource[] {
    return resources.filter((r) => r.type === type && r.parent === `distroless:index:DistrolessApp::${app}`);
}

function finalStage(image: PlannedResource): string {
    const inline = (image.inputs.dockerfile as { inline: string }).inline;
    const froms = inline.split("\n").filter((l) => /^FROM\s/.test(l));
    return froms[froms.length - 1].split(/\s+/)[1];
}

describe("the stacks, planned offline", function () {
    this.timeout(180000);
    const plans: Record<string, PlannedResource[]> = {};
    before(async () => {
        const stacks = ["local", "dev", "staging", "prod"];
        const results = await Promise.all(stacks.map((s) => plan(s)));
        stacks.forEach((s, i) => { plans[s] = results[i].resources; });
    });

    it("every stack declares both demo apps", () => {
        for (const [stack, resources] of Object.entries(plans)) {
            const apps = resources.filter((r) => r.type === "distroless:index:DistrolessApp").map((r) => r.name);
            assert.deepStrictEqual(apps, DEMO_APPS, stack);
        }
    });

    it("dev builds each demo app once for linux/amd64 and linux/arm64 onto a distroless final stage", () => {
        for (const app of DEMO_APPS) {
            const images = ofApp(plans.dev, app, IMAGE);
            assert.strictEqual(images.length, 1);
            assert.deepStrictEqual(images[0].inputs.platforms, ["linux/amd64", "linux/arm64"]);
            assert.match(finalStage(images[0]), /^gcr\.io\/distroless\/(python3|static)-debian13:nonroot$/);
        }
    });

    it("dev gives each demo app an Artifact Registry repository with its grants and an ECR repository with both policies", () => {
        for (const app of DEMO_APPS) {
            assert.strictEqual(ofApp(plans.dev, app, "gcp:artifactregistry/repository:Repository").length, 1, app);
            const members = ofApp(plans.dev, app, "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember");
            assert.deepStrictEqual(members.map((m) => m.inputs.role).sort(),
                ["roles/artifactregistry.reader", "roles/artifactregistry.reader", "roles/artifactregistry.writer"]);
            assert.strictEqual(ofApp(plans.dev, app, "aws:ecr/repository:Repository").length, 1);
            assert.strictEqual(ofApp(plans.dev, app, "aws:ecr/repositoryPolicy:RepositoryPolicy").length, 1);
            assert.strictEqual(ofApp(plans.dev, app, "aws:ecr/lifecyclePolicy:LifecyclePolicy").length, 1);
        }
    });

    it("dev tags move: mutable repositories, latest pushed, repositories deletable with their images", () => {
        const ecr = ofApp(plans.dev, "hello-go", "aws:ecr/repository:Repository")[0].inputs;
        assert.strictEqual(ecr.imageTagMutability, "MUTABLE");
        assert.strictEqual(ecr.forceDelete, true);
        const tags = ofApp(plans.dev, "hello-go", IMAGE)[0].inputs.tags as string[];
        assert.ok(tags.some((t) => t.endsWith(":latest")));
    });

    it("a preview shows the Artifact Registry tags; only ECR's repository URL waits for the provider", () => {
        const tags = ofApp(plans.dev, "hello-go", IMAGE)[0].inputs.tags as string[];
        assert.deepStrictEqual(tags, [
            "europe-west1-docker.pkg.dev/acme-images-dev/demo-hello-go/demo-hello-go:0.1.0",
            "europe-west1-docker.pkg.dev/acme-images-dev/demo-hello-go/demo-hello-go:latest",
            "(computed)",
            "(computed)",
        ]);
    });

    it("with immutable tags the build cache goes to the companion mutable repository", () => {
        const image = ofApp(plans.prod, "hello-go", IMAGE)[0].inputs;
        const cacheTo = (image.cacheTo as { registry: { ref: string } }[])[0].registry.ref;
        assert.strictEqual(cacheTo, "europe-west1-docker.pkg.dev/acme-images-prod/demo-hello-go-cache/demo-hello-go:buildcache");
        const cacheRepository = ofApp(plans.prod, "hello-go", "gcp:artifactregistry/repository:Repository")
            .find((r) => r.name === "hello-go-gar-cache");
        assert.deepStrictEqual(cacheRepository?.inputs.dockerConfig, { immutableTags: false });
        // Superseded caches go after prod's retention; the cache tag itself is never a candidate.
        assert.deepStrictEqual(cacheRepository?.inputs.cleanupPolicies, [
            { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: `${30 * 86400}s` } },
        ]);
    });

    it("local declares no gcp: or aws: resource and exports OCI tarballs", () => {
        const cloud = plans.local.filter((r) => r.type.startsWith("gcp:") || r.type.startsWith("aws:"));
        assert.deepStrictEqual(cloud, []);
        for (const app of DEMO_APPS) {
            const image = ofApp(plans.local, app, IMAGE)[0].inputs;
            assert.strictEqual(image.push, false);
            assert.match(JSON.stringify(image.exports), /"oci":\{"dest":".*demo-hello-(python|go)\.oci\.tar"\}/);
        }
    });

    for (const stack of ["staging", "prod"]) {
        it(`${stack} repositories refuse to move an existing tag, and latest is not pushed`, () => {
            for (const app of DEMO_APPS) {
                const gar = ofApp(plans[stack], app, "gcp:artifactregistry/repository:Repository")
                    .find((r) => !r.name.endsWith("-cache"));
                assert.deepStrictEqual((gar?.inputs.dockerConfig as { immutableTags: boolean }).immutableTags, true);
                const ecr = ofApp(plans[stack], app, "aws:ecr/repository:Repository")[0].inputs;
                assert.match(String(ecr.imageTagMutability), /^IMMUTABLE/);
                assert.notStrictEqual(ecr.forceDelete, true);
                const tags = ofApp(plans[stack], app, IMAGE)[0].inputs.tags as string[];
                assert.ok(!tags.some((t) => t.endsWith(":latest")), tags.join(", "));
            }
        });
    }

    it("prod has no public reader", () => {
        const text = JSON.stringify(plans.prod);
        assert.ok(!text.includes("allUsers") && !text.includes("allAuthenticatedUsers"));
        const policies = plans.prod.filter((r) => r.type === "aws:ecr/repositoryPolicy:RepositoryPolicy");
        assert.ok(policies.length > 0);
        assert.ok(!JSON.stringify(policies).includes('"*"'), "no public AWS principal");
    });

    it("prod refuses public pull even if the stack file asks for it", async () => {
        const stderr = await planFailure("prod", ["allowPublicPull=true"]);
        assert.match(stderr, /pulumi-distroless:allowPublicPull = true: refused, the prod environment never allows public pulls/);
    });

    it("registry logins reach the plan marked secret", () => {
        const image = ofApp(plans.dev, "hello-python", IMAGE)[0].inputs;
        assert.ok((image.registries as Record<string, unknown>)[SECRET_SIG], JSON.stringify(image.registries));
        assert.ok(!JSON.stringify(plans.dev).includes("[computed: ECR authorization token]"), "the offline token is never shown");
    });

    it("a secure: password in the stack file stays a secret placeholder", async () => {
        const { resources } = await plan("dev", [
            `oci=${JSON.stringify([{ address: "ghcr.io", namespace: "acme", username: "bot", password: "from-the-command-line" }])}`,
        ]);
        const image = ofApp(resources, "hello-go", IMAGE)[0].inputs;
        assert.ok((image.registries as Record<string, unknown>)[SECRET_SIG]);
        assert.ok(!JSON.stringify(resources).includes("from-the-command-line"), "the password never appears");
        assert.ok((image.tags as string[]).includes("ghcr.io/acme/demo-hello-go:0.1.0"), JSON.stringify(image.tags));
    });

    it("a typo in the stack config fails the plan naming the key and the stack", async () => {
        const stderr = await planFailure("dev", [`apps=${JSON.stringify([{ name: "x", domain: "d", language: "go", context: ".", version: "1", verison: "2" }])}`]);
        assert.match(stderr, /stack "dev" has invalid configuration/);
        assert.match(stderr, /pulumi-distroless:apps\[0\]\.verison = "2": is not a known key; did you mean version\?/);
    });

    it("a misspelt top-level key fails the plan instead of being ignored", async () => {
        const stderr = await planFailure("dev", ['gpc={"project":"acme-images-dev","location":"europe-west1"}']);
        assert.match(stderr, /pulumi-distroless:gpc = \{"project":"acme-images-dev","location":"europe-west1"\}: is not a known key; did you mean gcp\?/);
    });

    it("a value of the wrong type is named with its value", async () => {
        const stderr = await planFailure("dev", ["allowPublicPull=yes"]);
        assert.match(stderr, /pulumi-distroless:allowPublicPull = "yes": must be true or false/);
    });

    it("invalid JSON in a structured key names the key and the stack", async () => {
        const stderr = await planFailure("dev", ['apps=[{"name":"x",}]']);
        assert.match(stderr, /stack "dev" has invalid configuration/);
        assert.match(stderr, /pulumi-distroless:apps: not valid JSON/);
        assert.ok(!stderr.includes('"name":"x"'), "the raw value is not shown: it may be a decrypted secret");
    });

    it("a null in the stack file counts as absent", async () => {
        const { resources } = await plan("dev", ['gcp={"project":"acme-images-dev","location":"europe-west1","kmsKeyName":null}']);
        const repos = resources.filter((r) => r.type === "gcp:artifactregistry/repository:Repository");
        assert.ok(repos.length > 0 && repos.every((r) => r.inputs.kmsKeyName === undefined), JSON.stringify(repos[0]?.inputs));
    });

    it("every invalid app is listed at once, not only the first", async () => {
        const app = (name: string, version: string) => ({ name, domain: "demo", language: "go", context: "demo/hello_go", version });
        const stderr = await planFailure("dev", [`apps=${JSON.stringify([app("good", "1.0.0"), app("first", "1+x"), app("second", "2+y")])}`]);
        assert.match(stderr, /2 app\(s\) are invalid/);
        assert.match(stderr, /DistrolessApp "first" is invalid:\n {2}- version = "1\+x"/);
        assert.match(stderr, /DistrolessApp "second" is invalid:\n {2}- version = "2\+y"/);
    });

    it("invalid JSON never echoes the value, not even the parser's excerpt of it", async () => {
        const stderr = await planFailure("dev", ['oci=[{"address":"ghcr.io","username":"bot","password":hunter2SECRET}]']);
        assert.match(stderr, /pulumi-distroless:oci: not valid JSON/);
        assert.ok(!stderr.includes("hunter2"), stderr);
    });

    it("a key set to null counts as absent", async () => {
        const { resources } = await plan("dev", ["gcp=null"]);
        assert.strictEqual(resources.filter((r) => r.type.startsWith("gcp:")).length, 0);
        assert.ok(resources.some((r) => r.type.startsWith("aws:")));
    });

    it("a key under a misspelt project namespace is refused, not ignored", async () => {
        const stderr = await planFailure("prod", ["pulumi-distroles:allowPublicPull=true"]);
        assert.match(stderr, /pulumi-distroles:allowPublicPull: the namespace pulumi-distroles is not the project's; did you mean pulumi-distroless:allowPublicPull\?/);
    });

    it("prod refuses a public reader in the stack file with prod's own reason", async () => {
        const stderr = await planFailure("prod", [
            'gcp={"project":"acme-images-prod","location":"europe-west1","readers":["allUsers"]}',
            'aws={"pullPrincipals":["*"]}',
        ]);
        assert.match(stderr, /pulumi-distroless:gcp\.readers\[0\] = "allUsers": refused, the prod environment never allows public pulls/);
        assert.match(stderr, /pulumi-distroless:aws\.pullPrincipals\[0\] = "\*": refused, the prod environment never allows public pulls/);
        assert.ok(!stderr.includes("set allowPublicPull: true"), "no advice prod would refuse");
    });

    it("localExportDir is refused where no archive is written", async () => {
        const stderr = await planFailure("dev", ["localExportDir=out"]);
        assert.match(stderr, /pulumi-distroless:localExportDir = "out": the dev environment pushes to registries and exports no archive/);
    });

    it("an app whose repository is another app's build cache repository is refused", async () => {
        const app = (name: string) => ({ name, domain: "x", language: "go", context: "demo/hello_go", version: "1.0.0" });
        const stderr = await planFailure("staging", [`apps=${JSON.stringify([app("api"), app("api-cache")])}`]);
        assert.match(stderr, /apps\[1\] = x\/api-cache: its repository x-api-cache is also the build cache repository of apps\[0\]/);
    });

    it("a remote build context is passed on as it is, not made a local path", async () => {
        const { resources } = await plan("dev", [
            `apps=${JSON.stringify([{ name: "remote", domain: "x", language: "go", context: "https://github.com/acme/remote.git#main", version: "1.0.0" }])}`,
        ]);
        const image = resources.find((r) => r.type === IMAGE);
        assert.deepStrictEqual(image?.inputs.context, { location: "https://github.com/acme/remote.git#main" });
    });

    it("a secret anywhere but a registry password is refused, naming the key and never the value", async () => {
        const stack = `secret-check-${process.pid}`;
        const file = path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`);
        fs.writeFileSync(file, [
            "config:",
            "  pulumi-distroless:environment: dev",
            "  pulumi-distroless:apps:",
            "    - { name: hello-go, domain: demo, language: go, context: demo/hello_go, version: 0.1.0,",
            "        env: { SENTRY_DSN: { secure: v1:AAAA } } }",
            "  pulumi-distroless:oci:",
            "    - { address: registry.example.com, username: bot, password: { secure: v1:BBBB } }",
            "",
        ].join("\n"));
        try {
            const stderr = await planFailure(stack);
            assert.match(stderr, /pulumi-distroless:apps = \[secret\]: only oci\[\]\.password may be secret/);
            assert.ok(!stderr.includes("pulumi-distroless:oci ="), "a secret registry password is where it belongs");
        } finally {
            fs.rmSync(file);
        }
    });

    it("the prod stack cannot take another environment's profile", async () => {
        const stderr = await planFailure("prod", ["environment=dev", "allowPublicPull=true"]);
        assert.match(stderr, /pulumi-distroless:environment = "dev": the stack "prod" is the prod environment/);
    });

    it("two apps that would land on the same image are refused", async () => {
        const app = (name: string, domain: string) => ({ name, domain, language: "go", context: "demo/hello_go", version: "1.0.0" });
        const stderr = await planFailure("dev", [
            `apps=${JSON.stringify([app("api", "shop"), app("api", "shop"), app("c", "a-b"), app("b-c", "a")])}`,
            'oci=[{"address":"ghcr.io","repository":"acme/hello"}]',
        ]);
        assert.match(stderr, /apps\[1\]\.name = "api": apps\[0\] has the same name/);
        assert.match(stderr, /apps\[3\] = a\/b-c: its image a-b-c is also apps\[2\]'s/);
        assert.match(stderr, /oci\[0\]\.repository = "acme\/hello": every app would push to this one repository/);
    });

    it("the local stack refuses registry configuration", async () => {
        const stderr = await planFailure("local", ['aws={"pullPrincipals":["210987654321"]}']);
        assert.match(stderr, /pulumi-distroless:aws: the local environment only exports an OCI tarball/);
    });

    it("an invalid app fails the plan before any resource, with the component's message", async () => {
        const stderr = await planFailure("dev", [`apps=${JSON.stringify([{ name: "bad", domain: "demo", language: "python", context: "demo/hello_python", version: "1.0.0", base: { variant: "python3", debian: 12 } }])}`]);
        assert.match(stderr, /python3-debian12 was removed from distroless in May 2026; use python3-debian13 instead/);
    });
});

describe("the offline plan's reading of stack files", () => {
    function projectWith(stackFile: string): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-stack-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackFile);
        return dir;
    }

    it("a secure: value inside a structure becomes a secret placeholder", () => {
        const dir = projectWith("config:\n  shop:oci:\n    - address: ghcr.io\n      username: bot\n      password:\n        secure: v1:AAAA\n");
        const stack = loadStack(dir, "dev");
        assert.deepStrictEqual(JSON.parse(stack.config["shop:oci"]), [{ address: "ghcr.io", username: "bot", password: "[secret]" }]);
        assert.deepStrictEqual(stack.secretKeys, ["shop:oci"]);
    });

    it("a structured key encrypted as a whole is refused with the way to fix it", () => {
        const dir = projectWith("config:\n  shop:oci:\n    secure: v1:AAAA\n");
        assert.throws(() => loadStack(dir, "dev"), /oci is encrypted as a whole, and the offline plan never decrypts.*pulumi config set --secret --path 'oci\[0\]\.password'/);
    });
});

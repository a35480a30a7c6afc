import "./support/runtime";
import * as assert from "assert";
import { inspect } from "util";
import * as pulumi from "@pulumi/pulumi";
import { DistrolessApp } from "../components";
import { DistrolessAppArgs } from "../components/args";
import { resolveAppSpec } from "../components/spec";
import { fullArgs, localArgs } from "./support/apps";
import { recorded, reset, settle, valueOf } from "./support/runtime";

interface Case {
    readonly title: string;
    readonly name?: string;
    readonly args: DistrolessAppArgs;
    /** Literal facts the message must state: field, value and rule. */
    readonly message: readonly string[];
    /** Text the message must never contain (credentials). */
    readonly absent?: readonly string[];
}

const cases: Case[] = [
    {
        title: "an app name with an underscore is refused",
        name: "hello_world", args: localArgs(),
        message: ['name = "hello_world"', "lowercase letters and digits separated by single dashes"],
    },
    {
        title: "an uppercase domain is refused",
        args: localArgs({ domain: "Payments" }),
        message: ['domain = "Payments"', "lowercase"],
    },
    {
        title: "an Artifact Registry repository id with an underscore is refused",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", repositoryId: "shared_images" } }),
        message: ['gcp.repositoryId = "shared_images"', "no underscores"],
    },
    {
        title: "an ECR repository name with uppercase letters is refused",
        args: fullArgs({ aws: { repositoryName: "Payments/API" } }),
        message: ['aws.repositoryName = "Payments/API"', "2 to 256 characters of lowercase letters and digits"],
    },
    {
        title: "a version with semver build metadata is not a tag",
        args: localArgs({ version: "1.2.3+build.7" }),
        message: ['version = "1.2.3+build.7"', "semver build metadata '+...' is not allowed in a tag"],
    },
    {
        title: "a commit that is not a git SHA is refused",
        args: localArgs({ commit: "main" }),
        message: ['commit = "main"', "hexadecimal git SHA"],
    },
    {
        title: "an image name longer than 255 characters is refused",
        args: fullArgs({ aws: undefined, gcp: undefined, oci: [{ address: "registry.example.com", repository: "a".repeat(250) }] }),
        message: ["oci[0] (image name)", "clients accept at most 255"],
    },
    {
        title: "a platform the base does not publish is refused",
        args: fullArgs({ platforms: ["linux/amd64", "linux/s390x"] }),
        message: ['platforms[1] = "linux/s390x"', "python3-debian13 is published only for linux/amd64, linux/arm64, linux/riscv64"],
    },
    {
        title: "a malformed IAM member is refused",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", readers: ["alice@acme.example"], immutableTags: true } }),
        message: ['gcp.readers[0] = "alice@acme.example"', "an IAM member is user:EMAIL"],
    },
    {
        title: "allUsers as a reader is refused without allowPublicPull",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", readers: ["allUsers"], immutableTags: true } }),
        message: ['gcp.readers[0] = "allUsers"', "makes the repository public; set allowPublicPull: true"],
    },
    {
        title: "allAuthenticatedUsers as a reader is refused without allowPublicPull",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", readers: ["allAuthenticatedUsers"], immutableTags: true } }),
        message: ['gcp.readers[0] = "allAuthenticatedUsers"', "makes the repository public"],
    },
    {
        title: "a public AWS pull principal is refused without allowPublicPull",
        args: fullArgs({ aws: { pullPrincipals: ["*"], immutableTags: true } }),
        message: ['aws.pullPrincipals[0] = "*"', "makes the repository public; set allowPublicPull: true"],
    },
    {
        title: "an AWS principal that is neither an account nor an ARN is refused",
        args: fullArgs({ aws: { pullPrincipals: ["12345"], immutableTags: true } }),
        message: ['aws.pullPrincipals[0] = "12345"', "12-digit account ID or an IAM ARN"],
    },
    {
        title: "python3 on Debian 12 is refused, naming its replacement",
        args: fullArgs({ base: { variant: "python3", debian: 12 } }),
        message: ['base.variant = "python3"', "python3-debian12 was removed from distroless in May 2026; use python3-debian13 instead"],
    },
    {
        title: "a /bin/sh entrypoint on a non-debug base is refused",
        args: fullArgs({ entrypoint: ["/bin/sh", "-c", "python -m app"] }),
        message: ['entrypoint[0] = "/bin/sh"', "distroless has no shell"],
    },
    {
        title: "a shell-form entrypoint is refused",
        args: fullArgs({ entrypoint: ["python -m app"] }),
        message: ['entrypoint[0] = "python -m app"', "looks like a shell-form command line"],
    },
    {
        title: "immutable tags together with latest are refused, suggesting latest: false",
        args: fullArgs({ latest: true }),
        message: ["gcp.immutableTags = true", "set latest: false"],
    },
    {
        title: "an app with no destination is refused",
        args: localArgs({ localExport: undefined }),
        message: ["gcp, aws, oci, localExport", "at least one destination is required"],
    },
    {
        title: "an unknown language is refused, listing the known ones",
        args: localArgs({ language: "rust" }),
        message: ['language = "rust"', "must be one of go, python"],
    },
    {
        title: "an unknown variant is refused",
        args: localArgs({ base: { variant: "alpine" } }),
        message: ['base.variant = "alpine"', "not a distroless variant"],
    },
    {
        title: "a python app on the static base is refused",
        args: localArgs({ language: "python", base: { variant: "static" } }),
        message: ['base.variant = "static"', "static-debian13 cannot run python apps"],
    },
    // Arguments can come untyped (another Pulumi language, a config file): the shape is checked first.
    {
        title: "a shell command line given as one string instead of a list is refused",
        args: localArgs({ entrypoint: "/bin/sh -c /app" as never }),
        message: ['entrypoint = "/bin/sh -c /app"', "must be a list"],
    },
    {
        title: "allowPublicPull given as the string \"false\" is refused, not taken as true",
        args: fullArgs({ allowPublicPull: "false" as never, gcp: { project: "acme-images", location: "europe-west1", readers: ["allUsers"], immutableTags: true } }),
        message: ['allowPublicPull = "false"', "must be true or false"],
    },
    {
        title: "a platform list given as one string is refused",
        args: localArgs({ platforms: "linux/amd64" as never }),
        message: ['platforms = "linux/amd64"', "must be a list"],
    },
    {
        title: "readers given as one string are refused",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", readers: "allUsers" as never } }),
        message: ['gcp.readers = "allUsers"', "must be a list"],
    },
    {
        title: "an OCI registry that is not an object is refused",
        args: localArgs({ oci: [null as never] }),
        message: ["oci[0] = null", "must be an object"],
    },
    {
        title: "a misspelt argument is refused, suggesting the right one",
        args: localArgs({ plattforms: ["linux/amd64"] } as never),
        message: ['plattforms = ["linux/amd64"]', "is not a known key; did you mean platforms?"],
    },
    {
        title: "a misspelt destination key is refused, suggesting the right one",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", reader: ["group:a@acme.example"] } as never }),
        message: ['gcp.reader = ["group:a@acme.example"]', "did you mean readers?"],
    },
    {
        title: "missing required arguments are named",
        args: {} as never,
        message: ["domain = (missing): is required", "version = (missing): is required"],
    },
    {
        title: "a build context that does not exist is refused",
        args: localArgs({ context: "demo/hello_pyhton" }),
        message: ['context = "demo/hello_pyhton"', "no such directory"],
    },
    {
        title: "an app Dockerfile that does not exist is refused",
        args: localArgs({ dockerfile: "demo/hello_go/Dockerfile.missing" }),
        message: ['dockerfile = "demo/hello_go/Dockerfile.missing"', "no such file"],
    },
    {
        title: "a mirror with a URL scheme is refused",
        args: localArgs({ mirrors: { "gcr.io/distroless/": "http://127.0.0.1:5000/distroless/" } }),
        message: ['mirrors["gcr.io/distroless/"] = "http://127.0.0.1:5000/distroless/"', "no scheme"],
    },
    {
        title: "with an empty entrypoint, a shell in cmd is refused",
        args: localArgs({ entrypoint: [], cmd: ["/bin/sh", "-c", "echo"] }),
        message: ['cmd[0] = "/bin/sh"', "distroless has no shell"],
    },
    {
        title: "python3 on Debian 12 by default is refused, saying the variant was the default",
        args: localArgs({ language: "python", context: "demo/hello_python", base: { debian: 12 } }),
        message: ['base.variant (the default for python) = "python3"', "use python3-debian13 instead"],
    },
    {
        title: "a principalSet for everyone as a reader is refused without allowPublicPull",
        args: fullArgs({ gcp: { project: "acme-images", location: "europe-west1", readers: ["principalSet://goog/public:all"], immutableTags: true } }),
        message: ['gcp.readers[0] = "principalSet://goog/public:all"', "makes the repository public"],
    },
    {
        title: "an entrypoint through /usr/bin/env is refused, since distroless has no env",
        args: localArgs({ entrypoint: ["/usr/bin/env", "sh", "-c", "./app"] }),
        message: ['entrypoint[0] = "/usr/bin/env"', "distroless has no env"],
    },
    {
        title: "an empty entrypoint with no cmd is refused",
        args: localArgs({ entrypoint: [] }),
        message: ["entrypoint = []", "leaves the image nothing to run"],
    },
    {
        title: "an environment value with a line break is refused",
        args: localArgs({ env: { GREETING: "hello\nRUN rm -rf /" } }),
        message: ["env.GREETING = \"hello\\nRUN rm -rf /\"", "must not contain a line break"],
    },
    {
        title: "entrypoint and env next to the app's own Dockerfile are refused, not silently dropped",
        args: localArgs({ dockerfile: "demo/hello_go/Dockerfile", entrypoint: ["/app"], env: { A: "1" } }),
        message: ['entrypoint = ["/app"]: applies to the rendered Dockerfile only', 'env = {"A":"1"}: applies to the rendered Dockerfile only'],
    },
    {
        title: "a retention of zero days is refused",
        args: fullArgs({ aws: { immutableTags: true, retention: { untaggedDays: 0 } } }),
        message: ["aws.retention.untaggedDays = 0", "must be"],
    },
    {
        title: "a misspelt password key is refused without printing the password",
        args: fullArgs({ oci: [{ address: "ghcr.io", username: "bot", pasword: "hunter2-secret-value" }] as never }),
        message: ["oci[0].pasword = [secret]", "did you mean password?"],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "a registry object shown in a message masks its password",
        args: fullArgs({ oci: { address: "ghcr.io", username: "bot", password: "hunter2-secret-value" } as never }),
        message: ['oci = {"address":"ghcr.io","username":"bot","password":"[secret]"}: must be a list'],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "a credential under a short key such as pw is not printed",
        args: fullArgs({ oci: [{ address: "ghcr.io", username: "bot", pw: "hunter2-secret-value" }] as never }),
        message: ["oci[0].pw = [secret]: is not a known key"],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "a registry address carrying user:password@ is refused without printing the password",
        args: fullArgs({ oci: [{ address: "bot:hunter2-secret-value@ghcr.io" }] }),
        message: ['oci[0].address = "bot:[secret]@ghcr.io"', "a registry address is a host name"],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "a source URL with credentials is refused, since it would be written into the labels",
        args: localArgs({ sourceUrl: "https://bot:hunter2-secret-value@github.com/acme/payments" }),
        message: ['sourceUrl = "https://bot:[secret]@github.com/acme/payments"', "must not carry credentials"],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "an empty registry password is refused",
        args: fullArgs({ oci: [{ address: "ghcr.io", username: "bot", password: "" }] }),
        message: ["oci[0].password = [secret]: must not be empty"],
    },
    {
        title: "version latest is refused, since the latest setting owns that tag",
        args: localArgs({ version: "latest" }),
        message: ['version = "latest"', "the tag the `latest` setting controls"],
    },
    {
        title: "version buildcache is refused, since the build cache owns that tag",
        args: localArgs({ version: "buildcache" }),
        message: ['version = "buildcache"', "is the tag of the build cache"],
    },
    {
        title: "a commit equal to the version is refused",
        args: localArgs({ version: "0123abc", commit: "0123abc" }),
        message: ['commit = "0123abc"', "is the same tag as version"],
    },
    {
        title: "a build cache repository id over 63 characters is refused",
        name: "n".repeat(30), args: fullArgs({ domain: "d".repeat(28), aws: undefined, oci: undefined }),
        message: [`gcp (build cache repository id, from domain-name-cache) = "${"d".repeat(28)}-${"n".repeat(30)}-cache"`, "at most 63 characters"],
    },
    {
        title: "a mirror whose replacement lacks the prefix's trailing slash is refused",
        args: localArgs({ mirrors: { "gcr.io/distroless/": "mirror.example.com/distroless" } }),
        message: ['mirrors["gcr.io/distroless/"] = "mirror.example.com/distroless"', "both end with '/' or neither"],
    },
    {
        title: "a mirror prefix in uppercase is refused",
        args: localArgs({ mirrors: { "GCR.IO/": "mirror.example.com/" } }),
        message: ['mirrors["GCR.IO/"] (the prefix) = "GCR.IO/"', "in lowercase"],
    },
    {
        title: "a retention beyond a century is refused",
        args: fullArgs({ aws: { immutableTags: true, retention: { untaggedDays: 9007199254740991 } } }),
        message: ["aws.retention.untaggedDays = 9007199254740991", "must be a whole number from 1 to 36500"],
    },
    {
        title: "ksh as the entrypoint is refused like any shell",
        args: localArgs({ entrypoint: ["/bin/ksh", "-c", "./app"] }),
        message: ['entrypoint[0] = "/bin/ksh"', "distroless has no shell"],
    },
    {
        title: "a bare sh on a debug base is refused, asking for busybox's full path",
        args: localArgs({ base: { debug: true }, entrypoint: ["sh", "-c", "./app"] }),
        message: ['entrypoint[0] = "sh"', "give its full path, /busybox/sh"],
    },
    {
        title: "env APP_VERSION is refused, since the template sets it from version",
        args: localArgs({ env: { APP_VERSION: "9.9.9" } }),
        message: ['env.APP_VERSION = "9.9.9"', "set by the template from `version`"],
    },
    {
        title: "a local export path that is a directory is refused",
        args: localArgs({ localExport: { path: "demo" } }),
        message: ['localExport.path = "demo"', "is a directory"],
    },
    {
        title: "a registry given as an object masks every key but the public ones",
        args: fullArgs({ oci: { address: "ghcr.io", username: "bot", pat: "hunter2-secret-value" } as never }),
        message: ['oci = {"address":"ghcr.io","username":"bot","pat":"[secret]"}: must be a list'],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "a registry entry that is a bare string is not printed",
        args: fullArgs({ oci: [{ address: "registry.example.com" }, "hunter2-secret-value"] as never }),
        message: ["oci[1] = [secret]: must be an object"],
        absent: ["hunter2-secret-value"],
    },
    {
        title: "a mirror with credentials in it is refused without printing them",
        args: localArgs({ mirrors: { "gcr.io/distroless/": "bob:hunter2/secret@mirror.example.com/distroless/" } }),
        message: ['mirrors["gcr.io/distroless/"] = "bob:[secret]@mirror.example.com/distroless/"'],
        absent: ["hunter2"],
    },
    {
        title: "a source URL carrying a token is refused without printing it",
        args: localArgs({ sourceUrl: "https://ghp_hunter2token@github.com/acme/payments" }),
        message: ['sourceUrl = "https://[secret]@github.com/acme/payments"', "must not carry credentials"],
        absent: ["hunter2"],
    },
    {
        title: "a source URL with a slash in its password is refused without printing it",
        args: localArgs({ sourceUrl: "https://bob:hunter2/x@github.com/acme/payments" }),
        message: ["sourceUrl = \"https://bob:[secret]@github.com/acme/payments\"", "must be an absolute URL"],
        absent: ["hunter2"],
    },
    {
        title: "an ECR repository name with a doubled separator is refused",
        args: fullArgs({ aws: { immutableTags: true, repositoryName: "team__api" } }),
        message: ['aws.repositoryName = "team__api"', "separated by single"],
    },
    {
        title: "a Go main outside the build context is refused",
        args: localArgs({ main: "./../other" }),
        message: ['main = "./../other"', "a package path inside the context"],
    },
    {
        title: "GHCR without an owner is refused, asking for a namespace",
        args: fullArgs({ oci: [{ address: "ghcr.io", username: "bot", password: "p" }] }),
        message: ['oci[0].repository = "payments-payments-api"', "ghcr.io keeps images under an owner or organisation; set namespace"],
    },
    {
        title: "a huge value is shown cut, with its length",
        args: localArgs({ version: "v".repeat(100000) }),
        message: ["version = \"vvvv", "... (100002 characters)"],
        absent: ["v".repeat(300)],
    },
];

describe("validation", () => {
    for (const c of cases) {
        it(`${c.title}, before anything is registered`, async () => {
            reset();
            const name = c.name ?? "payments-api";
            assert.throws(() => new DistrolessApp(name, c.args), (err: Error) => {
                for (const fact of c.message) {
                    assert.ok(err.message.includes(fact), `message lacks ${JSON.stringify(fact)}:\n${err.message}`);
                }
                for (const secret of c.absent ?? []) {
                    assert.ok(!err.message.includes(secret), `message shows ${JSON.stringify(secret)}:\n${err.message}`);
                }
                return true;
            });
            await settle();
            assert.deepStrictEqual(recorded.resources.map((r) => r.name), [], "nothing may be registered");
        });
    }

    it("every broken rule is reported at once, one line each", () => {
        assert.throws(() => resolveAppSpec("Bad_Name", localArgs({ version: "1+x", commit: "zz" }) as never), (err: Error) => {
            const lines = err.message.split("\n").filter((l) => l.startsWith("  - "));
            assert.strictEqual(lines.length, 3, err.message);
            return true;
        });
    });

    it("null counts as absent, as on Pulumi's wire", () => {
        const spec = resolveAppSpec("payments-api", localArgs({ entrypoint: null, dockerfile: null, env: null } as never) as never);
        assert.ok("inline" in spec.dockerfile && spec.dockerfile.inline.includes('ENTRYPOINT ["/app"]'), "the template's Dockerfile and entrypoint are used");
    });

    it("a password of the wrong type is refused without being shown", () => {
        assert.throws(() => resolveAppSpec("payments-api", fullArgs({ oci: [{ address: "ghcr.io", username: "bot", password: 12345678 as never }] }) as never),
            (err: Error) => {
                assert.match(err.message, /oci\[0\]\.password = \[secret\]: must be a string \(give it as a secret\)/);
                assert.ok(!err.message.includes("12345678"), err.message);
                return true;
            });
    });

    it("a broken app name is reported once, not again in every name derived from it", () => {
        assert.throws(() => resolveAppSpec("Bad_Name", fullArgs() as never), (err: Error) => {
            const lines = err.message.split("\n").filter((l) => l.startsWith("  - "));
            assert.deepStrictEqual(lines.map((l) => l.split(" = ")[0]), ["  - name"], err.message);
            return true;
        });
    });

    it("allUsers is accepted as a reader when allowPublicPull is set", () => {
        const spec = resolveAppSpec("payments-api", fullArgs({
            allowPublicPull: true,
            gcp: { project: "acme-images", location: "europe-west1", readers: ["allUsers"], immutableTags: true },
        }) as never);
        assert.deepStrictEqual(spec.gcp?.readers, ["allUsers"]);
    });

    it("write access is never public, even with allowPublicPull", () => {
        assert.throws(() => resolveAppSpec("payments-api", fullArgs({
            allowPublicPull: true,
            gcp: { project: "acme-images", location: "europe-west1", writers: ["allUsers"], immutableTags: true },
        }) as never), /gcp.writers\[0\] = "allUsers": write access can never be public/);
    });

    it("a /busybox/sh entrypoint is allowed on a debug base", () => {
        const spec = resolveAppSpec("payments-api", localArgs({ base: { debug: true }, entrypoint: ["/busybox/sh", "-c", "./app"] }) as never);
        assert.ok(spec.base.image.reference.endsWith(":debug-nonroot"), spec.base.image.reference);
    });

    it("a Debian 12 base is allowed with a warning that its support ended", () => {
        const spec = resolveAppSpec("payments-api", localArgs({ base: { variant: "base", debian: 12 } }) as never);
        assert.strictEqual(spec.base.image.canonical, "gcr.io/distroless/base-debian12:nonroot");
        assert.ok(spec.warnings.some((w) => w.includes("support for Debian 12 ended in September 2026")), spec.warnings.join("\n"));
    });

    describe("values that arrive as Outputs", () => {
        it("are checked when known: no child is registered and the component fails with the same message", async () => {
            reset();
            const app = new DistrolessApp("late-app", localArgs({ version: pulumi.output("1.2.3+build") }));
            await assert.rejects(valueOf(app.digest), /version = "1.2.3\+build": .*semver build metadata/);
            await settle();
            assert.deepStrictEqual(recorded.resources.map((r) => r.type), ["distroless:index:DistrolessApp"]);
        });

        it("a public reader hidden in an Output is still refused", async () => {
            reset();
            const app = new DistrolessApp("late-public", fullArgs({
                gcp: pulumi.output({ project: "acme-images", location: "europe-west1", readers: ["allUsers"], immutableTags: true }),
            }));
            await assert.rejects(valueOf(app.imageRefs), /gcp.readers\[0\] = "allUsers": allUsers makes the repository public/);
            await settle();
            assert.deepStrictEqual(recorded.resources.map((r) => r.type), ["distroless:index:DistrolessApp"]);
        });

        it("valid Output values declare the same children once known", async () => {
            reset();
            const app = new DistrolessApp("late-ok", localArgs({ version: pulumi.output("2.0.0") }));
            assert.strictEqual(await valueOf(app.baseImage), "gcr.io/distroless/static-debian13:nonroot");
            await settle();
            assert.deepStrictEqual(recorded.resources.map((r) => r.type).sort(), ["distroless:index:DistrolessApp", "docker-build:index:Image"]);
        });
    });
});

describe("validation of values that are credentials or secrets", () => {
    it("the error's own problem list holds no credential, since runtimes print it with the error", () => {
        assert.throws(() => resolveAppSpec("payments-api", fullArgs({ oci: [{ address: "ghcr.io", namespace: "acme", username: "bot", pasword: "hunter2-secret-value" }] as never }) as never),
            (err: Error) => {
                assert.ok(!inspect(err, { depth: 10 }).includes("hunter2"), inspect(err, { depth: 10 }));
                return true;
            });
    });

    it("a secret given in env is refused once known, and its value is never shown", async () => {
        reset();
        const app = new DistrolessApp("leaky-app", localArgs({ env: { GH_PAT: pulumi.secret("ghp_hunter2secret") } }));
        await assert.rejects(valueOf(app.digest), (err: Error) => {
            assert.match(err.message, /env\.GH_PAT = \[secret\]: is a secret, and it would be written into the image/);
            assert.ok(!err.message.includes("hunter2"), err.message);
            return true;
        });
        await settle();
        assert.deepStrictEqual(recorded.resources.map((r) => r.type), ["distroless:index:DistrolessApp"]);
    });

    it("a secret value that breaks a rule is not shown in the message", async () => {
        reset();
        const app = new DistrolessApp("leaky-version", localArgs({ version: pulumi.secret("hunter2+build") }));
        await assert.rejects(valueOf(app.digest), (err: Error) => {
            assert.match(err.message, /version = \[secret\]: an OCI tag/);
            assert.ok(!err.message.includes("hunter2"), err.message);
            return true;
        });
    });

    it("a KMS alias or key id is accepted for ECR, as ECR documents", () => {
        for (const kmsKey of ["alias/aws/ecr", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]) {
            const spec = resolveAppSpec("payments-api", fullArgs({ aws: { immutableTags: true, kmsKey } }) as never);
            assert.strictEqual(spec.aws?.kmsKey, kmsKey);
        }
    });

    it("a domain-scoped project is written with a slash in Artifact Registry image paths", () => {
        const spec = resolveAppSpec("payments-api", fullArgs({ gcp: { project: "example.com:acme-images", location: "europe-west1", immutableTags: true } }) as never);
        assert.strictEqual(spec.gcp?.imagePath, "europe-west1-docker.pkg.dev/example.com/acme-images/payments-payments-api/payments-payments-api");
    });
});

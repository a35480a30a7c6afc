import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { resolveAppSpec } from "../components/spec";
import { applyMirrors, resolveImage } from "../components/base/reference";
import defaultPins from "../components/base/pins.json";
import { localArgs } from "./support/apps";
import { LoopbackRegistry } from "./support/registry";
import { ROOT } from "./support/plan";

const run = promisify(execFile);

describe("digest pins", function () {
    this.timeout(60000);
    const registry = new LoopbackRegistry();
    before(() => registry.start());
    after(() => registry.stop());

    it("npm run pin resolves each reference's current digest from a registry's HTTP API", async () => {
        const pushed = await registry.pushIndex("distroless/static-debian13", "nonroot");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pins-")), "pins.json");
        fs.writeFileSync(file, JSON.stringify({ "gcr.io/distroless/static-debian13:nonroot": "" }));
        const { stdout } = await run("npx", [
            "tsx", "tools/pin/cli.ts", "--file", file, "--mirror", `gcr.io/distroless/=${registry.address}/distroless/`,
        ], { cwd: ROOT });
        assert.match(stdout, /1 resolved, 0 failed/);
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, "utf8")), { "gcr.io/distroless/static-debian13:nonroot": pushed });
    });

    it("a reference the registry does not have fails the run and keeps its old value", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pins-")), "pins.json");
        const old = "sha256:" + "1".repeat(64);
        fs.writeFileSync(file, JSON.stringify({ "gcr.io/distroless/missing-debian13:nonroot": old }));
        const failure = await run("npx", [
            "tsx", "tools/pin/cli.ts", "--file", file, "--mirror", `gcr.io/distroless/=${registry.address}/distroless/`,
        ], { cwd: ROOT }).then(() => undefined, (err: { code?: number; stdout?: string; stderr?: string }) => err);
        assert.ok(failure, "the run must fail");
        assert.strictEqual(failure.code, 1);
        assert.match(failure.stdout ?? "", /0 resolved, 1 failed/);
        assert.match(failure.stderr ?? "", /missing-debian13:nonroot: .* answered 404/);
        assert.strictEqual(JSON.parse(fs.readFileSync(file, "utf8"))["gcr.io/distroless/missing-debian13:nonroot"], old);
    });

    it("the package's pin table lists every default base and builder reference", () => {
        const keys = Object.keys(defaultPins);
        for (const ref of ["gcr.io/distroless/python3-debian13:nonroot", "gcr.io/distroless/static-debian13:nonroot",
            "gcr.io/distroless/base-debian12:nonroot", "docker.io/library/debian:trixie-slim", "docker.io/library/golang:1.24-trixie"]) {
            assert.ok(keys.includes(ref), ref);
        }
        for (const digest of Object.values(defaultPins)) {
            assert.match(digest, /^(|sha256:[0-9a-f]{64})$/);
        }
    });

    it("an unpinned reference gets a warning and is used by tag, never with a made-up digest", () => {
        const spec = resolveAppSpec("tool", localArgs({ pins: {} }) as never);
        const unpinned = Object.entries(defaultPins).filter(([, d]) => d === "").map(([r]) => r);
        if (unpinned.includes("gcr.io/distroless/static-debian13:nonroot")) {
            assert.strictEqual(spec.base.image.reference, "gcr.io/distroless/static-debian13:nonroot");
            assert.strictEqual(spec.base.image.digest, undefined);
            assert.ok(spec.warnings.some((w) => w.startsWith("gcr.io/distroless/static-debian13:nonroot is not pinned")));
        } else {
            assert.match(spec.base.image.reference, /@sha256:[0-9a-f]{64}$/);
        }
    });

    it("stack pins override the table, and the pin is looked up before the mirror is applied", () => {
        const digest = "sha256:" + "b".repeat(64);
        const resolved = resolveImage("docker.io/library/golang:1.24-trixie", { "docker.io/library/golang:1.24-trixie": digest }, { "docker.io/": "mirror.example.com/hub/" });
        assert.strictEqual(resolved.reference, `mirror.example.com/hub/library/golang:1.24-trixie@${digest}`);
    });

    it("the longest matching mirror prefix wins", () => {
        const mirrors = { "gcr.io/": "a.example.com/", "gcr.io/distroless/": "b.example.com/d/" };
        assert.strictEqual(applyMirrors("gcr.io/distroless/cc-debian13:latest", mirrors), "b.example.com/d/cc-debian13:latest");
        assert.strictEqual(applyMirrors("gcr.io/other/x:1", mirrors), "a.example.com/other/x:1");
    });
});

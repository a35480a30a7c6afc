import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    APP_BASE, APP_PLATFORMS, Completed, MOCK_DIGEST, MockRun, PROGRAM, ROOT, TYPO_LINE, TYPO_PROGRAM,
    compile, install, lineOf, pack, readFromTarball, runUnderMocks, scaffold, tarballFiles,
} from "./support/consumer";

const COMPONENT = "distroless:index:DistrolessApp";
const IMAGE = "docker-build:index:Image";

/** Inside the repository, node would find the repository's own node_modules and hide a broken tarball. */
function outsideRepository(dir: string): boolean {
    const relative = path.relative(ROOT, dir);
    return relative.startsWith("..") || path.isAbsolute(relative);
}

describe("the packed tarball installs into a fresh Pulumi program, which compiles against its type declarations and runs under mocks", function () {
    // npm pack builds dist/, then npm installs the Pulumi SDK and three providers from its cache.
    this.timeout(300_000);

    let scratch: string;
    let program: string;
    let tarball: string;
    let files: string[];

    before(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "distroless-consumer-"));
        program = path.join(scratch, "program");
        assert.ok(outsideRepository(scratch), `${scratch} must lie outside ${ROOT}`);
        const packed = path.join(scratch, "pack");
        fs.mkdirSync(packed);
        tarball = await pack(packed);
        files = await tarballFiles(tarball);
        scaffold(program);
        await install(program, tarball);
    });

    after(() => {
        if (scratch) {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    });

    describe("the tarball", () => {
        it("holds the entry point and type declarations that package.json names", async () => {
            const manifest = JSON.parse(await readFromTarball(tarball, "package.json")) as { main: string; types: string };
            assert.strictEqual(manifest.main, "dist/components/index.js");
            assert.strictEqual(manifest.types, "dist/components/index.d.ts");
            for (const file of [manifest.main, manifest.types, "dist/components/distroless-app.d.ts", "dist/components/args.d.ts"]) {
                assert.ok(files.includes(file), `${file} is packed`);
            }
        });

        it("carries the pin table beside the compiled module that requires it, identical to the source table", async () => {
            // tsc (resolveJsonModule) copies pins.json into dist/, and pins.js requires it from there.
            assert.ok(files.includes("dist/components/base/pins.js"));
            assert.match(await readFromTarball(tarball, "dist/components/base/pins.js"), /require\("\.\/pins\.json"\)/);
            const packed: unknown = JSON.parse(await readFromTarball(tarball, "dist/components/base/pins.json"));
            const source: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, "components", "base", "pins.json"), "utf8"));
            assert.deepStrictEqual(packed, source);
            assert.ok(!files.includes("components/base/pins.json"), "one pin table in the package: the one the code reads");
        });

        it("leaves out the repository's stack program, its tools and its tests", () => {
            const foreign = files.filter((f) => /^(dist\/)?(index\.|program\/|tools\/|test\/|stacks\/|demo\/)/.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"));
            assert.deepStrictEqual(foreign, []);
        });
    });

    describe("the consumer program", () => {
        let built: Completed;
        let typo: Completed;
        let mocked: MockRun;

        before(async () => {
            // The two compilations are independent; only the mock run needs the emitted program.
            [built, typo] = await Promise.all([
                compile(program, "tsconfig.json", ["--listFiles"]),
                compile(program, "tsconfig.typo.json"),
            ]);
            assert.strictEqual(built.code, 0, `tsc failed:\n${built.stdout}${built.stderr}`);
            mocked = await runUnderMocks(program);
        });

        it("compiles under strict settings against the declarations installed from the tarball, not the repository's sources", () => {
            const used = built.stdout.split("\n").map((line) => line.trim()).filter((line) => line !== "");
            const installed = path.join(program, "node_modules", "pulumi-distroless", "dist", "components");
            assert.ok(used.includes(path.join(installed, "index.d.ts")), "index.d.ts of the installed package is compiled against");
            assert.ok(used.includes(path.join(installed, "args.d.ts")), "the args interfaces come from the tarball");
            assert.deepStrictEqual(used.filter((file) => !outsideRepository(file)), [], "nothing is read from the repository");
        });

        it("fails to compile when an argument has the wrong type (language: 42), so the declarations are really checked", () => {
            assert.notStrictEqual(typo.code, 0, "tsc accepted a number for language");
            const errors = typo.stdout.split("\n").filter((line) => / error TS\d+:/.test(line));
            const line = lineOf(TYPO_PROGRAM, TYPO_LINE);
            assert.strictEqual(errors.length, 1, typo.stdout);
            assert.match(errors[0], new RegExp(`^typo\\.ts\\(${line},\\d+\\): error TS2322: Type 'number' is not assignable`));
            assert.strictEqual(lineOf(PROGRAM, `    language: "go",`), line, "only the language line differs");
        });

        it("registers nothing when it merely imports the package, so the repository's stack program does not run", () => {
            assert.deepStrictEqual(mocked.registeredOnImport, []);
            assert.strictEqual(mocked.resolvedFrom, path.join(program, "node_modules", "pulumi-distroless", "dist", "components", "index.js"));
            for (const name of ["DistrolessApp", "VARIANTS", "LANGUAGES"]) {
                assert.ok(mocked.packageExports.includes(name), `the package exports ${name}`);
            }
        });

        it("declares a DistrolessApp whose docker-build Image is built for linux/amd64 and linux/arm64, and nothing in a cloud", () => {
            const components = mocked.resources.filter((r) => r.type === COMPONENT);
            const images = mocked.resources.filter((r) => r.type === IMAGE);
            assert.deepStrictEqual(components.map((r) => r.name), ["hello"]);
            assert.strictEqual(images.length, 1, `one image; registered: ${mocked.resources.map((r) => r.type).join(", ")}`);
            assert.deepStrictEqual(images[0].inputs.platforms, APP_PLATFORMS);
            assert.deepStrictEqual(mocked.resources.filter((r) => /^(aws|gcp):/.test(r.type)), [], "a local export needs no registry");
            assert.deepStrictEqual(mocked.outputs.platforms, APP_PLATFORMS);
        });

        it("passes the mock build's digest through to the program's outputs", () => {
            assert.strictEqual(mocked.outputs.digest, MOCK_DIGEST);
            assert.deepStrictEqual(mocked.outputs.imageRefs, { local: `oci-archive:out/hello.tar@${MOCK_DIGEST}` });
        });

        it("resolves the base image through the pin table packed in the tarball", async () => {
            const pins = JSON.parse(await readFromTarball(tarball, "dist/components/base/pins.json")) as Record<string, string>;
            const digest = pins[APP_BASE];
            assert.ok(digest !== undefined, `${APP_BASE} is in the pin table`);
            assert.strictEqual(mocked.outputs.baseImage, digest ? `${APP_BASE}@${digest}` : APP_BASE);
        });
    });
});

import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * A scratch Pulumi TypeScript program that depends on the packed tarball the
 * way a consumer's program would: installed from npm's cache, compiled with
 * tsc against the tarball's declarations and run with node under Pulumi's
 * mock runtime, in a process of its own.
 */

export const ROOT = path.resolve(__dirname, "..", "..");

/** Releases after 3.248 need Node.js 22; left unpinned, npm would pick one. */
export const PULUMI_VERSION = "3.248.0";
/** typescript 7 is outside @pulumi/pulumi's peer range and sends npm into an endless resolve. */
export const TYPESCRIPT_VERSION = "5.9.3";

/** The platforms the scratch app asks for. */
export const APP_PLATFORMS = ["linux/amd64", "linux/arm64"];
/** The digest the mock provider gives every image build. */
export const MOCK_DIGEST = "sha256:" + "c".repeat(64);
/** The reference the scratch app's base resolves to before pinning: static, Debian 13, nonroot. */
export const APP_BASE = "gcr.io/distroless/static-debian13:nonroot";

export interface Completed {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs a command to completion; a non-zero exit is a result, not an exception. */
export function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Completed> {
    return new Promise((resolve, reject) => {
        execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (error && typeof error.code !== "number") {
                // Not an exit status: the command could not start or was killed on timeout.
                reject(new Error(`${command} ${args.join(" ")}: ${error.message}\n${stderr}`));
                return;
            }
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        });
    });
}

export async function runOrThrow(command: string, args: string[], cwd: string): Promise<Completed> {
    const done = await run(command, args, cwd);
    if (done.code !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited with ${done.code}\n${done.stdout}\n${done.stderr}`);
    }
    return done;
}

/** `npm pack` (its prepack script builds dist/) into `destination`; returns the tarball's path. */
export async function pack(destination: string): Promise<string> {
    await runOrThrow("npm", ["pack", "--pack-destination", destination], ROOT);
    const tarballs = fs.readdirSync(destination).filter((f) => f.endsWith(".tgz"));
    if (tarballs.length !== 1) {
        throw new Error(`expected one tarball in ${destination}, found: ${tarballs.join(", ") || "none"}`);
    }
    return path.join(destination, tarballs[0]);
}

/** The archive's file paths, without npm's leading `package/`. */
export async function tarballFiles(tarball: string): Promise<string[]> {
    const { stdout } = await runOrThrow("tar", ["-tzf", tarball], path.dirname(tarball));
    return stdout.split("\n").filter((line) => line !== "" && !line.endsWith("/")).map((line) => line.replace(/^package\//, ""));
}

export async function readFromTarball(tarball: string, file: string): Promise<string> {
    const { stdout } = await runOrThrow("tar", ["-xzOf", tarball, `package/${file}`], path.dirname(tarball));
    return stdout;
}

/** The versions the repository develops against, so the consumer meets the same peers. */
export function devDependency(name: string): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    const version = manifest.devDependencies[name];
    if (version === undefined) {
        throw new Error(`${name} is not a devDependency`);
    }
    return version;
}

/** The consumer's program: one app, built only into a local OCI tarball so no cloud is involved. */
export const PROGRAM = `import { DistrolessApp, VARIANTS, LANGUAGES } from "pulumi-distroless";

// The closed sets are exported for callers to check against before declaring.
if (!LANGUAGES.includes("go") || !VARIANTS.includes("static")) {
    throw new Error("the package no longer offers go on static");
}

const app = new DistrolessApp("hello", {
    domain: "shop",
    language: "go",
    context: "./app",
    version: "1.0.0",
    base: { variant: "static", debian: 13, nonroot: true },
    platforms: ${JSON.stringify(APP_PLATFORMS)},
    localExport: { path: "out/hello.tar" },
});

export const platforms = app.platforms;
export const baseImage = app.baseImage;
export const digest = app.digest;
export const imageRefs = app.imageRefs;
`;

/** The same program with a number where the declarations want a string. */
export const TYPO_LINE = "    language: 42,";
export const TYPO_PROGRAM = replaceOnce(PROGRAM, `    language: "go",`, TYPO_LINE);

/**
 * Installs mocks with the program's own @pulumi/pulumi before anything else
 * loads it, imports the package alone, then the compiled program, and writes
 * what the mock monitor saw to the file named by its argument.
 */
const MOCK_RUNNER = `"use strict";
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");

const resources = [];
pulumi.runtime.setMocks({
    newResource(args) {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state = { ...args.inputs };
        if (args.type === "docker-build:index:Image") {
            state.digest = ${JSON.stringify(MOCK_DIGEST)};
        }
        return { id: args.name + "-id", state };
    },
    call() {
        return {};
    },
}, "consumer", "dev", false);

// Registrations reach the mock monitor asynchronously.
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
const valueOf = (output) => new Promise((resolve) => output.apply((value) => { resolve(value); return value; }));

async function main() {
    const pkg = require("pulumi-distroless");
    await settle();
    const registeredOnImport = resources.map((r) => r.type + " " + r.name);
    const packageExports = Object.keys(pkg).sort();

    const program = require("./bin/index.js");
    const outputs = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = pulumi.Output.isInstance(value) ? await valueOf(value) : value;
    }
    await settle();
    const resolvedFrom = require.resolve("pulumi-distroless");
    fs.writeFileSync(process.argv[2], JSON.stringify({ registeredOnImport, packageExports, resolvedFrom, resources, outputs }, null, 2));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
`;

/** Pulumi's TypeScript template settings (strict, CommonJS), with plain error text to match on. */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        pretty: false,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

const TYPO_TSCONFIG = { extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: ["typo.ts"] };

export const RESULT_FILE = "mock-result.json";

/** Writes the scratch program's files; its dependencies come from `install`. */
export function scaffold(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const files: Record<string, string> = {
        "package.json": json({ name: "distroless-consumer", version: "0.0.0", private: true, main: "bin/index.js" }),
        "Pulumi.yaml": "name: distroless-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: bin/index.js\n",
        "tsconfig.json": json(TSCONFIG),
        "tsconfig.typo.json": json(TYPO_TSCONFIG),
        "index.ts": PROGRAM,
        "typo.ts": TYPO_PROGRAM,
        "mock-run.js": MOCK_RUNNER,
    };
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    // The app's build context: the component checks that it exists.
    fs.mkdirSync(path.join(dir, "app"), { recursive: true });
    fs.writeFileSync(path.join(dir, "app", "go.mod"), "module example.com/hello\n\ngo 1.24\n");
    fs.writeFileSync(path.join(dir, "app", "main.go"), "package main\n\nfunc main() {}\n");
}

/** Installs the tarball with pinned peers; npm's cache already holds them, so no network is needed. */
export async function install(dir: string, tarball: string): Promise<void> {
    const packages = [
        tarball,
        `@pulumi/pulumi@${PULUMI_VERSION}`,
        ...["@pulumi/aws", "@pulumi/gcp", "@pulumi/docker-build", "@types/node"].map((name) => `${name}@${devDependency(name)}`),
        `typescript@${TYPESCRIPT_VERSION}`,
    ];
    await runOrThrow("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-exact", ...packages], dir);
}

/** tsc from the program's own node_modules, so the pinned compiler is the one used. */
export function compile(dir: string, project: string, extra: string[] = []): Promise<Completed> {
    return run(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", project, ...extra], dir);
}

export interface MockRun {
    registeredOnImport: string[];
    packageExports: string[];
    resolvedFrom: string;
    resources: { type: string; name: string; inputs: Record<string, unknown> }[];
    outputs: Record<string, unknown>;
}

export async function runUnderMocks(dir: string): Promise<MockRun> {
    const result = path.join(dir, RESULT_FILE);
    await runOrThrow(process.execPath, ["mock-run.js", result], dir);
    return JSON.parse(fs.readFileSync(result, "utf8")) as MockRun;
}

/** 1-based line of the first line equal to `line`. */
export function lineOf(text: string, line: string): number {
    const index = text.split("\n").indexOf(line);
    if (index < 0) {
        throw new Error(`line not found: ${line}`);
    }
    return index + 1;
}

function replaceOnce(text: string, from: string, to: string): string {
    if (text.split(from).length !== 2) {
        throw new Error(`expected exactly one ${JSON.stringify(from)}`);
    }
    return text.replace(from, to);
}

function json(value: unknown): string {
    return JSON.stringify(value, null, 4) + "\n";
}

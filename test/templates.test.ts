import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultDockerignore, ensureDockerignore } from "../components/build/dockerignore";
import { librariesProvidedBy } from "../components/build/templates/python";
import { variantFacts } from "../components/base/catalogue";
import { resolveAppSpec } from "../components/spec";
import { localArgs } from "./support/apps";
import { ROOT } from "./support/plan";

function dockerfileOf(name: string, args: Parameters<typeof localArgs>[0]): string {
    const spec = resolveAppSpec(name, localArgs(args) as never);
    if (!("inline" in spec.dockerfile)) {
        throw new Error("expected an inline Dockerfile");
    }
    return spec.dockerfile.inline;
}

function stages(dockerfile: string): string[][] {
    const result: string[][] = [];
    for (const line of dockerfile.split("\n")) {
        if (line.startsWith("FROM ")) {
            result.push([]);
        }
        result[result.length - 1]?.push(line);
    }
    return result;
}

describe("language templates", () => {
    const python = dockerfileOf("hello-python", { language: "python", context: "demo/hello_python" });
    const go = dockerfileOf("hello-go", { language: "go" });
    const seedPython = dockerfileOf("seed-python", { language: "python", context: "demo/hello_python", main: "hello_python", base: { variant: "base", debian: 12 } });

    it("stay within what Docker 20.10's embedded BuildKit parses: no syntax line, heredoc or COPY --link", () => {
        for (const text of [python, go, seedPython]) {
            assert.ok(!/^#\s*syntax=/m.test(text), "a syntax line pulls a frontend image");
            assert.ok(!/<<-?\s*["']?[A-Z]+/.test(text), "heredocs need a newer frontend");
            assert.ok(!text.includes("--link"), "COPY --link needs a newer frontend");
        }
    });

    it("a Python app runs `python -m` of a module named after the app, in exec form, as uid 65532", () => {
        const runtime = stages(python).pop() as string[];
        assert.strictEqual(runtime[0], "FROM gcr.io/distroless/python3-debian13:nonroot");
        assert.ok(runtime.includes('ENTRYPOINT ["/opt/venv/bin/python3","-m","hello_python"]'), runtime.join("\n"));
        assert.ok(runtime.includes("USER 65532:65532"));
    });

    it("a Python app's dependencies are installed in a layer before its code is copied", () => {
        const depsCopy = python.indexOf("COPY pyproject.tom[l] requirements.tx[t] ./");
        const codeCopy = python.indexOf("COPY . .");
        assert.ok(depsCopy > 0 && codeCopy > depsCopy, "the dependency manifest is copied before the code");
        assert.ok(python.includes("--no-build-isolation --no-index"), "the app is built without fetching from PyPI");
        assert.ok(python.includes("compileall"), "bytecode is compiled at build time");
    });

    it("a Python app on the Debian 12 base brings Debian 12's interpreter and zlib, which base-debian12 lacks", () => {
        assert.ok(seedPython.includes("FROM docker.io/library/debian:bookworm-slim AS python-builder"));
        assert.ok(seedPython.includes("COPY --from=python-interpreter /runtime/ /"));
        const provided = librariesProvidedBy(variantFacts("base", 12)!);
        assert.ok(!provided.includes("libz.so.*"), "zlib must be copied in for base-debian12");
        assert.ok(librariesProvidedBy(variantFacts("base", 13)!).includes("libz.so.*"), "base-debian13 has zlib");
    });

    it("a Go app is cross-compiled on the build platform without cgo or toolchain downloads, onto static", () => {
        const [builder, runtime] = stages(go);
        assert.match(builder[0], /^FROM --platform=\$BUILDPLATFORM \S+golang:\S+ AS go-builder$/);
        assert.ok(builder.includes("ENV CGO_ENABLED=0 GOTOOLCHAIN=local"));
        assert.ok(builder.some((l) => l.includes("GOOS=$TARGETOS GOARCH=$TARGETARCH go build")));
        assert.ok(builder.indexOf("RUN go mod download") < builder.indexOf("COPY . ."), "modules download before the source is copied");
        assert.strictEqual(runtime[0], "FROM gcr.io/distroless/static-debian13:nonroot");
        assert.ok(runtime.includes('ENTRYPOINT ["/app"]'));
    });

    it("the version reaches the build as VERSION and the app as APP_VERSION", () => {
        const spec = resolveAppSpec("hello-go", localArgs({ version: "4.5.6" }) as never);
        assert.strictEqual(spec.buildArgs.VERSION, "4.5.6");
        assert.ok(go.includes("ENV APP_VERSION=$VERSION"));
    });

    it("environment values are quoted so they arrive verbatim", () => {
        const text = dockerfileOf("hello-go", { language: "go", env: { GREETING: 'say "hi" for $5' } });
        assert.ok(text.includes('ENV GREETING="say \\"hi\\" for \\$5"'), text);
    });
});

describe("the default .dockerignore", () => {
    it("the demo apps ship exactly the default for their language", () => {
        for (const [dir, language] of [["demo/hello_python", "python"], ["demo/hello_go", "go"]]) {
            assert.strictEqual(fs.readFileSync(path.join(ROOT, dir, ".dockerignore"), "utf8"), defaultDockerignore(language), dir);
        }
    });

    it("is written into a context that has none, and an app's own is left alone", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "context-"));
        try {
            assert.strictEqual(ensureDockerignore(dir, "python"), true);
            const written = fs.readFileSync(path.join(dir, ".dockerignore"), "utf8");
            assert.ok(written.includes("**/__pycache__") && written.includes(".git"));
            fs.writeFileSync(path.join(dir, ".dockerignore"), "mine\n");
            assert.strictEqual(ensureDockerignore(dir, "python"), false);
            assert.strictEqual(fs.readFileSync(path.join(dir, ".dockerignore"), "utf8"), "mine\n");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

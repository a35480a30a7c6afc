import { DebianRelease, VariantFacts } from "../../base/catalogue";
import { LanguageTemplate, TemplateInput } from "../template";
import { dockerfile, renderEnv, renderRuntime } from "./dockerfile";

/**
 * Python: a builder on the runtime's own Debian release makes a virtualenv
 * whose interpreter path (/usr/bin/python3) exists in the distroless image,
 * so the venv is simply copied across. The layers are ordered by how often
 * they change: interpreter (only on bases without Python), dependencies,
 * then the app's own code, so a code change rebuilds only the last layer.
 */

/** The builder per Debian release: Debian's own Python matches the runtime's. */
export const PYTHON_BUILDERS: Readonly<Record<DebianRelease, string>> = {
    12: "docker.io/library/debian:bookworm-slim",
    13: "docker.io/library/debian:trixie-slim",
};

/**
 * What the builder needs from apt. pip, setuptools and wheel come from Debian
 * so that building the app (with `--no-build-isolation`) fetches nothing from
 * PyPI; bookworm's setuptools still needs the separate `wheel` package.
 */
export const PYTHON_BUILD_PACKAGES: readonly string[] = [
    "python3",
    "python3-venv",
    "python3-dev",
    "python3-pip",
    "python3-setuptools",
    "python3-wheel",
    "gcc",
    "libc6-dev",
];

export const VENV = "/opt/venv";
export const APP_DIR = "/opt/app";
/** The builder's pip, run for the venv's interpreter (pip 22.3+; bookworm has 23.0). */
const PIP_INTO_VENV = `python3 -m pip --python ${VENV}/bin/python`;

/** Shared objects of glibc: every base with glibc has them, the interpreter layer leaves them out. */
const GLIBC_LIBRARIES = [
    "ld-linux-*", "libc.so.*", "libm.so.*", "libpthread.so.*", "libdl.so.*", "librt.so.*",
    "libutil.so.*", "libresolv.so.*", "libanl.so.*", "libnss_*", "libmvec.so.*",
];

/** Libraries a variant already provides, as shell `case` patterns. */
export function librariesProvidedBy(facts: VariantFacts): string[] {
    const provided = [...GLIBC_LIBRARIES];
    if (facts.openssl) provided.push("libssl.so.*", "libcrypto.so.*");
    if (facts.zlib) provided.push("libz.so.*");
    if (facts.cxx) provided.push("libgcc_s.so.*", "libstdc++.so.*", "libgomp.so.*");
    return provided;
}

/** Extracts `[project].dependencies` from pyproject.toml (tomllib: Python 3.11+). */
const PYPROJECT_DEPENDENCIES =
    "import pathlib, tomllib; p = pathlib.Path('pyproject.toml'); " +
    "deps = tomllib.loads(p.read_text()).get('project', {}).get('dependencies', []) if p.exists() else []; " +
    "pathlib.Path('from-pyproject.txt').write_text(''.join(d + chr(10) for d in deps))";

function builderStage(input: TemplateInput): string[] {
    const builder = input.resolveImage(PYTHON_BUILDERS[input.base.debian]);
    const packages = PYTHON_BUILD_PACKAGES.join(" ");
    return [
        "# Builder: same Debian release and target platform as the runtime, so the",
        "# venv's interpreter path and C extensions fit the distroless image.",
        `FROM ${builder} AS python-builder`,
        "ENV DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1",
        // Skips apt entirely when the builder already carries the packages.
        `RUN dpkg -s ${packages} >/dev/null 2>&1 || { apt-get update && apt-get install -y --no-install-recommends ${packages} && rm -rf /var/lib/apt/lists/*; }`,
        // The .pth file puts the app's directory on the venv's path; it lives in
        // the dependency layer so the app layer holds nothing but the app.
        // No pip in the venv: the builder's own pip installs into it (pip --python), so
        // the image carries neither pip nor setuptools.
        `RUN python3 -m venv --without-pip ${VENV} && ${VENV}/bin/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], '_app.pth').write_text('${APP_DIR}\\n')"`,
    ];
}

function interpreterStage(facts: VariantFacts): string[] {
    const provided = librariesProvidedBy(facts).join("|");
    return [
        "# The base has no Python: bring Debian's interpreter, its standard library and",
        "# every shared library they load that the base does not already provide.",
        "FROM python-builder AS python-interpreter",
        "RUN set -eu; " +
            "py=\"$(readlink -f /usr/bin/python3)\"; ver=\"$(basename \"$py\")\"; " +
            "multiarch=\"$(python3 -c 'import sysconfig; print(sysconfig.get_config_var(\"MULTIARCH\"))')\"; " +
            "libdir=\"/runtime/usr/lib/$multiarch\"; mkdir -p /runtime/usr/bin \"$libdir\"; " +
            "cp -a \"$py\" /runtime/usr/bin/; ln -s \"$ver\" /runtime/usr/bin/python3; " +
            "cp -a \"/usr/lib/$ver\" /runtime/usr/lib/; " +
            "rm -rf /runtime/usr/lib/$ver/test /runtime/usr/lib/$ver/ensurepip /runtime/usr/lib/$ver/idlelib " +
            "/runtime/usr/lib/$ver/turtledemo /runtime/usr/lib/$ver/config-*; " +
            "find /runtime -xtype l -delete; " +
            // glibc loads libgcc_s at run time for thread cancellation; ldd cannot see it.
            "extra=\"$(find /usr/lib/$multiarch /lib/$multiarch -maxdepth 1 -name 'libgcc_s.so.1' 2>/dev/null | head -n1)\"; " +
            "for lib in $( { ldd \"$py\"; for so in /usr/lib/$ver/lib-dynload/*.so; do ldd \"$so\"; done; } " +
            "| awk '$2 == \"=>\" && $3 ~ /^\\// { print $3 }' | sort -u) $extra; do " +
            `case "$(basename "$lib")" in ${provided}) ;; *) cp -L "$lib" "$libdir/" ;; esac; done; ` +
            "python3 -m compileall -q /runtime/usr/lib/$ver",
    ];
}

function depsStage(): string[] {
    return [
        "# Third-party dependencies only: this layer survives changes to the app's code.",
        "FROM python-builder AS python-deps",
        "WORKDIR /build/deps",
        // The bracket globs match nothing when a file is absent, which BuildKit accepts.
        "COPY pyproject.tom[l] requirements.tx[t] ./",
        `RUN ${VENV}/bin/python -c "${PYPROJECT_DEPENDENCIES}" && touch requirements.txt && ` +
            "cat requirements.txt from-pyproject.txt > all.txt && " +
            "if grep -qv '^[[:space:]]*\\(#.*\\)\\?$' all.txt; then " +
            `${PIP_INTO_VENV} install -r all.txt; fi && ${VENV}/bin/python -m compileall -q ${VENV}`,
    ];
}

function appStage(): string[] {
    return [
        "# The app's own code: built with the builder's setuptools (nothing from PyPI),",
        "# installed beside the venv and compiled to bytecode.",
        "FROM python-deps AS python-app",
        "WORKDIR /build/src",
        "COPY . .",
        `RUN set -eu; mkdir -p ${APP_DIR}; ` +
            "if [ -f pyproject.toml ] || [ -f setup.py ]; then " +
            "python3 -m pip wheel --no-deps --no-build-isolation --no-index --wheel-dir /build/wheels . && " +
            `${PIP_INTO_VENV} install --no-deps --no-index --no-compile --target ${APP_DIR} /build/wheels/*.whl; ` +
            `else cp -a . ${APP_DIR}/; fi; ` +
            `${VENV}/bin/python -m compileall -q --invalidation-mode unchecked-hash ${APP_DIR}`,
    ];
}

function render(input: TemplateInput): string {
    const facts = input.base.facts;
    if (!facts.glibc) {
        throw new Error(`python needs a base with glibc; ${input.base.variant} has none`);
    }
    const stages: string[][] = [builderStage(input)];
    if (!facts.python) {
        stages.push(interpreterStage(facts));
    }
    stages.push(depsStage(), appStage());

    const runtime = [`FROM ${input.baseImage}`];
    if (!facts.python) {
        runtime.push("COPY --from=python-interpreter /runtime/ /");
    }
    runtime.push(
        `COPY --from=python-deps ${VENV} ${VENV}`,
        `COPY --from=python-app ${APP_DIR} ${APP_DIR}`,
        `ENV PATH=${VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin VIRTUAL_ENV=${VENV} PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1`,
        ...renderEnv(input.env),
        ...renderRuntime({
            nonroot: input.base.nonroot,
            entrypoint: input.entrypoint ?? [`${VENV}/bin/python3`, "-m", input.main],
            cmd: input.cmd,
        }),
    );
    stages.push(runtime);
    return dockerfile(stages);
}

export const python: LanguageTemplate = {
    language: "python",
    defaultVariant: "python3",
    // hello-python runs `python -m hello_python`: a package named after the app.
    defaultMain: (appName) => appName.replace(/-/g, "_"),
    supports: (facts) => facts.glibc,
    requirement: "python needs a base with glibc (python3, cc, base or base-nossl); static has no C library for the interpreter",
    builderImages: (debian) => [PYTHON_BUILDERS[debian]],
    render,
};

// ESLint flat configuration for the component, the stack program, the tools and the tests.
import { createRequire } from "node:module";
import { defineConfig } from "eslint/config";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

// ESLint's own recommended rules ship in @eslint/js, a dependency of eslint itself;
// resolving it from eslint's location keeps the two in step without a second pin.
const js = createRequire(import.meta.resolve("eslint"))("@eslint/js");

const TS_FILES = ["**/*.ts", "**/*.mts", "**/*.cts"];

export default defineConfig(
    {
        // Build output, installed packages and the image lab's caches are not source.
        // The demo apps are Go and Python; only TypeScript there would be ours to lint,
        // so its directories stay visible while every other file in them is skipped.
        ignores: [
            "**/node_modules/",
            "dist/",
            ".lab-cache/",
            ".lab-out/",
            "demo/**/*",
            "!demo/**/",
            "!demo/**/*.ts",
        ],
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        extends: [js.configs.recommended],
    },
    {
        files: TS_FILES,
        extends: [js.configs.recommended, tseslint.configs.recommended],
        languageOptions: {
            parserOptions: {
                // The Pulumi rules ask the type checker whether an interpolated value is an Output.
                projectService: true,
                tsconfigRootDir: import.meta.dirname,
            },
        },
        // The plugin exports only `rules` (no flat `configs`), so it is registered under its own namespace.
        plugins: { "@pulumi": pulumi },
        rules: {
            // A plain template literal stringifies an Output to a warning text instead of its value.
            "@pulumi/no-output-in-template-literal": "error",
            // Its sibling, no-output-instance-in-template-literal, is left off: it matches the type
            // alias name OutputInstance, which @pulumi/pulumi declares as an interface, so it never fires.

            // The validation code guards a check on a type predicate, `isString(f, k, v) && check(f, k, v)`,
            // so the right side sees the narrowed type, and counters pick a side with `ok ? a++ : b++`.
            // The rule still demands that the chosen side has an effect, so `ok && value;` stays an error.
            "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
            // tsc's noUnusedParameters lets a `_`-prefixed parameter stand for a required position; so does lint.
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
);

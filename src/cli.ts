#!/usr/bin/env node
/**
 * The `k8s-labs` and `labs` executables. Each command runs from a bundle of its own,
 * `dist/cmd/<name>.js`, that holds everything the command may load (what it uses only sometimes,
 * such as the terminal guide's Ink app, is evaluated on first use): one file to resolve and compile
 * per run instead of a graph of shared chunks, and one copy of every module in the process.
 */
import module from 'node:module';
import { bundleFor } from './cli/commandNames.js';

// Node 22+ keeps compiled code between runs, which cuts start-up; Node 20 has no such cache. It
// must be on before the bundle loads.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// A URL built at run time, so the bundler leaves the import to Node.
await import(new URL(`./cmd/${bundleFor(process.argv[2])}.js`, import.meta.url).href);

// Loads the web-tree-sitter runtime and the C/C++ grammars once per process.
// The build copies web-tree-sitter.wasm, tree-sitter-c.wasm and tree-sitter-cpp.wasm into
// dist/wasm/; bundles live at dist/<area>/<name>.js (or deeper for tests), so the default is to
// search upward from this bundle's directory for `wasm/tree-sitter-c.wasm`, then fall back to the
// packages in node_modules (running from sources).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Language, Parser } from 'web-tree-sitter';
import { enableFastNodes } from './fastNodes';

// Loaded with require() on purpose: the bundles are CommonJS, and an ES `import` makes esbuild pick
// the package's ESM build, whose `import.meta.url` is empty in a CommonJS bundle (Parser.init then
// fails in createRequire). require() selects the package's own CommonJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const treeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');

export interface LoadedGrammars {
  parser: Parser;
  c: Language;
  cpp: Language;
}

let loaded: LoadedGrammars | null = null;
let loading: Promise<LoadedGrammars> | null = null;

interface WasmPaths {
  runtime: string;
  c: string;
  cpp: string;
}

function fromWasmDir(dir: string): WasmPaths | null {
  const p: WasmPaths = {
    runtime: join(dir, 'web-tree-sitter.wasm'),
    c: join(dir, 'tree-sitter-c.wasm'),
    cpp: join(dir, 'tree-sitter-cpp.wasm'),
  };
  return existsSync(p.runtime) && existsSync(p.c) && existsSync(p.cpp) ? p : null;
}

function fromNodeModules(dir: string): WasmPaths | null {
  const nm = join(dir, 'node_modules');
  const p: WasmPaths = {
    runtime: join(nm, 'web-tree-sitter', 'web-tree-sitter.wasm'),
    c: join(nm, 'tree-sitter-c', 'tree-sitter-c.wasm'),
    cpp: join(nm, 'tree-sitter-cpp', 'tree-sitter-cpp.wasm'),
  };
  return existsSync(p.runtime) && existsSync(p.c) && existsSync(p.cpp) ? p : null;
}

/** Finds the three WASM files: an explicit directory, else `wasm/` (or `dist/wasm/`) above this bundle, else node_modules. */
export function locateWasm(wasmDir?: string): WasmPaths {
  if (wasmDir !== undefined) {
    const p = fromWasmDir(wasmDir);
    if (p) return p;
    throw new Error(`StackLens: tree-sitter WASM files not found in ${wasmDir}`);
  }
  const starts = [typeof __dirname === 'string' ? __dirname : process.cwd(), process.cwd()];
  for (const start of starts) {
    for (let dir = start, i = 0; i < 12; i++) {
      const p = fromWasmDir(join(dir, 'wasm')) ?? fromWasmDir(join(dir, 'dist', 'wasm'));
      if (p) return p;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  for (const start of starts) {
    for (let dir = start, i = 0; i < 12; i++) {
      const p = fromNodeModules(dir);
      if (p) return p;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('StackLens: tree-sitter WASM files not found (run the build, which copies them to dist/wasm)');
}

export function loadGrammars(wasmDir?: string): Promise<LoadedGrammars> {
  if (loaded) return Promise.resolve(loaded);
  if (loading) return loading;
  loading = (async (): Promise<LoadedGrammars> => {
    const paths = locateWasm(wasmDir);
    // Emscripten makes this options object the module itself: fastNodes.ts uses its exports.
    const moduleOptions = { locateFile: (name: string) => (name.endsWith('.wasm') ? paths.runtime : name) };
    await treeSitter.Parser.init(moduleOptions);
    const c = await treeSitter.Language.load(paths.c);
    const cpp = await treeSitter.Language.load(paths.cpp);
    const parser = new treeSitter.Parser();
    if (process.env.STACKLENS_FAST_NODES !== '0') enableFastNodes(moduleOptions, treeSitter.Node.prototype, parser, [c, cpp]);
    loaded = { parser, c, cpp };
    return loaded;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** The loaded grammars, or null before `initParser` has completed. */
export function grammars(): LoadedGrammars | null {
  return loaded;
}


// Shared helpers for the parser tests: locating fixtures and parsing them once initialised.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSummary, Flow, FunctionDecl } from '../../../server/src/analysis/model';
import { initParser, parseSource, type ParseOptions } from '../../../server/src/analysis/parse/index';

export function fixturePath(name: string): string {
  for (let dir = __dirname, i = 0; i < 8; i++) {
    const p = join(dir, 'test', 'fixtures', 'parse', name);
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error(`fixture not found: ${name}`);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

let ready: Promise<void> | null = null;
export function ensureParser(): Promise<void> {
  if (!ready) ready = initParser();
  return ready;
}

export async function parseFixture(name: string, opts?: ParseOptions): Promise<FileSummary> {
  await ensureParser();
  return parseSource(readFixture(name), fixturePath(name), opts);
}

export async function parseText(text: string, file = 'test.c', opts?: ParseOptions): Promise<FileSummary> {
  await ensureParser();
  return parseSource(text, file, opts);
}

/** The definition (or, failing that, the first declaration) of a function by name. */
export function fn(s: FileSummary, name: string): FunctionDecl {
  const f = s.functions.find((x) => (x.name === name || x.qualifiedName === name) && x.isDefinition) ?? s.functions.find((x) => x.name === name || x.qualifiedName === name);
  if (!f) throw new Error(`function ${name} not found in ${s.file}: ${s.functions.map((x) => x.qualifiedName).join(', ')}`);
  return f;
}

/** A compact rendering of a flow tree with callee names, for shape assertions. */
export function flowShape(f: FunctionDecl, flow: Flow | undefined = f.flow): string {
  if (!flow) return '';
  switch (flow.k) {
    case 'call':
      return f.calls[flow.call]?.calleeName ?? '?';
    case 'seq':
      return flow.items.map((x) => flowShape(f, x)).join(' ');
    case 'if':
      return `if{${flowShape(f, flow.then)}}${flow.else ? `else{${flowShape(f, flow.else)}}` : ''}`;
    case 'loop':
      return `loop{${flowShape(f, flow.body)}}`;
    case 'switch':
      return `switch${flow.hasDefault ? '+default' : ''}{${flow.cases.map((c) => `[${flowShape(f, c)}]`).join('')}}`;
    case 'try':
      return `try{${flowShape(f, flow.body)}}${flow.handler ? `except{${flowShape(f, flow.handler)}}` : ''}${flow.finally ? `finally{${flowShape(f, flow.finally)}}` : ''}`;
    case 'return':
      return 'return';
    case 'break':
      return 'break';
    case 'continue':
      return 'continue';
    case 'goto':
      return `goto:${flow.label}`;
    case 'label':
      return `label:${flow.name}`;
    case 'assign':
      return `${flow.lhs}=${flow.addressOf ? '&' : ''}${flow.rhsIdent}`;
  }
}

/** The plain JSON shape of a summary value (ranges are CompactRange objects in memory). */
export function plain<T>(value: T): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

// The seam between the engine (workspace.ts) and the type layout / frame estimation modules.
// The engine only needs these few questions answered; keeping them behind one interface lets the
// workspace cache per file and lets tests count how often layout work is redone.

import type { Arch, BuildConfig, FileSummary, FunctionDecl, Range, RecordDecl, TypeRef } from './model';
import type { FrameEstimate } from './results';
import type { FrameTotals } from './frame/frameEstimate';

export interface SizeAlign {
  size: number | null;
  align: number | null;
}

export interface TypeDefinitionSite {
  name: string;
  file: string;
  range: Range;
  record?: RecordDecl;
}

export interface TypeEngine {
  /** Index every type of the workspace (records, typedefs, enums, defines). Called when any file's types change. */
  rebuild(summaries: readonly FileSummary[]): void;
  /** The user's defines (settings / `--define`): they override workspace `#define`s in constant expressions. */
  setDefines(defines: Record<string, string>): void;
  /** sizeof/alignof of an object declared with `t` (arrays included) in `file`. */
  sizeOf(t: TypeRef, file: string, arch: Arch, config: BuildConfig, inline?: RecordDecl): SizeAlign;
  /** sizeOf in both configurations (the checked one is the free one when its layout read nothing DBG changes). */
  sizesOf(t: TypeRef, file: string, arch: Arch, inline?: RecordDecl): Record<BuildConfig, SizeAlign>;
  /** sizeof/alignof of a record definition. */
  recordLayout(record: RecordDecl, arch: Arch, config: BuildConfig): SizeAlign;
  /** recordLayout in both configurations (the checked one is the free one when nothing in the record depends on DBG). */
  recordLayouts(record: RecordDecl, arch: Arch): Record<BuildConfig, SizeAlign>;
  /** Layout of a type written by name (`MYSTRUCT`, `KEVENT`, `struct _FOO`), or null when the name is not a known type. */
  namedType(name: string, file: string, arch: Arch, config: BuildConfig): SizeAlign | null;
  /** Where the record a type names is defined in the workspace (through typedefs and pointers-to-nothing), or null. */
  definitionOf(t: TypeRef, file: string): TypeDefinitionSite | null;
  /** The frame estimate of a function definition; `findFunction` gives callee declarations (by-value arguments). */
  frame(fn: FunctionDecl, summary: FileSummary, arch: Arch, config: BuildConfig, findFunction?: (name: string) => FunctionDecl | undefined): FrameEstimate;
  /** The same estimate's figures only (no breakdown), and whether the other configuration shares them. */
  frameTotals(fn: FunctionDecl, summary: FileSummary, arch: Arch, config: BuildConfig, findFunction?: (name: string) => FunctionDecl | undefined): FrameTotals;
}

// Reads the IRQL-related SAL annotations (and their legacy `__drv_*` spellings) re-attached to a
// function's definition and declarations by the parser. See "IRQL annotations for drivers"
// (https://learn.microsoft.com/en-us/windows-hardware/drivers/devtest/irql-annotations-for-drivers)
// for what each one states.

import type { Annotation, FunctionDecl, Range } from '../model';
import { levelFromText } from './levels';

export interface AnnotationSource {
  text: string;
  file: string;
  range: Range;
}

export interface IrqlAnnotations {
  /** Entry IRQL bounds the annotations state (null = not stated). */
  min: number | null;
  max: number | null;
  sources: AnnotationSource[];
  /** `_IRQL_raises_(L)` / `__drv_raisesIRQL(L)` / `__drv_setsIRQL(L)`: the function returns at L. */
  raises: number | null;
  /** `_IRQL_saves_` / `__drv_savesIRQL` (on a parameter or global): it hands the caller an old IRQL. */
  saves: boolean;
  /** `_IRQL_restores_` / `__drv_restoresIRQL`: it sets the IRQL back from a parameter. */
  restores: boolean;
  requiresSame: boolean;
  /** `_Acquires_*lock_` / `_Releases_*lock_` (possibly under `_When_`): a lock wrapper. */
  acquiresLock: boolean;
  releasesLock: boolean;
  /** The function means to leave with a different IRQL or lock state (exempt from irql/not-restored). */
  changesStateOnPurpose: boolean;
  /** `_Function_class_(X)` / `__drv_functionClass(X)`. */
  functionClasses: string[];
  /** `_Dispatch_type_(IRP_MJ_X)` / `__drv_dispatchType(IRP_MJ_X)`. */
  dispatchTypes: string[];
}

function baseName(name: string): string {
  return name.replace(/^_+/, '').replace(/_+$/, '').toLowerCase();
}

function stripParens(s: string): string {
  let t = s.trim();
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t;
}

/** Annotation names nested in `_When_(cond, ann1 ann2)` arguments. */
function nestedNames(args: string): string[] {
  return [...args.matchAll(/\b(_[A-Za-z_]+_|__drv_[A-Za-z]+)\s*\(/g)].map((m) => m[1]);
}

/** What readIrqlAnnotations says of declarations without annotations (shared, read-only: nothing writes to a result). */
const NO_ANNOTATIONS: IrqlAnnotations = Object.freeze({
  min: null,
  max: null,
  sources: Object.freeze([]) as unknown as AnnotationSource[],
  raises: null,
  saves: false,
  restores: false,
  requiresSame: false,
  acquiresLock: false,
  releasesLock: false,
  changesStateOnPurpose: false,
  functionClasses: Object.freeze([]) as unknown as string[],
  dispatchTypes: Object.freeze([]) as unknown as string[],
});

export function readIrqlAnnotations(decls: readonly FunctionDecl[]): IrqlAnnotations {
  const out: IrqlAnnotations = {
    min: null,
    max: null,
    sources: [],
    raises: null,
    saves: false,
    restores: false,
    requiresSame: false,
    acquiresLock: false,
    releasesLock: false,
    changesStateOnPurpose: false,
    functionClasses: [],
    dispatchTypes: [],
  };
  // Sources are listed once per distinct annotation (the definition and its prototypes repeat them).
  const seen = new Set<string>();
  for (const d of decls) for (const a of d.annotations) apply(out, a, d.file, seen);
  if (out.min !== null && out.max !== null && out.min > out.max) {
    // Contradictory annotations (one declaration says PASSIVE, another DISPATCH): keep the wider.
    const lo = Math.min(out.min, out.max);
    out.max = Math.max(out.min, out.max);
    out.min = lo;
  }
  return saysNothing(out) ? NO_ANNOTATIONS : out;
}

/** Most functions carry no IRQL annotation at all (only `_In_`-style ones, or none). */
function saysNothing(a: IrqlAnnotations): boolean {
  return (
    a.min === null &&
    a.max === null &&
    a.sources.length === 0 &&
    a.raises === null &&
    !a.saves &&
    !a.restores &&
    !a.requiresSame &&
    !a.acquiresLock &&
    !a.releasesLock &&
    !a.changesStateOnPurpose &&
    a.functionClasses.length === 0 &&
    a.dispatchTypes.length === 0
  );
}

/** What an annotation says about IRQL, by its base name (see apply). */
type Kind = 'requires' | 'max' | 'min' | 'raises' | 'saves' | 'restores' | 'same' | 'class' | 'dispatch' | 'when' | LockRole;

const KIND_OF_BASE_NAME = new Map<string, Kind>([
  ['irql_requires', 'requires'],
  ['drv_requiresirql', 'requires'],
  ['irql_requires_max', 'max'],
  ['drv_maxirql', 'max'],
  ['irql_always_function_max', 'max'],
  ['drv_maxfunctionirql', 'max'],
  ['irql_requires_min', 'min'],
  ['drv_minirql', 'min'],
  ['irql_always_function_min', 'min'],
  ['drv_minfunctionirql', 'min'],
  ['irql_raises', 'raises'],
  ['drv_raisesirql', 'raises'],
  ['drv_setsirql', 'raises'],
  ['irql_saves', 'saves'],
  ['irql_saves_global', 'saves'],
  ['drv_savesirql', 'saves'],
  ['drv_savesirqlglobal', 'saves'],
  ['irql_restores', 'restores'],
  ['irql_restores_global', 'restores'],
  ['drv_restoresirql', 'restores'],
  ['drv_restoresirqlglobal', 'restores'],
  ['irql_requires_same', 'same'],
  ['drv_sameirql', 'same'],
  ['function_class', 'class'],
  ['drv_functionclass', 'class'],
  ['dispatch_type', 'dispatch'],
  ['drv_dispatchtype', 'dispatch'],
  ['when', 'when'],
  ['drv_when', 'when'],
]);

/** Kind per annotation name, worked out once per name (a small vocabulary, met on every declaration; most names are `_In_` and friends: null). */
const KINDS = new Map<string, Kind>();

function kindOf(name: string): Kind {
  let k = KINDS.get(name);
  if (k === undefined) {
    const n = baseName(name);
    k = KIND_OF_BASE_NAME.get(n) ?? lockRole(n);
    if (KINDS.size >= 10_000) KINDS.clear();
    KINDS.set(name, k);
  }
  return k;
}

function apply(out: IrqlAnnotations, a: Annotation, file: string, seen: Set<string>): void {
  const kind = kindOf(a.name);
  if (kind === null) return;
  const src = (): void => {
    // Two annotations with the same key behave the same, so keys are only needed here.
    const key = `${a.name}(${a.args})@${a.paramIndex ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.sources.push({ text: `${a.name}(${a.args})`, file, range: a.range });
  };
  const lvl = (): number | null => levelFromText(a.args);
  const tighten = (min: number | null, max: number | null): void => {
    if (min !== null) out.min = out.min === null ? min : Math.max(out.min, min);
    if (max !== null) out.max = out.max === null ? max : Math.min(out.max, max);
  };
  switch (kind) {
    case 'requires': {
      const l = lvl();
      if (l !== null) {
        tighten(l, l);
        src();
      }
      return;
    }
    case 'max': {
      const l = lvl();
      if (l !== null) {
        tighten(null, l);
        src();
      }
      return;
    }
    case 'min': {
      const l = lvl();
      if (l !== null) {
        tighten(l, null);
        src();
      }
      return;
    }
    case 'raises': {
      out.raises = lvl();
      out.changesStateOnPurpose = true;
      src();
      return;
    }
    case 'saves':
      out.saves = true;
      out.changesStateOnPurpose = true;
      return;
    case 'restores':
      out.restores = true;
      out.changesStateOnPurpose = true;
      return;
    case 'same':
      out.requiresSame = true;
      return;
    case 'class': {
      const c = stripParens(a.args);
      if (c && !out.functionClasses.includes(c)) out.functionClasses.push(c);
      return;
    }
    case 'dispatch': {
      const t = stripParens(a.args);
      if (t && !out.dispatchTypes.includes(t)) out.dispatchTypes.push(t);
      return;
    }
    case 'when':
      for (const inner of nestedNames(a.args)) {
        const b = baseName(inner);
        if (/^(irql_raises|drv_raisesirql|drv_setsirql|irql_saves|drv_savesirql|irql_restores|drv_restoresirql)/.test(b)) {
          out.changesStateOnPurpose = true;
        }
        if (/acquires_.*lock|drv_acquireslock|drv_acquiresresource/.test(b)) {
          out.acquiresLock = true;
          out.changesStateOnPurpose = true;
        }
        if (/releases_.*lock|drv_releaseslock|drv_releasesresource/.test(b)) {
          out.releasesLock = true;
          out.changesStateOnPurpose = true;
        }
      }
      return;
    case 'acquires':
      out.acquiresLock = true;
      out.changesStateOnPurpose = true;
      return;
    case 'releases':
      out.releasesLock = true;
      out.changesStateOnPurpose = true;
      return;
    case 'requires-held':
      // Works on the caller's lock: may drop and re-take it.
      out.changesStateOnPurpose = true;
      return;
  }
}

type LockRole = 'acquires' | 'releases' | 'requires-held' | null;

/** Lock-wrapper annotations (their names have many spellings: matched by pattern). */
function lockRole(n: string): LockRole {
  if (/^acquires_(exclusive_|shared_|nonreentrant_)?lock$|^drv_acquires(lock|resource|exclusiveresource|criticalregion|cancelspinlock)/.test(n)) return 'acquires';
  if (/^releases_(exclusive_|shared_|nonreentrant_)?lock$|^drv_releases(lock|resource|exclusiveresource|criticalregion|cancelspinlock)/.test(n)) return 'releases';
  if (/^requires_(exclusive_|shared_)?lock_held$|^drv_mustholdcriticalregion|^drv_mustholdcancelspinlock/.test(n)) return 'requires-held';
  return null;
}

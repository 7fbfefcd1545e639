// Public API of type layout: per-target data model, the WDK type table, constant expressions,
// the workspace type index and the MSVC record layout engine.

export { ABI, abiFor, canonicalScalar, scalarLayout, type AbiInfo, type ScalarLayout } from './abi';
export { lookupWdkType, wdkTypeEntries, wdkTypeTable, type WdkTypeEntry, type WdkTypeKind, type SizeAlign } from './wdkTypes';
export {
  evalConstExpr,
  evalConstExprDetailed,
  tokenize,
  BUILTIN_CONSTANTS,
  type ConstEvalContext,
  type ConstEvalResult,
  type MacroDef,
  type FieldInfo,
  type TypeSizeInfo,
} from './constExpr';
export { TypeIndex, condMatches, type TypeIndexOptions, type EnumConstantRef } from './typeIndex';
export {
  LayoutEngine,
  layoutEngineFor,
  layoutType,
  parseTypeText,
  type FieldLayout,
  type TypeLayout,
  type TypeOrName,
  type ScopeLookup,
} from './recordLayout';
export { recordTypeReports } from './typeReports';

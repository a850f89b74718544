/**
 * Types of the condition engine: the public shapes (attributes, saved groups,
 * compiled condition) and the internal ones every operator family compiles to.
 */

/** The attributes a condition is evaluated against: attribute name -> value (nested objects allowed). */
export type Attributes = { readonly [name: string]: unknown };

/** Saved groups for `$inGroup` / `$notInGroup`: group id -> member ids. */
export type SavedGroups = { readonly [groupId: string]: readonly (string | number)[] };

/** A precompiled condition. Never throws; returns false when the attributes cannot be evaluated. */
export type ConditionFn = (attributes: Attributes) => boolean;

/**
 * A compiled test of one value: an attribute's value for field operators, the
 * whole attributes object for condition-level tests. Internal; may throw on
 * hostile values, which the public wrapper turns into `false`.
 */
export type ValueTest = (value: unknown) => boolean;

/** What operator compilers get to compile their nested parts with. */
export interface Compiler {
  /** Saved groups bound at compile time. */
  readonly _savedGroups: SavedGroups;
  /**
   * Compiles a condition value (a literal or an operator object) that tests one value.
   * `caseInsensitive` only affects string literals (used by `$alli`).
   */
  _compileValue(condition: unknown, caseInsensitive?: boolean): ValueTest;
  /**
   * Compiles a condition object (paths and logical operators) that tests an object. Throws for anything that is
   * no object, so that compileCondition makes the whole condition false.
   */
  _compileObject(condition: unknown): ValueTest;
}

/** Compiles the operand of one field operator (`$gt`, `$in`, …) into a test of the attribute value. */
export type OperatorCompiler = (operand: unknown, compiler: Compiler) => ValueTest;

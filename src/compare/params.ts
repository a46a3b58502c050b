/**
 * What a comparison's workflow is created with (CompareWorkflow's params). Defined by the domain
 * that starts it, read by the workflow that runs it. Instance params are kept and shown by the
 * platform: options as readers see them, header values only sealed.
 */
import type { CompareOptions } from "../shapes/options";

/** Which suite item a comparison reports its end to: run id × SUITE_ITEM_STRIDE + position. */
export interface SuiteRef {
  itemId: number;
}

export interface CompareParams {
  comparisonId: string;
  pairKey: string;
  leftUrl: string;
  rightUrl: string;
  /**
   * The comparison's createdAt (ISO 8601), so its end is recorded without reading it back. Absent in
   * comparisons started before it was passed: their end reads it from the object.
   */
  createdAt?: string;
  /** As readers see them: credentials "[redacted]". Params are kept and shown by the platform. */
  options: CompareOptions;
  /**
   * Every header value, sealed by the start service; opened only inside a probe step (openRequestHeaders).
   * Absent in comparisons started before headers were sealed, whose options still carry them.
   */
  sealedHeaders?: string | null;
  /** The pair's saved settings' header values, sealed: sent under the comparison's own headers. */
  settingsSealedHeaders?: string | null;
  /** Set when a suite started it: the suite item its end is recorded on (src/suites/item-end.ts). */
  suite?: SuiteRef;
}

export interface CompareWorkflowCreate {
  id: string;
  params: CompareParams;
}

/** Workflow instance ids allow 100 characters; the comparisonId's uuid half is unique and fits. */
export function workflowInstanceId(comparisonId: string): string {
  return comparisonId.slice(comparisonId.indexOf(":") + 1);
}

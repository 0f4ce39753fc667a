/** SQS limits (SQS developer guide, quotas): one home for the plan's queue rules. */

/** Longest visibility timeout: 12 hours. */
export const visibilityTimeoutSecondsMax = 43_200;

/** Most receives before a redrive to the dead-letter queue. */
export const maxReceiveCountMax = 1_000;

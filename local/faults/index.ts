export type { FaultControls, FaultCounts, FaultPlan } from './fault-plan.ts';

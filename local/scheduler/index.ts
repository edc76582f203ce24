export { LocalScheduler, type FiredSchedule, type LocalSchedulerOptions } from './scheduler';
export { parseScheduleExpression, type ScheduleExpression } from './expressions';

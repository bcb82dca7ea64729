/** Public surface of the calculator module: the public trial calculator (还款试算). */
export { calculatorRoutes, calculatorBody, calculatorResponse } from './calculator.routes.js';
export { calculateSchedule, scheduleView, toScheduleInput } from './calculator.js';
export type { CalculatorRequest, CalculatorResult, InstallmentView } from './calculator.js';

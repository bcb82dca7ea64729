/** Public surface of the calculator module: the public trial calculator (还款试算). */
export { calculatorRoutes } from './calculator.routes.js';

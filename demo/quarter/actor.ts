/**
 * One part of the bank's life in the quarter (lending, marketing, risk, management…). Each day the build
 * calls every actor's `day` in order with the clock at 08:30 of the day being lived; an actor sets the time
 * of each thing it does (sim.at, sim.wait) and acts only through the routes (sim.as(username), the customers'
 * mobile page). Behaviour comes from the actor's parameters and its random stream (sim.rng(label)); no actor
 * writes a figure: every number a report shows is computed from what the routes recorded.
 */
import type { DemoDay } from './calendar.js';
import type { Sim } from './sim.js';

export interface DemoActor {
  /** Its name in the build's progress and errors. */
  name: string;
  /** Once, after the opening book is in and before the first day (the actor's own set-up through the routes). */
  setUp?(sim: Sim): Promise<void>;
  /** The day's business. End-of-day runs after the last actor. */
  day(sim: Sim, day: DemoDay): Promise<void>;
}

/** The actor lives in the module's contract (pure, importable by every module); kept here for the module's own files. */
export { actorRef, SYSTEM_ACTOR_REF, type Actor, type ActorRef } from './access.contract.js';

/** The portfolio dashboards (executive, branch head, officer): waiting for the reports and performance routes. */
import { Overview } from '../Overview';

export const ExecutiveDashboard = () => <Overview />;
export const BranchHeadDashboard = () => <Overview />;
export const OfficerDashboard = () => <Overview />;

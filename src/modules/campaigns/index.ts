/**
 * Campaigns (营销活动, issue 14 §3): the public surface. SMS and channel campaigns with a code, tracking
 * link and QR code; the attribution of applications (the composition root's listener); SMS sends to a
 * segment with opt-outs, quiet hours and throttling; visits; the figures per campaign
 * (docs/marketing.md "Campaigns").
 */
export { campaignRoutes } from './campaigns.routes.js';
// the composition root's listener: every application's campaign (its code, or a campaign SMS within the window)
export { attributeApplication } from './campaigns.service.js';
// the work report: the campaigns of a period with their SMS and visits
export { campaignsBetween, type CampaignPeriodRow } from './period-figures.js';

/** Belgium's 2021 vaccination priority groups, in the order they were called. */
export const PRIORITY_GROUPS = ['care-home', 'hospital-staff', 'primary-care', '65plus', 'risk-18-64', 'essential', 'everyone'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];

export const MOU_STATUSES = ['draft', 'awaiting-signatures', 'signed', 'active', 'expired', 'terminated'];
export const COLLABORATION_LEVELS = ['data-sharing', 'operational', 'strategic'];

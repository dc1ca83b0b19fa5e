import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'staff', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who may do what, in one place: writers change things, auditors also read history, viewers only read. */
export const CAN_WRITE: readonly Role[] = ['admin', 'staff'];
export const CAN_READ: readonly Role[] = ['admin', 'staff', 'auditor', 'viewer'];
export const CAN_AUDIT: readonly Role[] = ['admin', 'staff', 'auditor'];
/** The audit query across every service (who changed what, anywhere): auditors and admins only. */
export const CAN_QUERY_AUDIT: readonly Role[] = ['admin', 'auditor'];

export const ROLES_KEY = 'pmt:roles';
export const PUBLIC_KEY = 'pmt:public';

/** The caller needs at least one of these roles. */
export const Roles = (...roles: readonly Role[]) => SetMetadata(ROLES_KEY, roles);

/** Calendar apps subscribe by URL and cannot send headers: this route also takes the token as `?access_token=` (RFC 6750 §2.3). */
export const QUERY_TOKEN_KEY = 'pmt:query-token';
export const AcceptsQueryToken = () => SetMetadata(QUERY_TOKEN_KEY, true);

/** No token needed (health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

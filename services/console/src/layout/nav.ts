// The main navigation, in order. A page added later adds one line here and one route in routes.tsx.
export interface NavItem {
  to: string;
  /** i18n key */
  label: string;
  /** roles that see the link; everyone signed in when absent */
  roles?: string[];
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'nav.dashboard' },
  { to: '/organisations', label: 'nav.organisations' },
  { to: '/mous', label: 'nav.mous' },
  { to: '/proposals', label: 'nav.proposals' },
  { to: '/grants', label: 'grant.listTitle' },
  { to: '/activities', label: 'nav.activities' },
  { to: '/notifications', label: 'nav.notifications' },
  { to: '/portfolio', label: 'nav.portfolio' },
  { to: '/audit', label: 'nav.audit', roles: ['auditor', 'admin'] },
];

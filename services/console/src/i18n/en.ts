// English strings. Every key here has a Thai twin in th.ts (the i18n spec checks that the two sets match).
export const en = {
  app: { name: 'Partnership Tracker', skip: 'Skip to content', loading: 'Loading…', language: 'Language', menu: 'Menu' },
  nav: {
    main: 'Main navigation',
    dashboard: 'Dashboard',
    organisations: 'Organisations',
    mous: 'MOUs',
    proposals: 'Proposals',
    activities: 'Activities',
    notifications: 'Notifications',
    portfolio: 'Portfolio',
    audit: 'Audit',
  },
  session: {
    title: 'Sign in',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    oidc: 'Sign in with your organisation',
    or: 'or',
    failed: 'The email or password is not right.',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{name}}',
  },
  errors: {
    title: 'Something went wrong',
    conflict: 'This record’s current state does not allow that: {{detail}}',
    stale: 'Someone changed this record after you opened it, so nothing was saved. Reload to see the latest version, then try again.',
    reload: 'Reload',
    notFound: 'Not found, or you may not see it.',
    forbidden: 'Your role does not allow this.',
    invalid: 'Some fields need attention.',
    network: 'The server did not answer. Check the connection and try again.',
    pageNotFound: 'There is no page at this address.',
    goHome: 'Go to the dashboard',
  },
  form: { reason: 'Why (optional)', reasonHint: 'Recorded with the change, shown in the history', save: 'Save', cancel: 'Cancel', required: 'Required' },
  common: { none: 'None', more: 'Load more', search: 'Search', filter: 'Filter', all: 'All', open: 'Open', version: 'Version {{version}}' },
  dashboard: { title: 'Dashboard' },
};

export type Messages = typeof en;

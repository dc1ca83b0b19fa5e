import { createTheme } from '@mantine/core';

// Thai script needs a font that has it; system fonts first so nothing extra is downloaded.
export const theme = createTheme({
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans Thai", "Noto Sans", Tahoma, sans-serif',
  primaryColor: 'indigo',
  // The default shade 6 of indigo on white passes WCAG AA for text; keep focus rings visible for keyboard users.
  focusRing: 'auto',
});

import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Thai script needs a font that has it; system fonts first so nothing extra is downloaded.
// Shade 7 (not Mantine's default 6) for the primary colour, so white text on buttons meets WCAG AA contrast (4.5:1).
export const theme = createTheme({
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans Thai", "Noto Sans", Tahoma, sans-serif',
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 5 },
  focusRing: 'auto',
});

/** Dimmed text (gray 6 by default, 3.3:1 on white) is gray 7 here (8:1), and error text red 9 (5.5:1), for the same reason. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] },
  dark: {},
});

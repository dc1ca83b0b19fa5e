// The notifications inbox in a real browser: notifications reach the IASA team's in-app inbox through the product
// (an admin's test message, `POST /notifications`, sent now so it is in the inbox at once), then a staff member of
// that team acknowledges one, then all the rest, and sees them read with who acknowledged them.
import { expect, test } from '@playwright/test';
import { api, expectAccessible, signIn, STAFF } from './support';

test('a team’s inbox: acknowledge one, then all, and they show as read', async ({ page }) => {
  const stamp = Date.now();
  const subjects = [`Board meeting moved ${stamp}`, `KPI report due ${stamp}`, `Partner visit ${stamp}`];
  for (const subject of subjects) {
    await api('POST', '/notifications', { channel: 'in-app', recipient: 'IASA', subject, body: 'Please read.', topic: 'test' });
  }

  await signIn(page, STAFF);
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  for (const subject of subjects) await expect(page.getByText(subject)).toBeVisible();
  await expectAccessible(page);

  // Acknowledge one: it leaves the unread list, the others stay
  await page.getByRole('button', { name: `Acknowledge: ${subjects[0]}` }).click();
  await expect(page.getByText(subjects[0])).toBeHidden();
  await expect(page.getByText(subjects[1])).toBeVisible();

  // Acknowledge all: nothing unread is left
  await page.getByRole('button', { name: /^Acknowledge all \(\d+\)$/ }).click();
  await expect(page.getByText('Acknowledge all (0)')).toBeVisible();
  for (const subject of subjects) await expect(page.getByText(subject)).toBeHidden();

  // All of them show as read, each acknowledged by the staff member
  await page.getByText('All', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'All' })).toBeChecked();
  for (const subject of subjects) {
    const item = page.getByRole('listitem').filter({ hasText: subject });
    await expect(item).toContainText(/acknowledged by \S+/);
    await expect(item.getByRole('button', { name: /^Acknowledge/ })).toHaveCount(0);
  }
  await expectAccessible(page);
});

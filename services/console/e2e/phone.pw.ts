// The console on a phone-sized screen (390x844): the navigation is behind the burger, and the MOU list and an MOU page
// work and pass axe there. The MOU is arranged through the API; the console under test only shows it.
import { expect, test } from '@playwright/test';
import { api, expectAccessible, organisation, screenshot, signIn, STAFF } from './support';

test.use({ viewport: { width: 390, height: 844 } });

test('on a phone: sign in, open the menu, reach the MOU list and an MOU page, without serious accessibility problems', async ({ page }) => {
  const title = `Phone-sized MOU ${Date.now()}`;
  const a = await organisation('สำนักงานนวัตกรรมภาคเหนือ', 'Northern Innovation Office');
  const b = await organisation('มหาวิทยาลัยแม่โจ้', 'Maejo University', 'academic');
  await api('POST', '/mous', {
    title,
    cooperationAreas: ['Smart farming'],
    collaborationLevel: 'strategic',
    effectiveFrom: '2026-01-01',
    termMonths: 24,
    leadTeam: 'IASA',
    parties: [
      { organisationId: a, signatoryName: 'Director', signatoryTitle: 'ผู้อำนวยการ' },
      { organisationId: b, signatoryName: 'President', signatoryTitle: 'อธิการบดี' },
    ],
    kpis: [{ name: 'Farms using sensors', target: 30 }],
  });

  await signIn(page, STAFF);
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toBeVisible();
  // Closed, the navigation's links are off-screen; the burger brings them in
  await expect(page.getByRole('link', { name: 'MOUs' })).not.toBeInViewport();
  await menu.click();
  await expect(page.getByRole('link', { name: 'MOUs' })).toBeInViewport();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'MOUs' }).click();
  await expect(page.getByRole('heading', { name: 'MOUs', level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'phone-mous');

  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText('Farms using sensors')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'phone-mou');
});

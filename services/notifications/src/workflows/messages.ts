import { daysBetween } from './dates';

/** What a notification says: one-line subject (Thai first, as the office reads it), body in Thai then English. */
export interface Message {
  subject: string;
  body: string;
}

const SUBJECT_MAX = 500;

/** One line, within the notification's limit, whatever a title holds. */
function subjectLine(s: string): string {
  const line = s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length <= SUBJECT_MAX ? line : `${line.slice(0, SUBJECT_MAX - 1)}…`;
}

const message = (subject: string, thai: string[], english: string[]): Message => ({
  subject: subjectLine(subject),
  body: [...thai, '', ...english].join('\n'),
});

export function mouActivatedMessage(m: { title: string; activatedOn: string | null; endsOn: string | null }): Message {
  const from = m.activatedOn ?? '-';
  const until = m.endsOn ?? '-';
  return message(
    `MOU มีผลบังคับใช้แล้ว: ${m.title}`,
    [`บันทึกข้อตกลงความร่วมมือ "${m.title}" มีผลบังคับใช้ตั้งแต่วันที่ ${from} ถึงวันที่ ${until}`, 'ทีมผู้รับผิดชอบจะนัดประชุมเริ่มต้นโครงการ (kickoff) กับทุกฝ่าย'],
    [`The MOU "${m.title}" is in force from ${from} until ${until}.`, 'The lead team will arrange a kickoff meeting with every party.'],
  );
}

export function renewalMessage(m: { title: string; endsOn: string }, today: string): Message {
  const left = daysBetween(today, m.endsOn);
  const when = left > 0 ? `อีก ${left} วัน` : left === 0 ? 'วันนี้' : `เมื่อ ${-left} วันที่แล้ว`;
  const whenEn = left > 0 ? `in ${left} day${left === 1 ? '' : 's'}` : left === 0 ? 'today' : `${-left} day${left === -1 ? '' : 's'} ago`;
  return message(
    `MOU ใกล้สิ้นสุด (${m.endsOn}): ${m.title}`,
    [`บันทึกข้อตกลงความร่วมมือ "${m.title}" สิ้นสุดวันที่ ${m.endsOn} (${when})`, 'โปรดทบทวนว่าจะต่ออายุหรือไม่'],
    [`The MOU "${m.title}" ends on ${m.endsOn} (${whenEn}).`, 'Please review whether to renew it.'],
  );
}

export function deadlineMessage(p: { title: string; submissionDeadline: string }, today: string): Message {
  const left = daysBetween(today, p.submissionDeadline);
  const when = left > 0 ? `อีก ${left} วัน` : left === 0 ? 'วันนี้' : 'เลยกำหนดแล้ว';
  const whenEn = left > 0 ? `in ${left} day${left === 1 ? '' : 's'}` : left === 0 ? 'today' : 'already passed';
  return message(
    `ใกล้ถึงกำหนดส่งข้อเสนอโครงการ (${p.submissionDeadline}): ${p.title}`,
    [`ข้อเสนอโครงการ "${p.title}" ยังไม่ได้ส่ง กำหนดส่งคือวันที่ ${p.submissionDeadline} (${when})`],
    [`The proposal "${p.title}" has not been submitted; its deadline is ${p.submissionDeadline} (${whenEn}).`],
  );
}

export function kpiMessage(k: { kpiName: string; mouTitle: string; dueOn: string }): Message {
  return message(
    `ถึงกำหนดรายงานตัวชี้วัด (${k.dueOn}): ${k.kpiName} - ${k.mouTitle}`,
    [`โปรดรายงานความก้าวหน้าของตัวชี้วัด "${k.kpiName}" ภายใต้บันทึกข้อตกลง "${k.mouTitle}" ภายในวันที่ ${k.dueOn}`],
    [`Please report the progress of the KPI "${k.kpiName}" of the MOU "${k.mouTitle}" by ${k.dueOn}.`],
  );
}

export function approvedMessage(g: { title: string; grantId: string; awarded: string }): Message {
  return message(
    `ข้อเสนอโครงการได้รับอนุมัติ: ${g.title}`,
    [`ข้อเสนอโครงการ "${g.title}" ได้รับอนุมัติ วงเงิน ${g.awarded}`, `เปิดทุนแล้ว รหัสทุน ${g.grantId}`],
    [`The proposal "${g.title}" was approved: ${g.awarded} awarded.`, `Its grant is open: ${g.grantId}.`],
  );
}

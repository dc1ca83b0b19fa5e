import { Controller } from '@nestjs/common';
import { API_PREFIX } from '../common/schemas';

/** Placeholder: filled by the slice that builds it. */
@Controller(`${API_PREFIX}/`)
export class CalendarController {}

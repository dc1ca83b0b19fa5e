import { systemClock } from '@pmt/kernel';
import { runService } from '@pmt/service-kit';
import { notificationsService } from './notifications.service';

void runService({ ...notificationsService, clock: systemClock });

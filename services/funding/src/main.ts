import { systemClock } from '@pmt/kernel';
import { runService } from '@pmt/service-kit';
import { fundingService } from './funding.service';

void runService({ ...fundingService, clock: systemClock });

import { Module, type DynamicModule } from '@nestjs/common';
import { COOKIE_AUTHENTICATOR } from '@pmt/http';
import type { Clock } from '@pmt/kernel';
import { SessionController } from './session.controller';
import { SESSION_CLOCK, SessionService } from './session.service';

/** Local accounts and cookie sessions; exports the cookie authenticator the global JWT guard falls back on. */
@Module({})
export class SessionModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: SessionModule,
      controllers: [SessionController],
      providers: [SessionService, { provide: SESSION_CLOCK, useValue: clock }, { provide: COOKIE_AUTHENTICATOR, useExisting: SessionService }],
      exports: [SessionService, COOKIE_AUTHENTICATOR],
    };
  }
}
